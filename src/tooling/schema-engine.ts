import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client, Pool } from 'pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine, DiffTarget } from '@prisma/schema-engine-wasm/schema_engine_bg';

/**
 * Prisma's own schema engine, compiled to WebAssembly and driven through @prisma/adapter-pg.
 * It applies `prisma/migrations/*` and records `_prisma_migrations` exactly as
 * `prisma migrate deploy` does, without the native engine binary that Prisma's CLI would
 * download. The package is a wasm-bindgen "bundler" build, so it is instantiated by hand.
 */
type EngineBindings = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

let bindings: EngineBindings | undefined;

// Node's global WebAssembly, typed narrowly (the project compiles without the DOM lib).
const Wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: Record<string, unknown>) => { exports: Record<string, unknown> };
    };
  }
).WebAssembly;

function loadBindings(): EngineBindings {
  if (bindings) return bindings;
  // An ES module; Node >= 20.19 requires it natively and Jest transpiles it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bg = require('@prisma/schema-engine-wasm/schema_engine_bg') as EngineBindings;
  const wasmPath = join(dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
  const module = new Wasm.Module(readFileSync(wasmPath));
  const instance = new Wasm.Instance(module, { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  bindings = bg;
  return bg;
}

export function prismaDir(): string {
  // Works from src/ (ts) and from dist/src/ (compiled): walk up to the folder holding prisma/.
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'prisma', 'schema.prisma'))) return join(dir, 'prisma');
    dir = dirname(dir);
  }
  throw new Error('prisma/schema.prisma not found above ' + __dirname);
}

export function readSchema(path = join(prismaDir(), 'schema.prisma')): string {
  return readFileSync(path, 'utf8');
}

export function loadMigrations(dir = join(prismaDir(), 'migrations')): MigrationList {
  const lockPath = join(dir, 'migration_lock.toml');
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok' as const, value: readFileSync(join(dir, name, 'migration.sql'), 'utf8') },
      },
    })),
  };
}

/**
 * adapter-pg splits migration scripts on every ";", which breaks dollar-quoted function bodies.
 * Like Prisma's native engine, send each script whole as one simple query: PostgreSQL then runs
 * it as a single implicit transaction, so a failing migration leaves nothing half-applied.
 */
class WholeScriptPrismaPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const internals = adapter as unknown as { client: { query(sql: string): Promise<unknown> }; onError(err: unknown): never };
    adapter.executeScript = async (script: string): Promise<void> => {
      try {
        await internals.client.query(script);
      } catch (err) {
        internals.onError(err);
      }
    };
    return adapter;
  }
}

export async function withSchemaEngine<T>(databaseUrl: string, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const bg = loadBindings();
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const adapter = bindMigrationAwareSqlAdapterFactory(new WholeScriptPrismaPg(pool));
  const engine = await bg.SchemaEngine.new({ datamodels: [['schema.prisma', readSchema()]] }, () => undefined, adapter);
  try {
    return await work(engine);
  } finally {
    engine.free();
    await pool.end();
  }
}

const NO_FILTER = { externalTables: [], externalEnums: [] };

/** Advisory-lock key held while migrating (not Prisma's own key, which its engine may take itself). */
const MIGRATION_LOCK = 7_300_100;

/**
 * Applies pending migrations; returns the names of those applied now. Several API processes starting
 * at once on one database (MIGRATE_ON_START) take turns on a session advisory lock: the first applies,
 * the others then find nothing pending.
 */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const lock = new Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await withSchemaEngine(databaseUrl, async (engine) => {
      const out = await engine.applyMigrations({ migrationsList: loadMigrations(), filters: NO_FILTER });
      return out.appliedMigrationNames;
    });
  } finally {
    await lock.end(); // ends the session, releasing the lock
  }
}

/** SQL that turns `from` into `to` (empty string when they agree). */
export async function diffSql(databaseUrl: string, from: DiffTarget, to: DiffTarget): Promise<string> {
  return withSchemaEngine(databaseUrl, async (engine) => {
    const result = await engine.diff({ from, to, script: true, exitCode: null, filters: NO_FILTER });
    return result.stdout ?? '';
  });
}

export function datamodelTarget(content: string, path = 'schema.prisma'): DiffTarget {
  return { tag: 'schemaDatamodel', files: [{ path, content }] };
}
