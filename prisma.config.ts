import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI (generate). Migrations run through scripts/migrate.ts, which drives
// Prisma's WASM schema engine, so no native engine binary is ever downloaded.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/unused' },
});
