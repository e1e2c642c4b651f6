/**
 * npm run bench [-- --quick]: measures the API against PostgreSQL's own limit (pgbench running the
 * movement SQL), and against a naive implementation, in one run on one machine. Writes
 * docs/benchmarks.md. See that file for how to read the numbers.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import * as bcrypt from 'bcrypt';
import { Client } from 'pg';
import { applyMigrations } from '../src/tooling/schema-engine';
import { freePort } from '../src/tooling/embedded';
import { MOVEMENT_SQL } from '../src/transactions/movement.sql';
import { createAppRole, createDatabase, dropAppRole, dropDatabase, startTestServer, uniqueDatabaseName, urlWith } from '../test/support/test-database';
import { explainHotQueries } from './explain';
import { companyId, FULL, itemId, QUICK, seedBench, userEmail, warehouseId, type BenchShape } from './seed';

const ROOT = join(__dirname, '..');
const QUICK_MODE = process.argv.includes('--quick');
const KEEP_DB = process.argv.includes('--keep-db');
const shape: BenchShape = QUICK_MODE ? QUICK : FULL;
const timing = QUICK_MODE ? { warmup: 1, measure: 3, runs: 1 } : { warmup: 5, measure: 15, runs: 3 };
const CONCURRENCY = 16;
const LOGIN_CONCURRENCY = 4;
const PASSWORD = 'bench password 12345';
const PRODUCTION_NODE_FLAGS = '--max-semi-space-size=4 --max-old-space-size=192';

interface ArmResult {
  arm: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  ok: number;
  rssMb?: number;
  eldP99?: number;
}

const log = (...args: unknown[]): void => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const rand = (n: number): number => 1 + Math.floor(Math.random() * n);
const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;

class Api {
  child!: ChildProcess;
  base = '';
  private rssPeak = 0;
  private sampler?: NodeJS.Timeout;
  readonly eldFile = join(mkdtempSync(join(tmpdir(), 'bench-eld-')), 'eld.json');

  async start(databaseUrl: string): Promise<void> {
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    // The heap flags recommended for production (docs/operations.md); BENCH_NODE_FLAGS overrides them.
    const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? PRODUCTION_NODE_FLAGS).split(' ').filter(Boolean);
    this.child = spawn(process.execPath, [...nodeFlags, '-r', join(ROOT, 'bench', 'eld-probe.cjs'), join(ROOT, 'dist', 'src', 'main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        JWT_ACCESS_SECRET: randomBytes(48).toString('base64url'),
        MIGRATE_ON_START: 'false',
        SEED_DEMO_DATA: 'false',
        JOBS_ENABLED: 'false',
        SWAGGER_ENABLED: 'false',
        LOG_LEVEL: 'info',
        BENCH_NAIVE_ROUTE: 'true',
        // The load generator logs in from one IP as few accounts: lift the auth rate limits.
        AUTH_THROTTLE_IP_LIMIT: '100000',
        AUTH_THROTTLE_ACCOUNT_LIMIT: '100000',
        BENCH_ELD_FILE: this.eldFile,
        ...(process.env.BENCH_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE } : {}),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error('API exited during start-up');
      try {
        if ((await fetch(`${this.base}/health/ready`)).status === 200) break;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) throw new Error('API not ready in 60 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    this.sampler = setInterval(() => {
      this.rssPeak = Math.max(this.rssPeak, this.rssMb());
    }, 250);
  }

  rssMb(): number {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    } catch {
      return 0;
    }
  }

  /** Peak RSS since the last call, in MB. */
  takeRssPeak(): number {
    const peak = Math.max(this.rssPeak, this.rssMb());
    this.rssPeak = 0;
    return round(peak);
  }

  resetEld(): void {
    this.child.kill('SIGUSR2');
  }

  async eldP99(): Promise<number> {
    await new Promise((r) => setTimeout(r, 600));
    try {
      return (JSON.parse(readFileSync(this.eldFile, 'utf8')) as { p99: number }).p99;
    } catch {
      return NaN;
    }
  }

  async stop(): Promise<void> {
    if (this.sampler) clearInterval(this.sampler);
    this.child.kill('SIGTERM');
    await new Promise((r) => this.child.once('exit', r));
  }
}

