import { applyMigrations } from '@app/tooling/schema-engine';
import { createAppRole, createDatabase, startTestServer, uniqueDatabaseName, urlWith } from './test-database';

/**
 * One database for the whole e2e run, owned by a per-run role that is not superuser (so row-level
 * security applies to the API as it does in production), migrated once as that owner. Suites isolate
 * themselves by company.
 *   E2E_DATABASE_URL        the run's database, as the app role (what the API serves with)
 *   E2E_ADMIN_DATABASE_URL  the same database as the superuser (fixtures and assertions; bypasses RLS)
 *   E2E_ADMIN_URL           the superuser on the maintenance database (creating databases)
 */
export default async function globalSetup(): Promise<void> {
  const server = await startTestServer();
  const role = await createAppRole(server.adminUrl);
  const name = uniqueDatabaseName('inventory_e2e');
  await createDatabase(server.adminUrl, name, role.name);
  const appUrl = urlWith(server.urlFor(name), name, role);
  await applyMigrations(appUrl);
  process.env.E2E_DATABASE_URL = appUrl;
  process.env.E2E_ADMIN_DATABASE_URL = server.urlFor(name);
  process.env.E2E_ADMIN_URL = server.adminUrl;
  process.env.E2E_DATABASE_NAME = name;
  process.env.E2E_APP_ROLE = JSON.stringify(role);
  (globalThis as { __testServer?: unknown }).__testServer = server;
  console.log(`\ne2e database ${name} on ${server.kind}, served as role ${role.name}`);
}
