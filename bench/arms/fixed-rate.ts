import type { Api } from '../api';
import { API_POOL_SIZE, CONCURRENCY, QUICK_MODE, log, round, type ArmResult } from '../common';
import { loadFigures } from './http';
import { openLoop, type OpenLoopResult } from './open-loop';
import { pgbenchAtRate, type PgbenchAtRate } from './pgbench';
import type { RequestSpec } from './wrk';

/** Issue 15: p99 at a fixed rate of half the arm's measured maximum must stay under this. */
export const FIXED_RATE_P99_MS = 20;
const WARMUP_S = QUICK_MODE ? 0 : 3;
/**
 * One p99 from ~5,000–20,000 requests: the tail on this machine comes in clusters (a major GC, a stall of
 * PostgreSQL) that each delay tens of requests, so a 15 s window's p99 swung with whether one fell in it.
 */
const MEASURE_S = QUICK_MODE ? 1 : 45;

export interface FixedRateArm {
  /** The key of the arm whose req/s (measured earlier in this run) sets the rate. */
  of: string;
  arm: string;
  next: () => RequestSpec;
  /**
   * The arm's SQL as a pgbench script (bench/arms/pgbench.ts), run at the same rate after it: PostgreSQL's own
   * tail at that rate on this machine, to tell the API's share of a p99 from the database's. Run prepared,
   * as the API runs the movement and the hot reads.
   */
  database?: { script: string };
}

export interface FixedRateResult extends ArmResult {
  /** The rate asked for (half the arm's maximum) and the one achieved. */
  targetRps: number;
  /** How late the generator itself sent requests (p99, max ms): its own stalls count in the latencies too. */
  sendLate: OpenLoopResult['sendLate'];
  /** PostgreSQL alone at the same rate (pgbench, the arm's SQL), when the arm has a script. */
  database?: PgbenchAtRate;
}

/**
 * Fixed-rate arms (issue 15): each arm driven at half the req/s it reached earlier in the run, p99
 * reported. The generator is bench/arms/open-loop.ts whatever drove the maximum (Debian's wrk has no
 * fixed-rate mode, autocannon's sends each second's share in a burst): requests at evenly spaced instants,
 * latency from each one's instant. It runs in this process, which takes some CPU from the API and
 * PostgreSQL on a 2-core machine (less at half rate than flat out).
 */
export async function fixedRateArms(api: Api, results: ArmResult[], arms: FixedRateArm[], databaseUrl: string): Promise<FixedRateResult[]> {
  const out: FixedRateResult[] = [];
  for (const a of arms) {
    const max = results.find((r) => r.key === a.of)?.rps ?? 0;
    const rate = Math.max(1, Math.round(max / 2));
    const run = (duration: number) => openLoop(api.base, rate, duration, CONCURRENCY, a.next);
    if (WARMUP_S > 0) await run(WARMUP_S);
    api.takeRssPeak();
    api.resetEld();
    const r = await run(MEASURE_S);
    const res: FixedRateResult = {
      arm: `fixed rate ${rate} req/s (half of max): ${a.arm}`,
      key: `rate-${a.of}`,
      targetRps: rate,
      sendLate: r.sendLate,
      ...loadFigures(r),
      rssMb: api.takeRssPeak(),
      eldP99: await api.eldP99(),
    };
    log(
      `${res.arm}: ${round(res.rps)} req/s achieved, p50 ${res.p50} ms, p99 ${res.p99} ms, non-2xx ${res.non2xx}, generator late p99 ${res.sendLate.p99} / max ${res.sendLate.max} ms`,
    );
    if (a.database) {
      // As many connections as the API's pool, and the API's warm-up plus a fresh connection's first plans.
      res.database = pgbenchAtRate(databaseUrl, a.database.script, rate, API_POOL_SIZE, WARMUP_S + 2, MEASURE_S);
      log(
        `  PostgreSQL alone at ${rate}/s (pgbench, same SQL): ${res.database.tps} tps, p50 ${res.database.p50} ms, p99 ${res.database.p99} ms`,
      );
    }
    out.push(res);
  }
  return out;
}

export function fixedRateSection(rows: FixedRateResult[]): string {
  if (rows.length === 0) return '';
  return [
    `Fixed rate (bench/arms/fixed-rate.ts; open loop, bench/arms/open-loop.ts: one request every 1/rate s, latency from its scheduled instant, at most ${CONCURRENCY} connections, ${MEASURE_S} s after ${WARMUP_S} s warm-up): each arm at half the req/s it reached above; target p99 < ${FIXED_RATE_P99_MS} ms.`,
    '',
    "PostgreSQL alone: pgbench `--rate` at the same rate, the arm's own SQL (prepared, as the API sends the movement and the hot reads: named statements), as many connections as the API's pool, as the superuser (no row-level security), Poisson arrivals (burstier than the evenly spaced API arm), latency from each scheduled start, the first seconds dropped; \"—\" where the arm's parameters (a date, a cursor) do not follow a random company. The API also sends the per-request principal check and the tenant prefix.",
    '',
    '| arm | rate asked req/s | achieved req/s | p50 ms | p99 ms | non-2xx | event-loop p99 ms | generator late p99 / max ms | PostgreSQL alone p50 / p99 ms | p99 < 20 ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.arm.replace(/^fixed rate \d+ req\/s \(half of max\): /, '')} | ${r.targetRps} | ${round(r.rps)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.eldP99 ?? '—'} | ${r.sendLate.p99} / ${r.sendLate.max} | ${r.database ? `${r.database.p50} / ${r.database.p99}` : '—'} | ${r.p99 < FIXED_RATE_P99_MS ? 'yes' : '**no**'} |`,
    ),
    '',
  ].join('\n');
}
