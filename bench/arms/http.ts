import autocannon from 'autocannon';
import type { Api } from '../api';
import { log, median, round, timing, type ArmResult } from '../common';
import { findWrk, requestHeaders, wrkLoad, type LoadResult, type RequestSpec } from './wrk';

export type { LoadResult, RequestSpec } from './wrk';

/** The load generator of this run: wrk where installed (lean C, leaves the cores to the API), else autocannon. */
export const loadGenerator = (): 'wrk' | 'autocannon' => (findWrk() ? 'wrk' : 'autocannon');

/** What an arm reports of one load run (wrk, or autocannon, whose result has the same shape). */
export function loadFigures(r: LoadResult): Pick<ArmResult, 'rps' | 'p50' | 'p99' | 'errors' | 'non2xx' | 'ok'> {
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, ok: r['2xx'] };
}

/**
 * HTTP arms: warm-up then measured runs, medians. `base`: one API, or several, whose connections the
 * generator spreads over them (as a balancer would).
 */
export async function load(base: string | string[], seconds: number, connections: number, next: () => RequestSpec): Promise<LoadResult> {
  const wrk = findWrk();
  if (wrk) return wrkLoad(wrk, base, seconds, connections, next);
  return autocannon({
    // autocannon accepts a list of URLs; its type declares one.
    url: base as string,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (req: autocannon.Request): autocannon.Request => {
          const spec = next();
          return { ...req, method: spec.method, path: spec.path, body: spec.body, headers: requestHeaders(spec) };
        },
      },
    ],
  });
}

/** What an arm drives: the API (with its RSS and event-loop probes) or another server. */
export type Target = Pick<Api, 'base'> & Partial<Pick<Api, 'takeRssPeak' | 'resetEld' | 'eldP99'>>;

export async function measureArm(
  api: Target,
  arm: string,
  connections: number,
  next: () => RequestSpec,
  onRun?: (r: LoadResult) => void,
  /** The run's timing unless an arm needs its own (warm-up 0: none). */
  t: { warmup: number; measure: number; runs: number } = timing,
): Promise<ArmResult> {
  const runs: ArmResult[] = [];
  for (let run = 0; run < t.runs; run++) {
    if (t.warmup > 0) await load(api.base, t.warmup, connections, next);
    api.takeRssPeak?.();
    api.resetEld?.();
    const r = await load(api.base, t.measure, connections, next);
    onRun?.(r);
    runs.push({
      arm,
      ...loadFigures(r),
      rssMb: api.takeRssPeak?.(),
      eldP99: api.eldP99 ? await api.eldP99() : undefined,
    });
    log(`${arm} run ${run + 1}: ${round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}`);
    // An arm that measured refusals measured nothing: stop the run here rather than report it.
    if (r['2xx'] === 0 || r.non2xx > r['2xx']) {
      throw new Error(`${arm}: ${r.non2xx} non-2xx answers against ${r['2xx']} 2xx; the arm is not measuring what it says`);
    }
  }
  return combineRuns(arm, runs, api);
}

/**
 * Two arms compared with each other, measured in alternating rounds — each side first in every other round —
 * so what drifts during a run (the ledger's growth, checkpoints, autovacuum after the other side's writes)
 * falls on both alike; each side's runs combined (medians). `measure` runs one side once.
 */
export async function alternatingArms<K extends string>(
  api: Pick<Target, 'takeRssPeak' | 'eldP99'>,
  rounds: number,
  [first, second]: readonly [K, K],
  label: (side: K) => string,
  measure: (side: K) => Promise<ArmResult>,
): Promise<Record<K, ArmResult>> {
  const runs = new Map<K, ArmResult[]>([
    [first, []],
    [second, []],
  ]);
  for (let r = 0; r < rounds; r++) {
    for (const side of r % 2 ? [second, first] : [first, second]) runs.get(side)?.push(await measure(side));
  }
  const combined = (side: K) => combineRuns(label(side), runs.get(side) ?? [], api);
  return { [first]: combined(first), [second]: combined(second) } as Record<K, ArmResult>;
}

/** One arm's figures from its runs: medians, the requests of every run, the peak RSS. */
export function combineRuns(arm: string, runs: ArmResult[], api: Pick<Target, 'takeRssPeak' | 'eldP99'>): ArmResult {
  const pick = (k: keyof ArmResult) => median(runs.map((r) => r[k] as number));
  return {
    arm,
    rps: pick('rps'),
    p50: pick('p50'),
    p99: pick('p99'),
    errors: pick('errors'),
    non2xx: pick('non2xx'),
    ok: runs.reduce((n, r) => n + r.ok, 0),
    rssMb: api.takeRssPeak ? Math.max(...runs.map((r) => r.rssMb ?? 0)) : undefined,
    eldP99: api.eldP99 ? pick('eldP99') : undefined,
  };
}
