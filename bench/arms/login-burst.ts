import type { Api } from '../api';
import { CONCURRENCY, LOGIN_BURST, PASSWORD, QUICK_MODE, log, median, round, timing, type ArmResult } from '../common';
import { load, type RequestSpec } from './http';

/** Issue 15: during the burst, movements keep at least this share of their throughput alone. */
export const LOGIN_BURST_TARGET = 0.6;

export interface LoginBurstResult {
  /** Movements alone, then during the burst (median of the runs), req/s. */
  alone: number;
  during: number;
  /** Login latencies over every burst (ms) and the answers. */
  loginP50: number;
  loginP99: number;
  logins: number;
  loginsOk: number;
  /** 503 with Retry-After (the bounded queue refusing), 503 without it, anything else not 2xx. */
  refused: number;
  refusedWithoutRetryAfter: number;
  otherFailures: number;
  /** What the other failures were: status code or error name → count. */
  otherDetail: string;
  runs: number;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

/**
 * Login burst (issue 15): LOGIN_BURST sign-ins sent at once, and again as soon as all have answered,
 * for the measured period, while the load generator drives movements (random rows) at the run's
 * concurrency. Movements alone are measured just before each burst, so both numbers come from the
 * same state of the database. Logins are sent from this process (fetch), movements by the run's
 * generator.
 */
export async function loginBurstArm(
  api: Api,
  emails: string[],
  movement: () => RequestSpec,
): Promise<{ result: LoginBurstResult; arms: ArmResult[] }> {
  const alone: number[] = [];
  const during: number[] = [];
  const latencies: number[] = [];
  let refused = 0;
  let refusedBare = 0;
  let other = 0;
  let ok = 0;
  let sent = 0;
  const statuses = new Map<string, number>();
  const arms: ArmResult[] = [];
  const measure = timing.measure;
  for (let run = 0; run < timing.runs; run++) {
    const a = await load(api.base, measure, CONCURRENCY, movement);
    alone.push(a.requests.average);
    api.takeRssPeak();
    api.resetEld();
    let stop = false;
    const burst = async (): Promise<void> => {
      while (!stop) {
        await Promise.all(
          Array.from({ length: LOGIN_BURST }, async (_, n) => {
            const started = performance.now();
            sent++;
            try {
              const res = await fetch(`${api.base}/api/v1/auth/login`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ email: emails[n % emails.length], password: PASSWORD }),
              });
              await res.arrayBuffer();
              latencies.push(performance.now() - started);
              if (res.status >= 200 && res.status < 300) ok++;
              else if (res.status === 503 && res.headers.get('retry-after')) refused++;
              else if (res.status === 503) refusedBare++;
              else {
                other++;
                statuses.set(String(res.status), (statuses.get(String(res.status)) ?? 0) + 1);
              }
            } catch (err) {
              other++;
              const name = (err as Error).name || 'error';
              statuses.set(name, (statuses.get(name) ?? 0) + 1);
            }
          }),
        );
      }
    };
    const bursts = burst();
    const m = await load(api.base, measure, CONCURRENCY, movement);
    stop = true;
    await bursts;
    during.push(m.requests.average);
    arms.push({
      arm: `POST /transactions (random) during bursts of ${LOGIN_BURST} logins`,
      key: `login-burst-movements${run > 0 ? `-${run + 1}` : ''}`,
      rps: m.requests.average,
      p50: m.latency.p50,
      p99: m.latency.p99,
      errors: m.errors + m.timeouts,
      non2xx: m.non2xx,
      ok: m['2xx'],
      rssMb: api.takeRssPeak(),
      eldP99: await api.eldP99(),
    });
    log(
      `login burst run ${run + 1}: movements ${round(m.requests.average)} req/s during vs ${round(a.requests.average)} alone; logins so far ${latencies.length} (p99 ${round(pct(latencies, 99))} ms, 503 ${refused + refusedBare})`,
    );
  }
  const result: LoginBurstResult = {
    alone: median(alone),
    during: median(during),
    loginP50: round(pct(latencies, 50)),
    loginP99: round(pct(latencies, 99)),
    logins: sent,
    loginsOk: ok,
    refused,
    refusedWithoutRetryAfter: refusedBare,
    otherFailures: other,
    otherDetail: [...statuses].map(([k, n]) => `${n} × ${k}`).join(', '),
    runs: timing.runs,
  };
  // One row per arm in the main table: the median run.
  const mid = arms.find((r) => r.rps === result.during) ?? arms[0];
  return { result, arms: mid ? [{ ...mid, key: 'login-burst-movements' }] : [] };
}

export function loginBurstSection(r: LoginBurstResult | undefined): string {
  if (!r) return '';
  return [
    `Login burst (bench/arms/login-burst.ts): ${LOGIN_BURST} logins at once, again as soon as all have answered, while movements (random rows, ${CONCURRENCY} connections) run; movements alone measured just before each burst${QUICK_MODE ? '' : ` (${r.runs} runs, medians)`}.`,
    '',
    '| movements alone req/s | during the burst req/s | share (target ≥ 60 %) | logins answered | 2xx | login p50 ms | login p99 ms | 503 with Retry-After | 503 without | other failures |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${round(r.alone)} | ${round(r.during)} | ${round((100 * r.during) / r.alone)} % | ${r.logins} | ${r.loginsOk} | ${r.loginP50} | ${r.loginP99} | ${r.refused} | ${r.refusedWithoutRetryAfter} | ${r.otherFailures}${r.otherDetail ? ` (${r.otherDetail})` : ''} |`,
    '',
  ].join('\n');
}
