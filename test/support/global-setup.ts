import { applyMigrations } from '@app/database/schema-engine';
import { createDatabase, startTestServer, uniqueDatabaseName } from './test-database';

/** One database for the whole e2e run, migrated once; suites isolate themselves by company. */
export default async function globalSetup(): Promise<void> {
  const server = await startTestServer();
  const name = uniqueDatabaseName('inventory_e2e');
  await createDatabase(server.adminUrl, name);
  await applyMigrations(server.urlFor(name));
  process.env.E2E_DATABASE_URL = server.urlFor(name);
  process.env.E2E_ADMIN_URL = server.adminUrl;
  process.env.E2E_DATABASE_NAME = name;
  (globalThis as { __testServer?: unknown }).__testServer = server;
  console.log(`\ne2e database ${name} on ${server.kind}`);
}
