import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { requestHeaders, type LoadResult, type RequestSpec } from './wrk';

export interface OpenLoopResult extends LoadResult {
  /** How late this process sent requests after their scheduled instants, ms: a busy generator shows here. */
  sendLate: { p99: number; max: number };
}

/** A request that has not answered in this long counts as a timeout. */
const TIMEOUT_MS = 10_000;

/**
 * An open-loop load generator: `rate` requests a second, each sent at its own scheduled instant
 * (`start + i / rate`) whether or not earlier ones have answered, over at most `connections` keep-alive
 * connections (a request finding them all busy waits for one). Latency is measured from the scheduled
 * instant, not from when the request went out, so a stall — of the server, or of this process — counts
 * in full for every request it delayed (no coordinated omission, as in wrk2).
 *
 * Written by hand because none of the generators at hand does this: autocannon's `overallRate` lets each
 * connection send its share of the second back to back and then pause until the next second (its
 * `Client.prototype._doRequest` counts `reqsMadeThisSecond`), so "half the maximum rate" is the maximum
 * rate for half of every second — the p50 it reported at half rate was the latency of saturation; wrk's
 * fixed-rate mode (`-R`) is wrk2's, which Debian does not package; `loadtest`'s `requestsPerSecond` opens a
 * new client whenever none is free and measures from the actual send.
 */
export async function openLoop(
  base: string,
  rate: number,
  seconds: number,
  connections: number,
  next: () => RequestSpec,
): Promise<OpenLoopResult> {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const interval = 1000 / rate;
  const total = Math.max(1, Math.round(rate * seconds));
  const latencies: number[] = [];
  const late: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let answered = 0;
  let sent = 0;
  const start = performance.now() + 1;

  await new Promise<void>((resolve) => {
    const send = (scheduled: number) => {
      late.push(performance.now() - scheduled);
      const spec = next();
      // Each request ends once: answered, failed or timed out, whichever comes first.
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        outcome();
        if (++answered === total) resolve();
      };
      const failed = () => finish(() => errors++);
      const req = request(
        { host: url.hostname, port: url.port, method: spec.method, path: spec.path, headers: requestHeaders(spec), agent },
        (res) => {
          res.resume();
          res.on('end', () =>
            finish(() => {
              latencies.push(performance.now() - scheduled);
              if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) ok++;
              else non2xx++;
            }),
          );
          // A connection lost in the middle of the body: no 'end'.
          res.on('error', failed);
          res.on('close', failed);
        },
      );
      req.setTimeout(TIMEOUT_MS, () =>
        finish(() => {
          timeouts++;
          req.destroy();
        }),
      );
      req.on('error', failed);
      req.end(spec.body);
    };
    // Sends every request whose instant has come (several, if this process fell behind), then sleeps
    // until the next one's.
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) send(start + sent++ * interval);
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    setTimeout(tick, 1);
  });
  const elapsedS = (performance.now() - start) / 1000;
  agent.destroy();

  latencies.sort((a, b) => a - b);
  late.sort((a, b) => a - b);
  const quantile = (xs: number[], q: number) =>
    xs.length ? Math.round(xs[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)] * 10) / 10 : 0;
  const at = (q: number) => quantile(latencies, q);
  return {
    requests: { average: (ok + non2xx) / elapsedS, sent: total, total: ok + non2xx },
    latency: { p50: at(0.5), p99: at(0.99) },
    '2xx': ok,
    non2xx,
    errors,
    timeouts,
    sendLate: { p99: quantile(late, 0.99), max: quantile(late, 1) },
  };
}
