import 'reflect-metadata';
import { PrismaPg } from '@prisma/adapter-pg';
import { ConfigError, loadConfig, withDevelopmentSecrets, type AppConfig } from './config/app-config';
import { PrismaClient } from './generated/prisma/client';
import { resolveDatabase, type ResolvedDatabase } from './database/resolve-database';
import { EmbeddedPostgresError } from './tooling/embedded';
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
async function shutdown(reason: string | undefined, code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    if (reason) console.log(`\n${reason}, shutting down...`);
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

/** Where a database URL points, without its credentials. */
function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/** Runs one start-up step; its failure says which step failed and what to do about it. */
async function step<T>(what: string, todo: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof EmbeddedPostgresError) throw err; // already says both
    throw new Error(`${what} (${err instanceof Error ? err.message : String(err)}). ${todo}.`, { cause: err });
  }
}

async function bootstrap(): Promise<void> {
  const base = readConfig();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(`${signal} received`, 0));

  if (!base.databaseUrl) console.log(`No DATABASE_URL: starting embedded PostgreSQL (data in ${base.dataDir}/pg)...`);
  const db = await resolveDatabase(base);
  database = db;
  const config: AppConfig = { ...base, databaseUrl: db.url, databaseMigrationUrl: db.migrationUrl };

  // Migrations and the demo seed run as the owner (DATABASE_MIGRATION_URL); the API serves as DATABASE_URL.
  const where = describeDatabase(db.migrationUrl);
  const checkDatabase = base.databaseUrl
    ? 'Check DATABASE_URL and DATABASE_MIGRATION_URL (server running, database created, user and password right), or unset them to use embedded PostgreSQL'
    : `Check embedded PostgreSQL's data in ${base.dataDir}/pg, or set DATABASE_URL to use a PostgreSQL server of your own`;
  if (config.migrateOnStart) {
    const applied = await step(`Could not migrate the database at ${where}`, checkDatabase, () => applyMigrations(db.migrationUrl));
    console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.');
  }
  const seeded = config.seedDemoData
    ? await step(`Could not seed the demo data into ${where}`, checkDatabase, () => seedIfFirstRun(db.migrationUrl, config))
    : false;

  const created = await createApp(config);
  app = created;
  await step(`Could not listen on ${config.host}:${config.port}`, 'Set PORT (and HOST) to a free address, or stop what uses it', () =>
    created.listen({ port: config.port, host: config.host }),
  );
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

// A start-up failure ends with exactly one line saying what failed (and, where known, what to do).
bootstrap().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`Start-up failed: ${message.replace(/\s*\n\s*/g, ' ').trim()}`);
  void shutdown(undefined, 1);
});
