/**
 * Issue 14 measurements, as arms of `npm run bench`, against the bench's API child process (with its
 * own webhook dispatcher, production defaults, WEBHOOK_ALLOW_PRIVATE_URLS=true so it may post to the
 * loopback):
 *   1. movements/s (company 1, random rows) without webhooks (3 endpoints inactive) and with them subscribed
 *      (deliveries held: the write path alone), alternating in rounds; then with 3 endpoints subscribed
 *      to stock.moved: the event is written by the movement statement (trigger), and the dispatcher in
 *      the same API process fans it out to the 3 endpoints and delivers them while the load runs;
 *   2. delivery lag (event committed → received by a loopback receiver that verifies every
 *      Standard Webhooks signature), p50/p99, under a steady load the dispatcher keeps up with;
 *   3. CSV export of one company's transactions (1,000,000 rows in full mode): rows/s and the API's
 *      peak RSS during the stream.
 */
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import type { Api } from '../api';
import { checkWrites, ledgerRows, type Check } from '../checks';
import { CONCURRENCY, QUICK_MODE, log, rand, round, shape, timing, type ArmResult } from '../common';
import { itemId, seedCompanies, warehouseId, type BenchShape } from '../seed';
import { alternatingArms, measureArm, type RequestSpec } from './http';

/** Issue 14: movements with 3 endpoints subscribed keep at least this share of their rate without. */
export const WEBHOOK_TARGET = 0.9;
const ENDPOINTS = 3;
/** The export company: 10 warehouses × 1,000 items × 100 movements = 1,000,000 rows (quick: 2 × 100 × 100 = 20,000). */
export const EXPORT_SHAPE: BenchShape = QUICK_MODE
  ? { companies: 1, warehouses: 2, items: 100, movementsPerRow: 100 }
  : { companies: 1, warehouses: 10, items: 1000, movementsPerRow: 100 };
/**
 * How long the backlog of the throughput arm may drain before the rest is cancelled (seconds): long
 * enough to measure the drain rate; a full run queues ~100,000 deliveries, minutes of draining.
 */
const DRAIN_LIMIT_S = QUICK_MODE ? 5 : 30;
/** Steady load for the lag: this many workers, each a movement then a pause. */
const LAG_WORKERS = 2;
const LAG_PAUSE_MS = 20;
const ON_NOTES = 'bench-webhooks-on';
const LAG_NOTES = 'bench-webhooks-lag';
const HELD_NOTES = 'bench-webhooks-held';
const OFF_NOTES = 'bench-webhooks-off';
/** The throughput arms: one run each (quick: 2 s measured), to keep the run's length in bounds. */
const ARM_TIMING = QUICK_MODE ? { ...timing, measure: 2 } : { ...timing, runs: 1 };
/** Rounds of without / held, alternating (the full run's runs per arm). */
const INTERLEAVED_ROUNDS = QUICK_MODE ? 1 : timing.runs;

export interface IntegrationMeasure {
  without: number;
  with: number;
  /** With the endpoints subscribed but the deliveries held (not due): the outbox write path alone. */
  held: number;
  /** Deliveries queued by the throughput arm and how fast the dispatcher drained them after it. */
  backlog: number;
  /** Of the backlog, delivered while the arm was still running. */
  deliveredDuringArm: number;
  drainPerSecond: number;
  drained: boolean;
  lagMovements: number;
  lagDeliveries: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
  badSignatures: number;
  duplicates: number;
  exportRows: number;
  exportSeconds: number;
  exportMb: number;
  exportRowsPerSecond: number;
  exportRssBeforeMb: number;
  exportRssPeakMb: number;
  exportRssQuartersMb: number[];
}

