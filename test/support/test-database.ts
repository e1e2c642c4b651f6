import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { freePort, startEmbeddedPostgres, type EmbeddedServer } from '@app/tooling/embedded';
import { applyMigrations } from '@app/tooling/schema-engine';
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

export async function createDatabase(adminUrl: string, name: string, owner?: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"${owner ? ` OWNER "${owner}"` : ''}`);
  } finally {
    await client.end();
  }
}

/**
 * The role the API serves with in the e2e run, as an operator would run it: it owns the database and
 * its schema (so it runs the migrations) but is neither superuser nor BYPASSRLS, so row-level security
 * really applies to it. One per run; the superuser (E2E_ADMIN_URL) is kept for fixtures and assertions.
 */
export interface AppRole {
  name: string;
  password: string;
}

export async function createAppRole(adminUrl: string): Promise<AppRole> {
  const role = { name: `inventory_e2e_${randomBytes(4).toString('hex')}`, password: randomBytes(12).toString('hex') };
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE ROLE "${role.name}" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '${role.password}'`);
  } finally {
    await client.end();
  }
  return role;
}

/** Drops every database the role still owns, then the role. */
export async function dropAppRole(adminUrl: string, role: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles WHERE rolname = $1)',
      [role],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await client.query(`DROP ROLE IF EXISTS "${role}"`);
  } finally {
    await client.end();
  }
}

/** `url` with another database and, optionally, another user. */
export function urlWith(url: string, database: string, role?: AppRole): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (role) {
    u.username = role.name;
    u.password = role.password;
  }
  return u.toString();
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

/**
 * Runs `fn` against a database of its own, built by the migrations and owned by `owner` (the run's app
 * role), then drops it. For a statement that needs a table's strongest lock to show what a test checks
 * (TRUNCATE of an append-only table): on the shared database it waits behind every suite's open
 * transaction on that table — on a loaded machine an import writing thousands of audit rows held one
 * for over 45 s, longer than queryWhenLockFree waits.
 */
export async function withOwnDatabase<T>(
  adminUrl: string,
  owner: AppRole,
  prefix: string,
  fn: (urls: { admin: string; owner: string }) => Promise<T>,
): Promise<T> {
  const name = uniqueDatabaseName(prefix);
  await createDatabase(adminUrl, name, owner.name);
  try {
    await applyMigrations(urlWith(adminUrl, name, owner));
    return await fn({ admin: urlWith(adminUrl, name), owner: urlWith(adminUrl, name, owner) });
  } finally {
    await dropDatabase(adminUrl, name);
  }
}

const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Runs a statement that needs a strong table lock (TRUNCATE, CREATE or DROP TRIGGER) on the database
 * the suites share. A strong lock that waits queues every later writer of that table behind it, so
 * one transaction held open by another suite (which may itself be waiting on one of those writers,
 * a deadlock PostgreSQL cannot see) would stall every suite. Each try waits at most 200 ms for the
 * lock and then gives way; the statement is retried until it gets the lock (or `deadlineMs` passes).
 * Any other error, such as the one a test expects, is thrown at once.
 */
export async function queryWhenLockFree(client: Client, sql: string, deadlineMs = 45_000): Promise<void> {
  await client.query("SET lock_timeout = '200ms'");
  const giveUpAt = Date.now() + deadlineMs;
  try {
    for (;;) {
      try {
        await client.query(sql);
        return;
      } catch (error) {
        const lockBusy = (error as { code?: string }).code === LOCK_NOT_AVAILABLE;
        if (!lockBusy || Date.now() > giveUpAt) throw error;
      }
    }
  } finally {
    await client.query('RESET lock_timeout');
  }
}
