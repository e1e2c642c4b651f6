import { join } from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from '@app/config/app-config';
import { startEmbeddedPostgres } from './embedded';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  release(): Promise<void>;
}

export const EMBEDDED_DATABASE = 'inventory';

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

/** DATABASE_URL when set; otherwise embedded PostgreSQL with its data under DATA_DIR/pg (kept between runs). */
export async function resolveDatabase(config: AppConfig, log: (line: string) => void = () => undefined): Promise<ResolvedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, release: async () => undefined };
  const server = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'pg'), port: config.embeddedPgPort, persistent: true, log });
  await ensureDatabase(server.url('postgres'), EMBEDDED_DATABASE);
  return { url: server.url(EMBEDDED_DATABASE), embedded: true, release: () => server.stop() };
}