interface Receiver {
  server: Server;
  url: (n: number) => string;
  secrets: string[];
  /** Unique (endpoint, webhook-id) pairs received with a valid signature. */
  seen: Set<string>;
  /** Of those, how many per the movement's notes (which arm's movement the event describes). */
  byNotes: Map<string, number>;
  lags: number[];
  bad: number;
  duplicates: number;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The loopback receiver: /hook/<n> verifies with endpoint n's secret, answers 204 (401 on a bad signature). */
async function startReceiver(): Promise<Receiver> {
  const rx: Receiver = {
    server: undefined as unknown as Server,
    url: () => '',
    secrets: [],
    seen: new Set(),
    byNotes: new Map(),
    lags: [],
    bad: 0,
    duplicates: 0,
  };
  rx.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = Date.now();
      const body = Buffer.concat(chunks).toString('utf8');
      const n = Number(/\/hook\/(\d+)/.exec(req.url ?? '')?.[1] ?? -1);
      const secret = rx.secrets[n];
      try {
        if (!secret) throw new Error('no such endpoint');
        const event = new Webhook(secret).verify(body, req.headers as Record<string, string>) as {
          timestamp: string;
          data?: { notes?: string };
        };
        const key = `${n}:${String(req.headers['webhook-id'])}`;
        if (rx.seen.has(key)) rx.duplicates++;
        else {
          rx.seen.add(key);
          const notes = event.data?.notes ?? '';
          rx.byNotes.set(notes, (rx.byNotes.get(notes) ?? 0) + 1);
          if (notes === LAG_NOTES) rx.lags.push(received - Date.parse(event.timestamp));
        }
        res.writeHead(204).end();
      } catch {
        rx.bad++;
        res.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((r) => rx.server.listen(0, '127.0.0.1', r));
  const port = (rx.server.address() as AddressInfo).port;
  rx.url = (n) => `http://127.0.0.1:${port}/hook/${n}`;
  return rx;
}

async function call(
  base: string,
  method: string,
  path: string,
  auth: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export interface IntegrationArmsInput {
  api: Api;
  db: Client;
  /** Company 1's admin. */
  auth: Record<string, string>;
  /** The company number to seed the export company as, and a login for it. */
  exportCompany: number;
  passwordHash: string;
  login: (c: number) => Promise<Record<string, string>>;
}

export async function integrationArms(
  input: IntegrationArmsInput,
): Promise<{ measure: IntegrationMeasure; results: ArmResult[]; checks: Check[] }> {
  const { api, db, auth } = input;
  // Company 1's rows only: the endpoints are company 1's.
  const movement = (notes: string) => (): RequestSpec => ({
    method: 'POST',
    path: '/api/v1/transactions',
    headers: auth,
    body: JSON.stringify({
      type: 'OUTBOUND',
      warehouseId: warehouseId(1, rand(shape.warehouses)),
      itemId: itemId(1, rand(shape.items)),
      quantity: 1,
      notes,
    }),
  });
  const results: ArmResult[] = [];
  const checks: Check[] = [];
  const rx = await startReceiver();
  try {
    // 1. Throughput without and with 3 endpoints subscribed to stock.moved (company 1, random rows).
    const endpoints: string[] = [];
    for (let n = 0; n < ENDPOINTS; n++) {
      const res = await call(api.base, 'POST', '/api/v1/webhooks', auth, { url: rx.url(n), events: ['stock.moved'] });
      if (res.status !== 201) throw new Error(`webhook endpoint: ${res.status} ${JSON.stringify(res.json)}`);
      rx.secrets[n] = String(res.json.secret);
      endpoints.push(String(res.json.id));
    }
    const setActive = async (isActive: boolean): Promise<void> => {
      for (const id of endpoints) {
        const res = await call(api.base, 'PATCH', `/api/v1/webhooks/${id}`, auth, { isActive });
        if (res.status !== 200) throw new Error(`webhook endpoint ${id}: ${res.status} ${JSON.stringify(res.json)}`);
      }
    };
    // Without (the endpoints inactive: no event is written) and the write path alone (active, one event per
    // movement, written as already fanned out — the column default, moved and restored — so the dispatcher
    // finds nothing to do; the one thing this skips is the event's entry in the small partial index of events
    // waiting for their fan-out), alternating in rounds, each side first in every other round, so the ledger's
    // growth and whatever else shares the machine (checkpoints, autovacuum) fall on both alike; medians.
    const offArm = `POST /transactions (company 1, random rows), ${ENDPOINTS} endpoints inactive (no event written)`;
    const heldArm = `POST /transactions (company 1, random rows), ${ENDPOINTS} endpoints subscribed, deliveries held (outbox write path only)`;
    const label = (side: 'off' | 'held') => (side === 'held' ? heldArm : offArm);
    await db.query('ALTER TABLE webhook_events ALTER COLUMN fanned_out SET DEFAULT true');
    let measured: Record<'off' | 'held', ArmResult>;
    try {
      measured = await alternatingArms(api, INTERLEAVED_ROUNDS, ['off', 'held'] as const, label, async (side) => {
        await setActive(side === 'held');
        return measureArm(api, label(side), CONCURRENCY, movement(side === 'held' ? HELD_NOTES : OFF_NOTES), undefined, {
          ...ARM_TIMING,
          runs: 1,
        });
      });
    } finally {
      await db.query('ALTER TABLE webhook_events ALTER COLUMN fanned_out SET DEFAULT false');
      await setActive(true);
    }
    const { off, held } = measured;
    results.push({ ...off, key: 'webhooks-off' }, { ...held, key: 'webhooks-held' });
    const heldEvents = Number(
      (
        await db.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_events WHERE type = 'stock.moved' AND payload->>'notes' = $1`, [
          HELD_NOTES,
        ])
      ).rows[0]?.n ?? NaN,
    );
    const offEvents = Number(
      (await db.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_events WHERE payload->>'notes' = $1`, [OFF_NOTES])).rows[0]?.n ??
        NaN,
    );
    checks.push({
      arm: 'movements with webhook endpoints, deliveries held',
      ok: heldEvents === (await ledgerRows(db, HELD_NOTES)) && offEvents === 0,
      detail: `${heldEvents} events written for ${await ledgerRows(db, HELD_NOTES)} committed movements (want one each); ${offEvents} while the endpoints were inactive (want 0)`,
    });
    // With the dispatcher (in the API process, as deployed by default) delivering while the arm runs.
    const on = await measureArm(
      api,
      `POST /transactions (company 1, random rows), ${ENDPOINTS} endpoints subscribed to stock.moved`,
      CONCURRENCY,
      movement(ON_NOTES),
      undefined,
      ARM_TIMING,
    );
    results.push({ ...on, key: 'webhooks-on' });
    checks.push(await checkWrites(db, 'movements with webhook endpoints (incl. warm-ups)', ON_NOTES, await ledgerRows(db, ON_NOTES)));

    // 2. The backlog those movements queued drains; then the lag under a steady load.
    const backlog = ENDPOINTS * (await ledgerRows(db, ON_NOTES));
    const drainStart = Date.now();
    const backlogSeen = () => rx.byNotes.get(ON_NOTES) ?? 0;
    // Delivered while the arm ran (the dispatcher runs in the API process throughout).
    const deliveredDuringArm = backlogSeen();
    while (backlogSeen() < backlog && Date.now() - drainStart < DRAIN_LIMIT_S * 1000) await sleep(50);
    const drainSeconds = (Date.now() - drainStart) / 1000;
    const drained = backlogSeen() >= backlog;
    const drainedCount = backlogSeen();
    const drainPerSecond = round((drainedCount - deliveredDuringArm) / drainSeconds);
    log(
      `webhooks: ${drainedCount} of ${backlog} backlog deliveries in ${round(drainSeconds)} s${drained ? '' : ' (not drained: the rest cancelled)'}`,
    );
    if (!drained) {
      await db.query('UPDATE webhook_events SET fanned_out = true WHERE NOT fanned_out');
      await db.query(`UPDATE webhook_deliveries SET status = 'FAILED', last_error = 'bench: backlog cancelled' WHERE status = 'PENDING'`);
      await sleep(2000);
    }
    const until = Date.now() + ARM_TIMING.measure * 1000;
    let moved = 0;
    const next = movement(LAG_NOTES);
    await Promise.all(
      Array.from({ length: LAG_WORKERS }, async () => {
        while (Date.now() < until) {
          const spec = next();
          const res = await fetch(`${api.base}${spec.path}`, {
            method: spec.method,
            headers: { ...spec.headers, 'content-type': 'application/json' },
            body: spec.body,
          });
          await res.arrayBuffer();
          if (res.status === 201) moved++;
          await sleep(LAG_PAUSE_MS);
        }
      }),
    );
    const lagDeadline = Date.now() + 60_000;
    const lagSeen = () => rx.byNotes.get(LAG_NOTES) ?? 0;
    while (lagSeen() < moved * ENDPOINTS && Date.now() < lagDeadline) await sleep(20);
    for (const id of endpoints) await call(api.base, 'DELETE', `/api/v1/webhooks/${id}`, auth);
    const lagMovements = await ledgerRows(db, LAG_NOTES);
    checks.push({
      arm: `webhooks: ${ENDPOINTS} endpoints on a loopback receiver`,
      ok: rx.bad === 0 && lagSeen() === lagMovements * ENDPOINTS && drainedCount <= backlog,
      detail: `${rx.bad} bad signatures; steady load: ${lagMovements} committed movements, ${lagSeen()} distinct deliveries (want ${lagMovements * ENDPOINTS}); throughput arm: ${drainedCount} of ${backlog}${drained ? '' : ' (rest cancelled after the drain limit)'}; ${rx.duplicates} redelivered duplicates`,
    });

    // 3. Export of one company's ledger: seeded now, so the other arms ran on the data set they always had.
    const E = input.exportCompany;
    const seedStart = Date.now();
    const exportRows = await seedCompanies(db, E, EXPORT_SHAPE, input.passwordHash);
    await db.query('ANALYZE transactions');
    log(`export company seeded: ${exportRows.toLocaleString('en-US')} movements in ${round((Date.now() - seedStart) / 1000)} s`);
    const exportAuth = await input.login(E);
    const samples: number[] = [];
    api.takeRssPeak();
    api.resetEld();
    const rssBefore = round(api.rssMb());
    const sampler = setInterval(() => samples.push(api.rssMb()), 100);
    const started = Date.now();
    const { bytes, lines, status } = await new Promise<{ bytes: number; lines: number; status: number }>((resolve, reject) => {
      get(`${api.base}/api/v1/exports/transactions.csv`, { headers: exportAuth }, (res) => {
        let b = 0;
        let n = 0;
        res.on('data', (c: Buffer) => {
          b += c.length;
          for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) n++;
        });
        res.on('end', () => resolve({ bytes: b, lines: n, status: res.statusCode ?? 0 }));
        res.on('error', reject);
      }).on('error', reject);
    });
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;
    const peak = api.takeRssPeak();
    const quarter = (q: number) => round(samples[Math.min(samples.length - 1, Math.floor((q * samples.length) / 4))] ?? NaN);
    // Quoted fields may hold line breaks (notes): the seeded ones do not, so lines − header = rows.
    const rows = lines - 1;
    results.push({
      arm: `GET /exports/transactions.csv (${exportRows.toLocaleString('en-US')} rows, one request; req/s column: rows/s)`,
      key: 'export-transactions',
      rps: round(rows / seconds),
      p50: round(seconds * 1000),
      p99: round(seconds * 1000),
      errors: 0,
      non2xx: status === 200 ? 0 : 1,
      ok: status === 200 ? 1 : 0,
      rssMb: peak,
      eldP99: await api.eldP99(),
    });
    checks.push({
      arm: 'CSV export of the export company',
      ok: status === 200 && rows === exportRows,
      detail: `HTTP ${status}, ${rows.toLocaleString('en-US')} rows exported of ${exportRows.toLocaleString('en-US')} in its ledger`,
    });
    const exportDrift = await checkWrites(db, 'ledger = stock after seeding the export company', '__none__', 0);
    checks.push({
      ...exportDrift,
      ok: /, 0 inventory rows off/.test(exportDrift.detail),
      detail: exportDrift.detail.replace(/^0 accepted, 0 new ledger rows, /, ''),
    });
    const measure: IntegrationMeasure = {
      without: off.rps,
      with: on.rps,
      held: held.rps,
      backlog,
      deliveredDuringArm,
      drainPerSecond,
      drained,
      lagMovements,
      lagDeliveries: rx.lags.length,
      lagP50: round(pct(rx.lags, 50)),
      lagP99: round(pct(rx.lags, 99)),
      lagMax: round(pct(rx.lags, 100)),
      badSignatures: rx.bad,
      duplicates: rx.duplicates,
      exportRows: rows,
      exportSeconds: round(seconds),
      exportMb: round(bytes / 2 ** 20),
      exportRowsPerSecond: round(rows / seconds),
      exportRssBeforeMb: rssBefore,
      exportRssPeakMb: peak,
      exportRssQuartersMb: [quarter(1), quarter(2), quarter(3), quarter(4)],
    };
    log(`integration: ${JSON.stringify(measure)}`);
    return { measure, results, checks };
  } finally {
    rx.server.close();
  }
}

export function integrationSection(m: IntegrationMeasure | undefined): string {
  if (!m) return '';
  const share = m.with / m.without;
  return [
    `Integration (bench/arms/integration.ts, issue 14): the API's own dispatcher (production defaults: poll 500 ms, batch 16) delivers to a loopback receiver in the bench process that verifies every Standard Webhooks signature. Movements: company 1, random rows, ${CONCURRENCY} connections, ${ARM_TIMING.warmup} s warm-up + ${ARM_TIMING.measure} s, ${ARM_TIMING.runs} run per arm.`,
    '',
    '| measure | value | target | met |',
    '|---|---:|---|---|',
    `| movements/s without webhooks (the ${ENDPOINTS} endpoints inactive; alternating in rounds with the held arm below) | ${round(m.without)} | | |`,
    `| movements/s with ${ENDPOINTS} endpoints subscribed, deliveries held (the outbox write path alone: one event row in the movement's statement; nothing fanned out or sent) | ${round(m.held)} (${round((100 * m.held) / m.without)} %) | ≥ 90 % of without | ${m.held >= WEBHOOK_TARGET * m.without ? 'yes' : '**no**'} |`,
    `| movements/s with ${ENDPOINTS} endpoints subscribed to stock.moved (dispatcher delivering meanwhile) | ${round(m.with)} (${round(100 * share)} %) | ≥ 90 % of without | ${share >= WEBHOOK_TARGET ? 'yes' : '**no**'} |`,
    `| deliveries queued by the arm with the dispatcher: sent while it ran; the rest drained after it at | ${m.backlog}: ${m.deliveredDuringArm}; ${m.drainPerSecond}/s${m.drained ? '' : ` (not all drained in ${DRAIN_LIMIT_S} s; the rest cancelled)`} | reported | |`,
    `| delivery lag p50 / p99 / max, event committed → received (${m.lagMovements} movements at a steady ${LAG_WORKERS} workers × ${LAG_PAUSE_MS} ms pause, ${m.lagDeliveries} deliveries) | ${m.lagP50} / ${m.lagP99} / ${m.lagMax} ms | reported | |`,
    `| bad signatures / redelivered duplicates | ${m.badSignatures} / ${m.duplicates} | 0 bad | ${m.badSignatures === 0 ? 'yes' : '**no**'} |`,
    `| CSV export of transactions: ${m.exportRows.toLocaleString('en-US')} rows, ${m.exportMb} MB in ${m.exportSeconds} s | ${m.exportRowsPerSecond} rows/s | reported | |`,
    `| API RSS during the export: before, peak; at each quarter of the stream | ${m.exportRssBeforeMb}, ${m.exportRssPeakMb} MB; ${m.exportRssQuartersMb.join(' / ')} MB | peak < 250 MB | ${m.exportRssPeakMb < 250 ? 'yes' : '**no**'} |`,
    '',
  ].join('\n');
}
