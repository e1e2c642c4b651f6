import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '@app/tooling/embedded';

const run = promisify(execFile);

/**
 * The PostgreSQL server binaries with pg_basebackup (Debian's postgresql package). The embedded
 * PostgreSQL of a fresh machine has no pg_basebackup: there the replica test is skipped, saying so.
 */
export function replicaBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'pg_basebackup')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

export interface PrimaryWithReplica {
  primaryUrl(database: string): string;
  replicaUrl(database: string): string;
  /** Resolves once the replica has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>;
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Stops the replica as a crash would (immediate shutdown); the primary keeps running. */
  stopReplica(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real streaming replica, as an operator builds one: a fresh primary (initdb, wal_level=replica),
 * a base backup of it taken with `pg_basebackup -R` (which writes the standby's connection settings),
 * and a hot standby started on that copy. Everything lives in one temporary directory. PostgreSQL
 * refuses to run as root, so when the tests run as root the servers run as the `postgres` user.
 */
export async function startPrimaryWithReplica(bin: string): Promise<PrimaryWithReplica> {
  const dir = mkdtempSync(join(tmpdir(), 'inventory-replica-'));
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }) : undefined;
  const uid = owner ? Number(owner.stdout.trim()) : undefined;
  const gid = owner ? Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()) : undefined;
  if (uid !== undefined && gid !== undefined) chownSync(dir, uid, gid);
  const exec = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);

  const primaryDir = join(dir, 'primary');
  const replicaDir = join(dir, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const started: string[] = [];
  const start = async (dataDir: string, port: number) => {
    await exec('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      join(dir, `${port}.log`),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
      'start',
    ]);
    started.push(dataDir);
  };
  const stop = async () => {
    for (const dataDir of started.reverse()) await exec('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await exec('initdb', ['-D', primaryDir, '-U', 'postgres', '-A', 'trust', '--no-sync']);
    // initdb's default pg_hba.conf already trusts replication connections from 127.0.0.1.
    const conf = ['wal_level = replica', 'max_wal_senders = 4', 'fsync = off'].join('\n');
    writeFileSync(join(primaryDir, 'postgresql.auto.conf'), conf + '\n');
    await start(primaryDir, primaryPort);
    await exec('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream']);
    await start(replicaDir, replicaPort);
  } catch (err) {
    await stop();
    throw err;
  }

  const url = (port: number, database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  const query = async <T extends object>(port: number, sql: string): Promise<T[]> => {
    const client = new Client({ connectionString: url(port, 'postgres') });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  };

  return {
    primaryUrl: (database) => url(primaryPort, database),
    replicaUrl: (database) => url(replicaPort, database),
    caughtUp: async () => {
      const [{ lsn }] = await query<{ lsn: string }>(primaryPort, 'SELECT pg_current_wal_insert_lsn()::text AS lsn');
      const deadline = Date.now() + 30_000;
      for (;;) {
        const [{ behind }] = await query<{ behind: boolean }>(
          replicaPort,
          `SELECT coalesce(pg_last_wal_replay_lsn() < '${lsn}'::pg_lsn, true) AS behind`,
        );
        if (!behind) return;
        if (Date.now() > deadline) throw new Error(`replica did not reach ${lsn} within 30 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    pauseReplay: async () => {
      await query(replicaPort, 'SELECT pg_wal_replay_pause()');
    },
    resumeReplay: async () => {
      await query(replicaPort, 'SELECT pg_wal_replay_resume()');
    },
    stopReplica: async () => {
      await exec('pg_ctl', ['-D', replicaDir, '-m', 'immediate', '-w', 'stop']);
      started.splice(started.indexOf(replicaDir), 1);
    },
    stop,
  };
}
