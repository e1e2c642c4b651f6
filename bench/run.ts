/**
 * npm run bench [-- --quick]: measures the API against PostgreSQL's own limit (pgbench running the
 * movement SQL), and against a naive implementation, in one run on one machine. Writes
 * docs/benchmarks.md. See that file for how to read the numbers.
 *
 * This file orchestrates; the arms live in bench/arms/ (HTTP via autocannon, pgbench, bcrypt alone),
 * the API process in api.ts, the correctness checks in checks.ts, the report writer in report.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
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
import { bcryptAlone } from './arms/bcrypt';
import { documentsArm } from './arms/documents';
import { CeilingServer } from './arms/ceiling';
import { fixedRateArms } from './arms/fixed-rate';
import { integrationArms } from './arms/integration';
import { loginBurstArm } from './arms/login-burst';
import { seedSizes, sizeArms, sizeCheck } from './arms/sizes';
import { load, loadGenerator, measureArm, type RequestSpec } from './arms/http';
import { RANDOM_ROW_VARIABLES, apiStatementScript, minimalScript, pgbenchArm, pgbenchScript } from './arms/pgbench';
import { scaleOutArms } from './arms/scale-out';
import { checkReservations, checkWrites, ledgerRows, type Check } from './checks';
import {
  API_POOL_SIZE,
  CONCURRENCY,
  KEEP_DB,
  LOGIN_CONCURRENCY,
  MINIMAL_CLIENTS,
  PASSWORD,
  QUICK_MODE,
  ROOT,
  log,
  rand,
  round,
  shape,
  timing,
  type ArmResult,
} from './common';
import { explainHotQueries, hotReadScripts } from './explain';
import { writeReport } from './report';
import { companyId, itemId, seedBench, userEmail, userId, warehouseId } from './seed';

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
    // Companies S and L beside the main ones, for the reads at two sizes (bench/arms/sizes.ts).
    const sizeCompanies = await seedSizes(db, shape.companies + 1, hash);
    await db.query('VACUUM ANALYZE');
    log(`seeded ${seeded.toLocaleString()} movements (and companies S, L) in ${round((Date.now() - started) / 1000)} s`);
    const versions = {
      postgres: (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? '?',
      node: process.version,
      cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
      memory: `${round(totalmem() / 2 ** 30)} GiB`,
    };

    await api.start(appUrl);
    log(`API up at ${api.base} (pid ${api.child.pid}), RSS ${round(api.rssMb())} MB`);
    const tokens: string[] = [];
    const login = async (c: number): Promise<Record<string, string>> => {
      const res = await fetch(`${api.base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: userEmail(c), password: PASSWORD }),
      });
      tokens[c - 1] = ((await res.json()) as { accessToken: string }).accessToken;
      return { authorization: `Bearer ${tokens[c - 1]}` };
    };
    for (let c = 1; c <= shape.companies; c++) await login(c);
    await login(sizeCompanies.S);
    await login(sizeCompanies.L);
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
    const writeArms: Array<[string, string, string, string, boolean]> = [
      ['movements-random', 'POST /transactions, random rows', '/api/v1/transactions', 'bench-random', false],
      ['movements-hot', 'POST /transactions, one hot row', '/api/v1/transactions', 'bench-hot', true],
      [
        'naive-random',
        'naive baseline (interactive Prisma transaction), random rows',
        '/api/v1/bench/naive-transactions',
        'bench-naive',
        false,
      ],
      ['naive-hot', 'naive baseline, one hot row', '/api/v1/bench/naive-transactions', 'bench-naive-hot', true],
    ];
    for (const [key, arm, path, notes, hot] of writeArms) {
      let accepted = 0;
      const res = await measureArm(api, arm, CONCURRENCY, movement(path, notes, hot), (r) => (accepted += r['2xx']));
      // Warm-up requests also wrote rows: count them from the database's side of the ledger.
      const warm = (await ledgerRows(db, notes)) - accepted;
      results.push({ ...res, key });
      checks.push(await checkWrites(db, arm, notes, accepted + warm));
      checks[checks.length - 1].detail += ` (incl. ${warm} from warm-ups)`;
    }
    // The ceiling (issue 15): a bare Fastify + pg server serving the minimal movement, same pool size, as the superuser.
    {
      const ceiling = new CeilingServer();
      await ceiling.start(url, API_POOL_SIZE);
      try {
        for (const hot of [false, true]) {
          const notes = hot ? 'bench-ceiling-hot' : 'bench-ceiling';
          const arm = `bare Fastify + pg, minimal SQL, ${hot ? 'one hot row' : 'random rows'}`;
          const next = (): RequestSpec => {
            const c = hot ? 1 : rand(shape.companies);
            return {
              method: 'POST',
              path: '/movements',
              headers: auth(c),
              body: JSON.stringify({
                warehouseId: warehouseId(c, hot ? 1 : rand(shape.warehouses)),
                itemId: itemId(c, hot ? 1 : rand(shape.items)),
                quantity: '1',
                notes,
                userId: userId(c),
              }),
            };
          };
          let accepted = 0;
          const res = await measureArm(ceiling, arm, CONCURRENCY, next, (r) => (accepted += r['2xx']));
          const warm = (await ledgerRows(db, notes)) - accepted;
          results.push({ ...res, key: hot ? 'ceiling-hot' : 'ceiling-random' });
          checks.push(await checkWrites(db, arm, notes, accepted + warm));
          checks[checks.length - 1].detail += ` (incl. ${warm} from warm-ups)`;
        }
      } finally {
        await ceiling.stop();
      }
    }
    // Stock-operation arms (issue 12), with the same correctness checks: a transfer writes two ledger rows.
    const transfer = (): RequestSpec => {
      const c = rand(shape.companies);
      const from = rand(shape.warehouses);
      const to = (from % shape.warehouses) + 1;
      return {
        method: 'POST',
        path: '/api/v1/transfers',
        headers: auth(c),
        body: JSON.stringify({
          fromWarehouseId: warehouseId(c, from),
          toWarehouseId: warehouseId(c, to),
          itemId: itemId(c, rand(shape.items)),
          quantity: 1,
          notes: 'bench-transfer',
        }),
      };
    };
    {
      const arm = 'POST /transfers, random rows (both directions)';
      let accepted = 0;
      const res = await measureArm(api, arm, CONCURRENCY, transfer, (r) => (accepted += r['2xx']));
      const legs = await ledgerRows(db, 'bench-transfer');
      const warm = legs / 2 - accepted;
      results.push({ ...res, key: 'transfers' });
      checks.push(await checkWrites(db, arm, 'bench-transfer', (accepted + warm) * 2));
      checks[checks.length - 1].detail += ` (two legs per transfer, incl. ${warm} transfers from warm-ups)`;
    }
    const reserve = (): RequestSpec => {
      const c = rand(shape.companies);
      return {
        method: 'POST',
        path: '/api/v1/reservations',
        headers: auth(c),
        body: JSON.stringify({
          warehouseId: warehouseId(c, rand(shape.warehouses)),
          itemId: itemId(c, rand(shape.items)),
          quantity: 1,
          reference: 'bench-reserve',
        }),
      };
    };
    {
      const arm = 'POST /reservations, random rows';
      let accepted = 0;
      const res = await measureArm(api, arm, CONCURRENCY, reserve, (r) => (accepted += r['2xx']));
      const made = Number(
        (await db.query<{ n: string }>(`SELECT count(*) AS n FROM reservations WHERE reference = 'bench-reserve'`)).rows[0]?.n ?? 0,
      );
      results.push({ ...res, key: 'reservations' });
      checks.push(await checkReservations(db, arm, 'bench-reserve', made));
      checks[checks.length - 1].detail += ` (${made - accepted} from warm-ups)`;
    }
    // Receipts and shipments of 500 lines (issue 13): time per document, movements/s (bench/arms/documents.ts).
    const documents = await documentsArm(api.base, auth(1), db, shape);
    checks.push(documents.check);
    // PostgreSQL alone: the API's own statement, and the minimal movement (issue 15), random rows and one hot row.
    const pgbenchArms = [
      {
        key: 'pgbench-api',
        label: "pgbench: the API's movement statement",
        statement: apiStatementScript(),
        notes: 'pgbench',
        clients: CONCURRENCY,
      },
      {
        key: 'pgbench-minimal',
        label: 'pgbench: minimal movement SQL',
        statement: minimalScript('pgbench-minimal'),
        notes: 'pgbench-minimal',
        clients: MINIMAL_CLIENTS,
      },
    ];
    for (const p of pgbenchArms) {
      for (const hot of [false, true]) {
        const before = await ledgerRows(db, p.notes);
        const arm = `${p.label}, ${hot ? 'one hot row' : 'random rows'} (${p.clients} clients)`;
        const res = pgbenchArm({ url, arm, statement: p.statement, hot, clients: p.clients });
        results.push({ ...res, key: `${p.key}-${hot ? 'hot' : 'random'}` });
        const after = await ledgerRows(db, p.notes);
        checks.push({ arm: res.arm, ok: after > before, detail: `${after - before} ledger rows written (incl. warm-ups)` });
      }
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
    const readArms: Array<[string, string, () => RequestSpec]> = [
      [
        'read-inventory',
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
        'read-history-deep',
        'GET /transactions deep in history (cursor at 80 %)',
        () => {
          const c = rand(shape.companies);
          const list = deepCursors[c - 1] ?? [];
          return { method: 'GET', path: `/api/v1/transactions?limit=20&cursor=${list[rand(list.length) - 1]}`, headers: auth(c) };
        },
      ],
      [
        'read-history-item',
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
        'read-inventory-asof',
        'GET /inventory?asOf (random instant of the year, one warehouse, page 1)',
        () => {
          const c = rand(shape.companies);
          const at = new Date(Date.now() - rand(365 * 24) * 3_600_000).toISOString();
          return {
            method: 'GET',
            path: `/api/v1/inventory?warehouseId=${warehouseId(c, rand(shape.warehouses))}&asOf=${at}&limit=20`,
            headers: auth(c),
          };
        },
      ],
      [
        'read-stats',
        'GET /dashboard/stats',
        () => {
          const c = rand(shape.companies);
          return { method: 'GET', path: '/api/v1/dashboard/stats', headers: auth(c) };
        },
      ],
      [
        'read-low-stock',
        'GET /dashboard/low-stock',
        () => {
          const c = rand(shape.companies);
          return { method: 'GET', path: '/api/v1/dashboard/low-stock', headers: auth(c) };
        },
      ],
    ];
    for (const [key, arm, next] of readArms) results.push({ ...(await measureArm(api, arm, CONCURRENCY, next)), key });
    // 1 vs 2 API processes on the same database (issue 16): movements and the first read arm.
    const scaleOut = await scaleOutArms({
      api,
      databaseUrl: appUrl,
      db,
      movement: (notes) => movement('/api/v1/transactions', notes, false),
      read: { arm: readArms[0][1], next: readArms[0][2] },
    });
    checks.push(...scaleOut.checks);

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
    // Issue 15: reads at two company sizes; fixed rate at half of each arm's maximum; a burst of 20 logins.
    const sizes = await sizeArms(api, sizeCompanies, auth);
    results.push(...sizes.flatMap((r) => [r.S, r.L]));
    checks.push(await sizeCheck(db, sizeCompanies));
    // Each beside PostgreSQL alone at the same rate, where the arm's SQL makes a pgbench script.
    const readScripts = await hotReadScripts();
    const fixedRate = await fixedRateArms(
      api,
      results,
      [
        {
          of: 'movements-random',
          arm: 'POST /transactions, random rows',
          next: movement('/api/v1/transactions', 'bench-rate', false),
          database: { script: pgbenchScript(RANDOM_ROW_VARIABLES, [apiStatementScript()]) },
        },
        ...readArms.map(([of, arm, next]) => {
          const script = readScripts[of];
          return { of, arm, next, ...(script ? { database: { script } } : {}) };
        }),
      ],
      url,
    );
    results.push(...fixedRate);
    const loginBurst = await loginBurstArm(
      api,
      Array.from({ length: shape.companies }, (_, c) => userEmail(c + 1)),
      movement('/api/v1/transactions', 'bench-login-burst', false),
    );
    results.push(...loginBurst.arms);
    // Issue 14: webhooks (company 1) and the CSV export (a company seeded for it), through this API process.
    const integration = await integrationArms({
      api,
      db,
      auth: auth(1),
      exportCompany: shape.companies + 3,
      passwordHash: hash,
      login,
    });
    results.push(...integration.results);
    checks.push(...integration.checks);

    // As the API's role with company 1 set: the plans include the row-level-security conditions.
    await db.query(`SET ROLE "${role.name}"`);
    await db.query("SELECT set_config('app.company_id', $1, false)", [companyId(1)]);
    const plans = deepestRow ? await explainHotQueries(db, deepestRow) : '(no plans: empty history)';
    await db.query('RESET ROLE');
    const seqScans = /Seq Scan on (transactions|inventory)\b/.test(plans);
    const bcryptRate = await bcryptAlone(hash);
    log(`bcrypt alone: ${round(bcryptRate)} compares/s`);
    const rssEnd = round(api.rssMb());
    const rssRunPeak = api.runRssPeak();

    writeReport({
      results,
      checks,
      loginRuns,
      movementRuns,
      plans,
      seqScans,
      bcryptRate,
      rssEnd,
      rssRunPeak,
      sizes,
      fixedRate,
      loginBurst: loginBurst.result,
      integration: integration.measure,
      versions,
      serverKind: server.kind,
      seeded,
      documents: documents.measure,
      scaleOut,
      generator: loadGenerator(),
    });
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
