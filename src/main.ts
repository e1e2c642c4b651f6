import 'reflect-metadata';
import { PrismaPg } from '@prisma/adapter-pg';
import { ConfigError, loadConfig, withDevelopmentSecrets, type AppConfig } from './config/app-config';
import { PrismaClient } from './generated/prisma/client';
import { resolveDatabase, type ResolvedDatabase } from './database/resolve-database';
import { applyMigrations } from './tooling/schema-engine';
import { DEMO, seedDemoData } from './tooling/seed';
import { createApp } from './app.factory';

function readConfig(): AppConfig {
  try {
    return loadConfig(withDevelopmentSecrets(process.env));
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

async function seedIfFirstRun(url: string, config: AppConfig): Promise<boolean> {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    if ((await prisma.company.count()) > 0) return false;
    return (await seedDemoData(prisma, config.bcryptCost)).created;
  } finally {
    await prisma.$disconnect();
  }
}

let database: ResolvedDatabase | undefined;
let app: Awaited<ReturnType<typeof createApp>> | undefined;
let shuttingDown = false;

/** Stops accepting requests, lets in-flight ones finish, closes the pool, then stops embedded PostgreSQL. */
async function shutdown(reason: string, code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    console.log(`\n${reason}, shutting down...`);
    try {
      await app?.close();
    } catch (err) {
      console.error('Error while closing the API:', err);
    }
    try {
      await database?.release();
    } catch (err) {
      console.error('Error while stopping embedded PostgreSQL:', err);
    }
  }
  process.exit(code);
}

async function bootstrap(): Promise<void> {
  const base = readConfig();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(`${signal} received`, 0));

  if (!base.databaseUrl) console.log(`No DATABASE_URL: starting embedded PostgreSQL (data in ${base.dataDir}/pg)...`);
  database = await resolveDatabase(base);
  const config: AppConfig = { ...base, databaseUrl: database.url, databaseMigrationUrl: database.migrationUrl };

  // Migrations and the demo seed run as the owner (DATABASE_MIGRATION_URL); the API serves as DATABASE_URL.
  if (config.migrateOnStart) {
    const applied = await applyMigrations(database.migrationUrl);
    console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.');
  }
  const seeded = config.seedDemoData ? await seedIfFirstRun(database.migrationUrl, config) : false;

  app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shown}:${config.port}`;
  console.log(`\nWarehouse Inventory API listening on ${url}`);
  console.log(`  API:      ${url}/api/v1`);
  if (config.swaggerEnabled) console.log(`  Swagger:  ${url}/docs   (OpenAPI: ${url}/docs-json)`);
  console.log(`  Health:   ${url}/health/ready`);
  if (config.seedDemoData) {
    console.log(`  Demo login: ${DEMO.adminEmail} / ${DEMO.adminPassword}${seeded ? '  (demo company created)' : ''}`);
  }
}

bootstrap().catch((err: unknown) => {
  console.error('Start-up failed:', err instanceof Error ? err.message : err);
  void shutdown('Start-up failed', 1);
});
