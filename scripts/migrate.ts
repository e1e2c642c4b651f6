/**
 * Migrations without Prisma's native schema engine.
 *   deploy          apply pending prisma/migrations/* (records _prisma_migrations like `prisma migrate deploy`)
 *   create <name>   write prisma/migrations/<timestamp>_<name>/migration.sql from the difference between the
 *                   schema snapshot of the last migration and prisma/schema.prisma, then refresh the snapshot
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyMigrations, datamodelTarget, diffSql, prismaDir, readSchema } from '../src/tooling/schema-engine';
import { resolveDatabaseUrlForTools } from './tool-database';

export const SNAPSHOT_FILE = 'schema.snapshot.prisma';

async function deploy(): Promise<void> {
  const url = await resolveDatabaseUrlForTools();
  const applied = await applyMigrations(url.migrationUrl);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
  await url.release();
}

async function create(name: string | undefined, allowEmpty: boolean): Promise<void> {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error('usage: npm run db:migration:create -- <name>  (lowercase letters, digits, underscores)');
  }
  const migrationsDir = join(prismaDir(), 'migrations');
  const snapshotPath = join(migrationsDir, SNAPSHOT_FILE);
  const schema = readSchema();
  const from = existsSync(snapshotPath) ? datamodelTarget(readFileSync(snapshotPath, 'utf8')) : ({ tag: 'empty' } as const);
  // A datamodel-to-datamodel diff reads no tables, but the engine still wants a connection.
  const database = await resolveDatabaseUrlForTools();
  const sql = await diffSql(database.url, from, datamodelTarget(schema)).finally(() => database.release());
  const empty = sql.trim() === '' || /^-- This is an empty migration\.?$/m.test(sql.trim());
  if (empty && !allowEmpty) {
    console.log('schema.prisma matches the last migration; nothing to write (use --allow-empty for a hand-written one).');
    return;
  }
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const dir = join(migrationsDir, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'migration.sql'), empty ? '-- Hand-written migration\n' : sql);
  writeFileSync(snapshotPath, schema);
  writeFileSync(join(migrationsDir, 'migration_lock.toml'), 'provider = "postgresql"\n');
  console.log(`Wrote ${dir}/migration.sql`);
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'deploy') return deploy();
  if (command === 'create')
    return create(
      rest.find((a) => !a.startsWith('--')),
      rest.includes('--allow-empty'),
    );
  throw new Error('usage: migrate.ts deploy | create <name> [--allow-empty]');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
