import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { freePort, startEmbeddedPostgres, type EmbeddedServer } from '@app/database/embedded';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

/**
 * A PostgreSQL server for a test run: TEST_DATABASE_URL if set, else the local server on
 * 127.0.0.1:5432 when it answers, else embedded PostgreSQL in a temporary directory
 * (TEST_DATABASE=embedded forces the embedded one).
 */
export interface TestServer {
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
  kind: string;
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function startTestServer(): Promise<TestServer> {
  const configured = process.env.TEST_DATABASE_URL;
  if (configured) {
    return { adminUrl: configured, urlFor: (db) => withDatabase(configured, db), stop: async () => undefined, kind: 'TEST_DATABASE_URL' };
  }
  const local = 'postgresql://postgres@127.0.0.1:5432/postgres';
  // TEST_DATABASE=embedded forces the path a machine without PostgreSQL takes.
  if (process.env.TEST_DATABASE !== 'embedded' && (await reachable(local))) {
    return {
      adminUrl: local,
      urlFor: (db) => withDatabase(local, db),
      stop: async () => undefined,
      kind: 'local PostgreSQL on 127.0.0.1:5432',
    };
  }
  const dataDir = join(tmpdir(), `inventory-test-pg-${randomBytes(4).toString('hex')}`);
  const server: EmbeddedServer = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    persistent: false,
  });
  return { adminUrl: server.url('postgres'), urlFor: (db) => server.url(db), stop: () => server.stop(), kind: 'embedded PostgreSQL' };
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export async function createDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
