import autocannon from 'autocannon';
import type { Api } from '../api';
import { log, median, round, timing, type ArmResult } from '../common';

/** HTTP arms: autocannon against the API, warm-up then measured runs, medians. */
export type RequestSpec = { method: 'GET' | 'POST'; path: string; body?: string; headers: Record<string, string> };

/** `base`: one API, or several, whose connections autocannon assigns round-robin (as a balancer would). */
export async function load(
  base: string | string[],
  seconds: number,
  connections: number,
  next: () => RequestSpec,
): Promise<autocannon.Result> {
  return autocannon({
    // autocannon accepts a list of URLs; its type declares one.
    url: base as string,
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

export async function measureArm(
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
