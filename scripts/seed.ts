import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../src/generated/prisma/client';
import { loadConfig, withDevelopmentSecrets } from '../src/config/app-config';
import { applyMigrations } from '../src/tooling/schema-engine';
import { resolveDatabase } from '../src/database/resolve-database';
import { DEMO, seedDemoData } from '../src/tooling/seed';

/** `npm run db:seed`: loads the demo company (idempotent). Uses DATABASE_URL or the embedded server. */
async function main(): Promise<void> {
  const config = loadConfig(withDevelopmentSecrets(process.env));
  const database = await resolveDatabase(config);
  try {
    await applyMigrations(database.url);
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    const result = await seedDemoData(prisma, config.bcryptCost).finally(() => prisma.$disconnect());
    console.log(
      result.created
        ? `Demo company created. Login: ${DEMO.adminEmail} / ${DEMO.adminPassword}`
        : 'Demo company already present; nothing changed.',
    );
  } finally {
    await database.release();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
