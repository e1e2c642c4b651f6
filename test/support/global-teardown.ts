import { dropDatabase, type TestServer } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __testServer?: TestServer }).__testServer;
  const name = process.env.E2E_DATABASE_NAME;
  if (server && name) {
    await dropDatabase(server.adminUrl, name);
    await server.stop();
  }
}