type RequestSpec = { method: 'GET' | 'POST'; path: string; body?: string; headers: Record<string, string> };

async function load(base: string, seconds: number, connections: number, next: () => RequestSpec): Promise<autocannon.Result> {
  return autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (req: autocannon.Request): autocannon.Request => {
          const spec = next();
          const headers: Record<string, string> = { ...spec.headers, ...(spec.body ? { 'content-type': 'application/json' } : {}) };
          return { ...req, method: spec.method, path: spec.path, body: spec.body, headers };
        },
      },
    ],
  });
}

async function measureArm(
  api: Api,
  arm: string,
  connections: number,
  next: () => RequestSpec,
  onRun?: (r: autocannon.Result) => void,
): Promise<ArmResult> {
  const runs: ArmResult[] = [];
  for (let run = 0; run < timing.runs; run++) {
    await load(api.base, timing.warmup, connections, next);
    api.takeRssPeak();
    api.resetEld();
    const r = await load(api.base, timing.measure, connections, next);
    onRun?.(r);
    runs.push({
      arm,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      errors: r.errors + r.timeouts,
      non2xx: r.non2xx,
      ok: r['2xx'],
      rssMb: api.takeRssPeak(),
      eldP99: await api.eldP99(),
    });
    log(`${arm} run ${run + 1}: ${round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}`);
  }
  const pick = (k: keyof ArmResult) => median(runs.map((r) => r[k] as number));
  return {
    arm,
    rps: pick('rps'),
    p50: pick('p50'),
    p99: pick('p99'),
    errors: pick('errors'),
    non2xx: pick('non2xx'),
    ok: runs.reduce((n, r) => n + r.ok, 0),
    rssMb: Math.max(...runs.map((r) => r.rssMb ?? 0)),
    eldP99: pick('eldP99'),
  };
}

/** pgbench with the API's own movement statement (extended protocol), same concurrency. */
function pgbench(url: string, hot: boolean): ArmResult {
  const sql = MOVEMENT_SQL.OUTBOUND.replace(/\$1::uuid/g, 'bench_uuid(1, :c)')
    .replace(/\$2::uuid/g, 'bench_uuid(2, :c * 100 + :w)')
    .replace(/\$3::uuid/g, 'bench_uuid(3, :c * 100000 + :i)')
    .replace(/\$4::numeric/g, '1::numeric')
    .replace(/\$5::text/g, "'pgbench'::text")
    .replace(/\$6::uuid/g, 'bench_uuid(4, :c)')
    .replace(/\$7::uuid/g, 'bench_uuid(5, :c)')
    .replace(/\$8::"Role"/g, `'ADMIN'::"Role"`)
    // pgbench reads ":MI" and ":SS" inside the date format as variables; spell the colons differently.
    .replace(`'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`, `'YYYY-MM-DD"T"HH24' || chr(58) || 'MI' || chr(58) || 'SS.MS"Z"'`);
  const vars = hot
    ? '\\set c 1\n\\set w 1\n\\set i 1\n'
    : `\\set c random(1, ${shape.companies})\n\\set w random(1, ${shape.warehouses})\n\\set i random(1, ${shape.items})\n`;
  const dir = mkdtempSync(join(tmpdir(), 'pgbench-'));
  const script = join(dir, 'movement.sql');
  writeFileSync(script, `${vars}${sql};\n`);
  const runs: ArmResult[] = [];
  for (let run = 0; run < timing.runs; run++) {
    const logPrefix = join(dir, `log${run}`);
    execFileSync(
      'pgbench',
      ['-n', '-M', 'extended', '-c', String(CONCURRENCY), '-j', '2', '-T', String(timing.warmup), '-f', script, url],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const out = execFileSync(
      'pgbench',
      [
        '-n',
        '-M',
        'extended',
        '-c',
        String(CONCURRENCY),
        '-j',
        '2',
        '-T',
        String(timing.measure),
        '-l',
        '--log-prefix',
        logPrefix,
        '-f',
        script,
        url,
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1] ?? NaN);
    const processed = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1] ?? 0);
    const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
    const latencies: number[] = [];
    for (const f of readdirSync(dir).filter((n) => n.startsWith(`log${run}`))) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        const us = Number(line.split(' ')[2]);
        if (Number.isFinite(us) && line) latencies.push(us / 1000);
      }
    }
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN, 2);
    runs.push({ arm: '', rps: tps, p50: pct(0.5), p99: pct(0.99), errors: failed, non2xx: 0, ok: processed });
    log(`pgbench ${hot ? 'hot' : 'random'} run ${run + 1}: ${round(tps)} tps, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`);
  }
  return {
    arm: hot ? 'pgbench: movement SQL, one hot row' : 'pgbench: movement SQL, random rows',
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: median(runs.map((r) => r.errors)),
    non2xx: 0,
    ok: runs.reduce((n, r) => n + r.ok, 0),
  };
}

