import { join } from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from '@app/config/app-config';
import { startEmbeddedPostgres } from '@app/tooling/embedded';

export interface ResolvedDatabase {
  /** The role the API serves with. */
  url: string;
  /** The role that owns the schema: migrations and the demo seed. */
  migrationUrl: string;
  embedded: boolean;
  release(): Promise<void>;
}

export const EMBEDDED_DATABASE = 'inventory';
/**
 * The embedded default's runtime role: not superuser, not BYPASSRLS, so row-level security applies
 * to the API as in production. Its password is as public as the embedded superuser's: the server
 * listens on 127.0.0.1 only and is for development.
 */
export const EMBEDDED_APP_ROLE = { name: 'inventory_app', password: 'inventory_app' } as const;

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

/**
 * Creates the runtime role if needed and lets it read and write the tables the migrations (run as the
 * superuser, the owner) create, now and later. Idempotent: runs at every embedded start.
 */
export async function ensureRuntimeRole(ownerUrl: string, role: { name: string; password: string }): Promise<void> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
    if (!rowCount) {
      await client.query(`CREATE ROLE "${role.name}" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '${role.password}'`);
    }
    await client.query(`GRANT USAGE ON SCHEMA public TO "${role.name}"`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "${role.name}"`);
    await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${role.name}"`);
  } finally {
    await client.end();
  }
}

function withUser(url: string, role: { name: string; password: string }): string {
  const u = new URL(url);
  u.username = role.name;
  u.password = role.password;
  return u.toString();
}

/**
 * DATABASE_URL (serving) and DATABASE_MIGRATION_URL (owner) when set; otherwise embedded PostgreSQL
 * with its data under DATA_DIR/pg (kept between runs), migrated as its superuser and served as
 * EMBEDDED_APP_ROLE.
 */
export async function resolveDatabase(config: AppConfig, log: (line: string) => void = () => undefined): Promise<ResolvedDatabase> {
  if (config.databaseUrl) {
    return {
      url: config.databaseUrl,
      migrationUrl: config.databaseMigrationUrl ?? config.databaseUrl,
      embedded: false,
      release: async () => undefined,
    };
  }
  const server = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'pg'), port: config.embeddedPgPort, persistent: true, log });
  try {
    await ensureDatabase(server.url('postgres'), EMBEDDED_DATABASE);
    const ownerUrl = server.url(EMBEDDED_DATABASE);
    await ensureRuntimeRole(ownerUrl, EMBEDDED_APP_ROLE);
    return { url: withUser(ownerUrl, EMBEDDED_APP_ROLE), migrationUrl: ownerUrl, embedded: true, release: () => server.stop() };
  } catch (err) {
    await server.stop();
    throw err;
  }
}
