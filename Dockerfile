# Production image: compiled API, migrations applied at start (MIGRATE_ON_START) or by `npm run db:migrate`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx nest build && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY package.json ./
USER node
EXPOSE 3000
# Bounded heap: keeps RSS near 200 MB under load (see docs/benchmarks.md).
ENV NODE_OPTIONS="--max-semi-space-size=4 --max-old-space-size=192"
CMD ["node", "dist/src/main.js"]