/** bcrypt alone: compares per second with as many in flight as the login arm, on this machine. */
async function bcryptAlone(hash: string): Promise<number> {
  let done = 0;
  const until = Date.now() + timing.measure * 1000;
  await Promise.all(
    Array.from({ length: LOGIN_CONCURRENCY }, async () => {
      while (Date.now() < until) {
        await bcrypt.compare(PASSWORD, hash);
        done++;
      }
    }),
  );
  return done / timing.measure;
}

interface Check {
  arm: string;
  ok: boolean;
  detail: string;
}

async function ledgerRows(db: Client, notes: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM transactions WHERE notes = $1', [notes]);
  return Number(rows[0]?.n ?? 0);
}

/** After a write arm: 2xx count equals new ledger rows, ledger equals inventory, nothing negative. */
async function checkWrites(db: Client, arm: string, notes: string, accepted: number): Promise<Check> {
  const rows = await ledgerRows(db, notes);
  const drift = Number(
    (
      await db.query<{ n: string }>(`
      SELECT count(*) AS n FROM inventory inv
       LEFT JOIN LATERAL (SELECT sum(CASE type WHEN 'INBOUND' THEN quantity ELSE -quantity END) AS total, max(sequence) AS seq, count(*) AS movements
                            FROM transactions t WHERE t.warehouse_id = inv.warehouse_id AND t.item_id = inv.item_id) l ON true
       WHERE inv.quantity <> coalesce(l.total, 0) OR inv.quantity < 0 OR inv.last_sequence <> coalesce(l.seq, 0) OR inv.last_sequence <> l.movements`)
    ).rows[0]?.n ?? NaN,
  );
  const ok = rows === accepted && drift === 0;
  return { arm, ok, detail: `${accepted} accepted, ${rows} new ledger rows, ${drift} inventory rows off their ledger` };
}

