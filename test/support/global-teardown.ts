import { dropAppRole, dropDatabase, type AppRole, type TestServer } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __testServer?: TestServer }).__testServer;
  const name = process.env.E2E_DATABASE_NAME;
  if (server && name) {
    await dropDatabase(server.adminUrl, name);
    const role = JSON.parse(process.env.E2E_APP_ROLE ?? 'null') as AppRole | null;
    if (role) await dropAppRole(server.adminUrl, role.name);
    await server.stop();
  }
}
