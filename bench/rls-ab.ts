/**
 * Row-level security, before and after, interleaved: `node -r @swc-node/register bench/rls-ab.ts <baseline>`
 * where <baseline> is a checkout of the commit before row-level security with `npm ci` and `nest build`
 * done (its own dist/ and src/generated/). Two databases with the same data: A migrated and seeded by the
 * baseline and served by its build as the superuser (as the bench served it then), B migrated by this
 * branch and served by this build as a non-superuser owner role (row-level security enforced, tenant
 * settings sent with every statement). Then OUTBOUND movements, random rows and one hot row, alternating
 * A and B in short rounds so that load from elsewhere on the machine hits both alike; medians per side.
 *
 * `bench/rls-ab.ts --same`: no baseline; A is this very build, schema and statement served as the superuser,
 * which PostgreSQL exempts from every policy (even FORCE ROW LEVEL SECURITY), B the same build as the owner
 * role. The two sides then differ by the wall alone (the policies PostgreSQL evaluates), with today's statement.
 *
 * Besides req/s it reports CPU milliseconds per movement (the API process plus its PostgreSQL backends,
 * from /proc): on a shared, loaded machine throughput swings with other work, CPU per request much less,
 * and on a dedicated CPU-bound machine throughput is its inverse.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as bcrypt from 'bcrypt';
import { Client } from 'pg';
import { applyMigrations } from '../src/tooling/schema-engine';
import {
  createAppRole,
  createDatabase,
  dropAppRole,
  dropDatabase,
  startTestServer,
  uniqueDatabaseName,
  urlWith,
} from '../test/support/test-database';
import { Api } from './api';
import { load, type RequestSpec } from './arms/http';
import { CONCURRENCY, PASSWORD, ROOT, log, median, rand, round } from './common';
import { FULL, itemId, seedBench, userEmail, warehouseId, type BenchShape } from './seed';

const ROUNDS = Number(process.env.AB_ROUNDS ?? 6);
const WARMUP = 3;
const MEASURE = 10;
const shape: BenchShape = { ...FULL, movementsPerRow: 2 };

type Seed = (client: Client, shape: BenchShape, hash: string) => Promise<number>;

async function login(api: Api): Promise<string[]> {
  const tokens: string[] = [];
  for (let c = 1; c <= shape.companies; c++) {
    const res = await fetch(`${api.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: userEmail(c), password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login ${c}: ${res.status}`);
    tokens.push(((await res.json()) as { accessToken: string }).accessToken);
  }
  return tokens;
}

/** utime + stime of a process, in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

async function cpuOf(admin: Client, database: string, apiPid: number): Promise<number> {
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
  return cpuMs(apiPid) + rows.reduce((n, r) => n + cpuMs(r.pid), 0);
}

async function main(): Promise<void> {
  const same = process.argv[2] === '--same';
  const baseline = same ? ROOT : process.argv[2];
  if (!baseline) throw new Error('usage: bench/rls-ab.ts <baseline checkout with dist/ built> | --same');
  execFileSync(process.execPath, [join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const server = await startTestServer();
  const role = await createAppRole(server.adminUrl);
  const nameA = uniqueDatabaseName('rls_ab_before');
  const nameB = uniqueDatabaseName('rls_ab_after');
  await createDatabase(server.adminUrl, nameA);
  await createDatabase(server.adminUrl, nameB, role.name);
  const urlA = server.urlFor(nameA);
  const urlB = urlWith(server.urlFor(nameB), nameB, role);
  const a = new Api();
  const b = new Api();
  try {
    const hash = await bcrypt.hash(PASSWORD, 12);
    // A: the baseline's own migrations and seed (this build's, served as the superuser, with --same).
    if (same) await applyMigrations(urlA);
    else
      execFileSync(process.execPath, ['-r', '@swc-node/register', 'scripts/migrate.ts', 'deploy'], {
        cwd: baseline,
        env: { ...process.env, DATABASE_URL: urlA },
        stdio: 'inherit',
      });
    const seedBaseline: Seed = same
      ? seedBench
      : // eslint-disable-next-line @typescript-eslint/no-require-imports -- the baseline's seed, loaded from its checkout
        (require(join(baseline, 'bench', 'seed.ts')) as { seedBench: Seed }).seedBench;
    for (const [url, seed] of [
      [urlA, seedBaseline],
      [server.urlFor(nameB), seedBench],
    ] as const) {
      if (url !== urlA) await applyMigrations(urlB);
      const db = new Client({ connectionString: url });
      await db.connect();
      await seed(db, shape, hash);
      await db.end();
    }
    log(`seeded both: ${JSON.stringify(shape)}`);
    await a.start(urlA, baseline);
    await b.start(urlB);
    const tokens = { A: await login(a), B: await login(b) };
    const movement = (side: 'A' | 'B', hot: boolean) => (): RequestSpec => {
      const c = hot ? 1 : rand(shape.companies);
      const w = hot ? 1 : rand(shape.warehouses);
      const i = hot ? 1 : rand(shape.items);
      return {
        method: 'POST',
        path: '/api/v1/transactions',
        headers: { authorization: `Bearer ${tokens[side][c - 1]}` },
        body: JSON.stringify({ type: 'OUTBOUND', warehouseId: warehouseId(c, w), itemId: itemId(c, i), quantity: 1 }),
      };
    };
    const rps: Record<string, number[]> = {};
    const cpu: Record<string, number[]> = {};
    const admin = new Client({ connectionString: server.adminUrl });
    await admin.connect();
    for (let r = 0; r < ROUNDS; r++) {
      for (const hot of [false, true]) {
        for (const side of r % 2 ? (['B', 'A'] as const) : (['A', 'B'] as const)) {
          const api = side === 'A' ? a : b;
          await load(api.base, WARMUP, CONCURRENCY, movement(side, hot));
          const database = side === 'A' ? nameA : nameB;
          const cpuBefore = await cpuOf(admin, database, api.child.pid ?? 0);
          const res = await load(api.base, MEASURE, CONCURRENCY, movement(side, hot));
          const perMovement = ((await cpuOf(admin, database, api.child.pid ?? 0)) - cpuBefore) / Math.max(1, res['2xx']);
          const key = `${hot ? 'hot' : 'random'} ${side}`;
          (rps[key] ??= []).push(res.requests.average);
          (cpu[key] ??= []).push(perMovement);
          log(
            `round ${r + 1} ${key}: ${round(res.requests.average)} req/s, ${round(perMovement, 3)} CPU ms/movement, p99 ${res.latency.p99} ms, non-2xx ${res.non2xx}`,
          );
        }
      }
    }
    await admin.end();
    const lines = [
      `| movements (OUTBOUND), medians | before: ${same ? 'this build, superuser (no policies)' : 'pre-RLS main, superuser'} | after: RLS, owner role | after / before |`,
      '|---|---:|---:|---:|',
    ];
    for (const arm of ['random', 'hot']) {
      const label = arm === 'hot' ? 'one hot row' : 'random rows';
      const before = median(rps[`${arm} A`] ?? []);
      const after = median(rps[`${arm} B`] ?? []);
      lines.push(`| ${label}: throughput | ${round(before)} req/s | ${round(after)} req/s | ${round((100 * after) / before)} % |`);
      const cBefore = median(cpu[`${arm} A`] ?? []);
      const cAfter = median(cpu[`${arm} B`] ?? []);
      lines.push(
        `| ${label}: CPU per movement (API + PostgreSQL) | ${round(cBefore, 3)} ms | ${round(cAfter, 3)} ms | throughput at equal CPU: ${round((100 * cBefore) / cAfter)} % |`,
      );
    }
    const perRound = Object.entries(rps).map(([k, xs]) => `${k}: ${xs.map((x) => round(x)).join(', ')}`);
    perRound.push(...Object.entries(cpu).map(([k, xs]) => `${k} CPU ms: ${xs.map((x) => round(x, 3)).join(', ')}`));
    console.log(`\n${lines.join('\n')}\n\nPer round (req/s): ${perRound.join('; ')}\n`);
  } finally {
    if (a.child) await a.stop();
    if (b.child) await b.stop();
    await dropDatabase(server.adminUrl, nameA).catch(() => undefined);
    await dropDatabase(server.adminUrl, nameB).catch(() => undefined);
    await dropAppRole(server.adminUrl, role.name).catch(() => undefined);
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