async function main(): Promise<void> {
  const started = Date.now();
  log(
    `mode: ${QUICK_MODE ? 'quick' : 'full'}; shape ${JSON.stringify(shape)}; ${timing.runs} × (${timing.warmup} s warm-up + ${timing.measure} s)`,
  );
  if (!existsSync(join(ROOT, 'dist', 'src', 'main.js')) || !process.argv.includes('--no-build')) {
    log('building (nest build)...');
    execFileSync(process.execPath, [join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  const server = await startTestServer();
  const name = uniqueDatabaseName('bench');
  // The API serves as a role that owns the database and is not superuser, so row-level security is
  // measured as production runs it; the superuser (url) seeds, checks and runs pgbench.
  const role = await createAppRole(server.adminUrl);
  await createDatabase(server.adminUrl, name, role.name);
  const url = server.urlFor(name);
  const appUrl = urlWith(url, name, role);
  const db = new Client({ connectionString: url });
  const api = new Api();
  const results: ArmResult[] = [];
  const checks: Check[] = [];
  try {
    await applyMigrations(appUrl);
    await db.connect();
    log(`seeding ${server.kind} database ${name}...`);
    const hash = await bcrypt.hash(PASSWORD, 12);
    const seeded = await seedBench(db, shape, hash);
    log(`seeded ${seeded.toLocaleString()} movements in ${round((Date.now() - started) / 1000)} s`);
    const versions = {
      postgres: (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? '?',
      node: process.version,
      cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
      memory: `${round(totalmem() / 2 ** 30)} GiB`,
    };

    await api.start(appUrl);
    log(`API up at ${api.base} (pid ${api.child.pid}), RSS ${round(api.rssMb())} MB`);
    const tokens: string[] = [];
    for (let c = 1; c <= shape.companies; c++) {
      const res = await fetch(`${api.base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: userEmail(c), password: PASSWORD }),
      });
      tokens.push(((await res.json()) as { accessToken: string }).accessToken);
    }
    const auth = (c: number) => ({ authorization: `Bearer ${tokens[c - 1]}` });
    const movement = (path: string, notes: string, hot: boolean) => (): RequestSpec => {
      const c = hot ? 1 : rand(shape.companies);
      const w = hot ? 1 : rand(shape.warehouses);
      const i = hot ? 1 : rand(shape.items);
      return {
        method: 'POST',
        path,
        headers: auth(c),
        body: JSON.stringify({ type: 'OUTBOUND', warehouseId: warehouseId(c, w), itemId: itemId(c, i), quantity: 1, notes }),
      };
    };

    // Write arms, each followed by a correctness check.
    const writeArms: Array<[string, string, string, boolean]> = [
      ['POST /transactions, random rows', '/api/v1/transactions', 'bench-random', false],
      ['POST /transactions, one hot row', '/api/v1/transactions', 'bench-hot', true],
      ['naive baseline (interactive Prisma transaction), random rows', '/api/v1/bench/naive-transactions', 'bench-naive', false],
      ['naive baseline, one hot row', '/api/v1/bench/naive-transactions', 'bench-naive-hot', true],
    ];
    for (const [arm, path, notes, hot] of writeArms) {
      let accepted = 0;
      const res = await measureArm(api, arm, CONCURRENCY, movement(path, notes, hot), (r) => (accepted += r['2xx']));
      // Warm-up requests also wrote rows: count them from the database's side of the ledger.
      const warm = (await ledgerRows(db, notes)) - accepted;
      results.push(res);
      checks.push(await checkWrites(db, arm, notes, accepted + warm));
      checks[checks.length - 1].detail += ` (incl. ${warm} from warm-ups)`;
    }
    for (const hot of [false, true]) {
      const before = await ledgerRows(db, 'pgbench');
      const res = pgbench(url, hot);
      results.push(res);
      const after = await ledgerRows(db, 'pgbench');
      checks.push({ arm: res.arm, ok: after > before, detail: `${after - before} ledger rows written (incl. warm-ups)` });
    }
    const final = await checkWrites(db, 'whole database after all write arms', '__none__', 0);
    checks.push({
      ...final,
      ok: /, 0 inventory rows off/.test(final.detail),
      detail: final.detail.replace(/^0 accepted, 0 new ledger rows, /, ''),
    });

    // Read arms.
    const deepCursors: string[][] = [];
    let deepestRow: { createdAt: Date; id: string } | undefined;
    const dataRows = shape.warehouses * shape.items * shape.movementsPerRow;
    for (let c = 1; c <= shape.companies; c++) {
      const { rows } = await db.query<{ at: Date; id: string }>(
        `SELECT created_at AS at, id::text FROM transactions WHERE company_id = $1 ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 20`,
        [companyId(c), Math.floor(dataRows * 0.8)],
      );
      deepCursors.push(rows.map((r) => Buffer.from(`${r.at.toISOString()}|${r.id}`).toString('base64url')));
      if (c === 1 && rows[0]) deepestRow = { createdAt: rows[0].at, id: rows[0].id };
    }
    const readArms: Array<[string, () => RequestSpec]> = [
      [
        'GET /inventory?warehouseId (page 1)',
        () => {
          const c = rand(shape.companies);
          return {
            method: 'GET',
            path: `/api/v1/inventory?warehouseId=${warehouseId(c, rand(shape.warehouses))}&limit=20`,
            headers: auth(c),
          };
        },
      ],
      [
        'GET /transactions deep in history (cursor at 80 %)',
        () => {
          const c = rand(shape.companies);
          const list = deepCursors[c - 1] ?? [];
          return { method: 'GET', path: `/api/v1/transactions?limit=20&cursor=${list[rand(list.length) - 1]}`, headers: auth(c) };
        },
      ],
      [
        'GET /transactions?itemId&from&to (30 days)',
        () => {
          const c = rand(shape.companies);
          const from = new Date(Date.now() - rand(330) * 86_400_000);
          const to = new Date(from.getTime() + 30 * 86_400_000);
          return {
            method: 'GET',
            path: `/api/v1/transactions?itemId=${itemId(c, rand(shape.items))}&from=${from.toISOString()}&to=${to.toISOString()}&limit=20`,
            headers: auth(c),
          };
        },
      ],
      [
        'GET /dashboard/stats',
        () => {
          const c = rand(shape.companies);
          return { method: 'GET', path: '/api/v1/dashboard/stats', headers: auth(c) };
        },
      ],
      [
        'GET /dashboard/low-stock',
        () => {
          const c = rand(shape.companies);
          return { method: 'GET', path: '/api/v1/dashboard/low-stock', headers: auth(c) };
        },
      ],
    ];
    for (const [arm, next] of readArms) results.push(await measureArm(api, arm, CONCURRENCY, next));

    // Login (bcrypt-bound) while movements run.
    const loginSpec = (): RequestSpec => ({
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: {},
      body: JSON.stringify({ email: userEmail(rand(shape.companies)), password: PASSWORD }),
    });
    const loginRuns: number[] = [];
    const movementRuns: number[] = [];
    for (let run = 0; run < timing.runs; run++) {
      const [logins, moves] = await Promise.all([
        load(api.base, timing.measure, LOGIN_CONCURRENCY, loginSpec),
        load(api.base, timing.measure, CONCURRENCY, movement('/api/v1/transactions', 'bench-with-login', false)),
      ]);
      loginRuns.push(logins.requests.average);
      movementRuns.push(moves.requests.average);
      log(
        `login ${round(logins.requests.average)} req/s (p99 ${logins.latency.p99} ms) with movements ${round(moves.requests.average)} req/s (p99 ${moves.latency.p99} ms)`,
      );
    }
    // As the API's role with company 1 set: the plans include the row-level-security conditions.
    await db.query(`SET ROLE "${role.name}"`);
    await db.query("SELECT set_config('app.company_id', $1, false)", [companyId(1)]);
    const plans = deepestRow ? await explainHotQueries(db, deepestRow) : '(no plans: empty history)';
    await db.query('RESET ROLE');
    const seqScans = /Seq Scan on (transactions|inventory)\b/.test(plans);
    const bcryptRate = await bcryptAlone(hash);
    log(`bcrypt alone: ${round(bcryptRate)} compares/s`);
    const rssEnd = round(api.rssMb());

    const random = results[0];
    const hot = results[1];
    const naive = results[2];
    const naiveHot = results[3];
    const pgRandom = results[4];
    const pgHot = results[5];
    const loginRps = median(loginRuns);
    const movesWithLogin = median(movementRuns);
    const maxRss = Math.max(...results.map((r) => r.rssMb ?? 0), rssEnd);
    const targets: Array<[string, boolean, string]> = [
      ['movements, random rows ≥ 50 % of pgbench', random.rps >= 0.5 * pgRandom.rps, `${round((100 * random.rps) / pgRandom.rps)} %`],
      ['movements, one hot row ≥ 80 % of pgbench', hot.rps >= 0.8 * pgHot.rps, `${round((100 * hot.rps) / pgHot.rps)} %`],
      ['≥ 2× the naive baseline (random rows)', random.rps >= 2 * naive.rps, `${round(random.rps / naive.rps, 2)}×`],
      ['≤ half the naive baseline p99 (random rows)', random.p99 <= naive.p99 / 2, `${random.p99} vs ${naive.p99} ms`],
      [
        'p99 < 50 ms: movements and reads',
        results.filter((r) => !r.arm.startsWith('pgbench') && !r.arm.startsWith('naive')).every((r) => r.p99 < 50),
        results
          .filter((r) => !r.arm.startsWith('pgbench') && !r.arm.startsWith('naive'))
          .map((r) => `${r.p99}`)
          .join(' / ') + ' ms',
      ],
      ['API RSS < 250 MB throughout', maxRss < 250, `peak ${maxRss} MB`],
      [
        'login ≥ 80 % of bcrypt alone',
        loginRps >= 0.8 * bcryptRate,
        `${round(loginRps)} vs ${round(bcryptRate)} /s (${round((100 * loginRps) / bcryptRate)} %)`,
      ],
      ['hot reads use indexes (no sequential scan of transactions or inventory)', !seqScans, seqScans ? 'see plans' : 'index scans only'],
      [
        'login does not slow movements much',
        movesWithLogin >= 0.5 * random.rps,
        `${round(movesWithLogin)} req/s with logins vs ${round(random.rps)} without`,
      ],
    ];

    const table = [
      '| arm | req/s | p50 ms | p99 ms | errors | non-2xx | API peak RSS MB | event-loop p99 ms | vs pgbench | vs naive |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...results.map((r) => {
        const vsPg = r.arm.includes('hot') ? pgHot.rps : pgRandom.rps;
        const vsNaive = r.arm.includes('hot') ? naiveHot.rps : naive.rps;
        const isMovement = r.arm.startsWith('POST /transactions');
        return `| ${r.arm} | ${round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.rssMb ?? '—'} | ${r.eldP99 ?? '—'} | ${isMovement ? round(r.rps / vsPg, 2) + '×' : '—'} | ${isMovement ? round(r.rps / vsNaive, 2) + '×' : '—'} |`;
      }),
      `| POST /auth/login while movements run | ${round(loginRps)} | | | | | | | | |`,
      `| POST /transactions (random) while logins run | ${round(movesWithLogin)} | | | | | | | | |`,
      `| bcrypt.compare alone, ${LOGIN_CONCURRENCY} in flight (cost 12) | ${round(bcryptRate)} | | | | | | | | |`,
    ].join('\n');
    const targetTable = [
      '| target | met | measured |',
      '|---|---|---|',
      ...targets.map(([t, ok, m]) => `| ${t} | ${ok ? 'yes' : '**no**'} | ${m} |`),
    ].join('\n');
    const checkTable = [
      '| after | correct | detail |',
      '|---|---|---|',
      ...checks.map((c) => `| ${c.arm} | ${c.ok ? 'yes' : '**NO**'} | ${c.detail} |`),
    ].join('\n');
    const report = `## Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (${QUICK_MODE ? 'quick mode: numbers are not meaningful' : 'full'})

Command: \`npm run bench${QUICK_MODE ? ' -- --quick' : ''}\`. Machine: ${versions.cpus}, ${versions.memory}; PostgreSQL ${versions.postgres} (${server.kind}); Node ${versions.node}.
Data: ${shape.companies} companies × ${shape.warehouses} warehouses × ${shape.items} items, ${seeded.toLocaleString('en-US')} historical movements over a year.
Load: autocannon, ${CONCURRENCY} connections (logins: ${LOGIN_CONCURRENCY}); pgbench ${CONCURRENCY} clients, 2 threads, \`-M extended\`. Each arm: ${timing.warmup} s warm-up, ${timing.measure} s measured, ${timing.runs} run(s), medians. API: compiled, NODE_ENV=production, LOG_LEVEL=info, pool ${process.env.BENCH_POOL_SIZE ?? 10}.

${table}

Targets:

${targetTable}

Correctness after the write arms:

${checkTable}

<details><summary>Query plans of the hot reads (EXPLAIN ANALYZE on this data set, company 1)</summary>

${plans}

</details>
`;
    console.log(`\n${report}`);
    const docPath = join(ROOT, 'docs', 'benchmarks.md');
    const doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '';
    const marker = '<!-- bench:latest -->';
    const start = doc.indexOf(marker);
    const end = doc.indexOf('<!-- /bench:latest -->');
    const next =
      start >= 0 && end > start
        ? `${doc.slice(0, start + marker.length)}\n${report}\n${doc.slice(end)}`
        : `${doc}\n${marker}\n${report}\n<!-- /bench:latest -->\n`;
    if (!QUICK_MODE || process.argv.includes('--write-doc')) writeFileSync(docPath, next);
    const failed = checks.filter((c) => !c.ok);
    const ranEvery = results.every((r) => r.ok > 0);
    log(`done in ${round((Date.now() - started) / 1000)} s; correctness ${failed.length ? 'FAILED' : 'held'}; every arm ran: ${ranEvery}`);
    if (failed.length > 0 || !ranEvery) process.exitCode = 1;
  } finally {
    if (api.child) await api.stop();
    await db.end().catch(() => undefined);
    if (!KEEP_DB) {
      await dropDatabase(server.adminUrl, name).catch(() => undefined);
      await dropAppRole(server.adminUrl, role.name).catch(() => undefined);
    }
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
