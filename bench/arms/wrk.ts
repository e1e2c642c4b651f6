import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One HTTP request of an arm. */
export type RequestSpec = { method: 'GET' | 'POST'; path: string; body?: string; headers: Record<string, string> };

/** The headers a request is sent with: its own, and the JSON content type when it has a body. */
export const requestHeaders = (spec: RequestSpec): Record<string, string> => ({
  ...spec.headers,
  ...(spec.body ? { 'content-type': 'application/json' } : {}),
});

/**
 * What a load period measured, in the shape the arms (and the other helpers' hooks) read — the fields
 * autocannon's result has, so either generator can sit behind `load()`.
 */
export interface LoadResult {
  requests: { average: number; sent: number; total: number };
  latency: { p50: number; p99: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

let wrkPath: string | null | undefined;

/** The wrk binary, if installed (Debian package `wrk`); as root the harness installs it once. */
export function findWrk(): string | null {
  if (wrkPath !== undefined) return wrkPath;
  const which = (): string | null => {
    try {
      return execFileSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).trim() || null;
    } catch {
      return null;
    }
  };
  wrkPath = which();
  if (!wrkPath && process.getuid?.() === 0 && !process.argv.includes('--autocannon')) {
    try {
      execFileSync('apt-get', ['install', '-y', '-qq', 'wrk'], { stdio: 'ignore' });
      wrkPath = which();
    } catch {
      wrkPath = null;
    }
  }
  if (process.argv.includes('--autocannon')) wrkPath = null;
  return wrkPath;
}

/** How many requests each wrk run draws from (at random, per request): enough that random rows stay random. */
const POOL = 8192;

const luaString = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r/g, '\\r').replace(/\n/g, '\\n')}"`;

/**
 * A wrk script: `POOL` requests drawn from `next()` (each thread picks one at random per request, so
 * per-request rows, tokens and bodies vary), and a `done` hook that prints the summary as one JSON line.
 * Header sets are shared (they carry the tokens), so the script stays small.
 */
function script(next: () => RequestSpec, pool: number): string {
  const headerSets = new Map<string, number>();
  const entries: string[] = [];
  for (let n = 0; n < pool; n++) {
    const spec = next();
    const headers = requestHeaders(spec);
    const key = JSON.stringify(headers);
    let h = headerSets.get(key);
    if (h === undefined) {
      h = headerSets.size + 1;
      headerSets.set(key, h);
    }
    entries.push(`{${luaString(spec.method)},${luaString(spec.path)},${h},${spec.body === undefined ? 'nil' : luaString(spec.body)}}`);
  }
  const headerTable = [...headerSets.keys()]
    .map((k) => {
      const fields = Object.entries(JSON.parse(k) as Record<string, string>).map(
        ([name, value]) => `[${luaString(name)}]=${luaString(value)}`,
      );
      return `{${fields.join(',')}}`;
    })
    .join(',\n');
  return `
local H = {
${headerTable}
}
local S = {
${entries.join(',\n')}
}
local R = {}
local seed = 1
function setup(thread)
  seed = seed + 1
  thread:set("seed", seed)
end
function init(args)
  math.randomseed(os.time() * 1000 + (seed or 1) * 7919)
  for i, s in ipairs(S) do R[i] = wrk.format(s[1], s[2], H[s[3]], s[4]) end
end
function request()
  return R[math.random(#R)]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"duration":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"p50":%.3f,"p99":%.3f}\\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
`;
}

interface WrkSummary {
  requests: number;
  duration: number;
  status: number;
  connect: number;
  read: number;
  write: number;
  timeout: number;
  p50: number;
  p99: number;
}

function runWrk(wrk: string, file: string, base: string, seconds: number, connections: number): Promise<WrkSummary> {
  const threads = Math.max(1, Math.min(2, connections));
  return new Promise((resolve, reject) => {
    execFile(
      wrk,
      ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '10s', '-s', file, base],
      { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const line = /WRKJSON (\{.*\})/.exec(stdout)?.[1];
        if (!line) {
          reject(new Error(`wrk failed: ${err?.message ?? ''} ${stderr} ${stdout.slice(0, 500)}`));
          return;
        }
        resolve(JSON.parse(line) as WrkSummary);
      },
    );
  });
}

/**
 * `connections` connections for `seconds` against one base URL, or several (connections split evenly,
 * one wrk per base, as a balancer would spread them). Non-2xx are counted from wrk's status errors
 * (it counts status > 399; no route here answers 3xx).
 */
export async function wrkLoad(
  wrk: string,
  base: string | string[],
  seconds: number,
  connections: number,
  next: () => RequestSpec,
): Promise<LoadResult> {
  const bases = Array.isArray(base) ? base : [base];
  const file = join(mkdtempSync(join(tmpdir(), 'bench-wrk-')), 'arm.lua');
  writeFileSync(file, script(next, POOL));
  const per = bases.map((_, i) => Math.floor(connections / bases.length) + (i < connections % bases.length ? 1 : 0));
  const runs = await Promise.all(bases.map((b, i) => runWrk(wrk, file, b, seconds, per[i] ?? 1)));
  // wrk stops with up to one request per connection in flight; let those finish before anyone counts rows.
  await new Promise((r) => setTimeout(r, 500));
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const non2xx = runs.reduce((n, r) => n + r.status, 0);
  const duration = Math.max(...runs.map((r) => r.duration)) / 1e6 || seconds;
  const weighted = (f: (r: WrkSummary) => number) =>
    requests > 0 ? Math.round((runs.reduce((n, r) => n + f(r) * r.requests, 0) / requests) * 100) / 100 : NaN;
  return {
    // Requests still in flight when wrk stops are neither counted nor answered: at most one per connection.
    requests: { average: requests / duration, sent: requests + connections, total: requests },
    latency: { p50: weighted((r) => r.p50), p99: Math.max(...runs.map((r) => r.p99)) },
    '2xx': requests - non2xx,
    non2xx,
    errors: runs.reduce((n, r) => n + r.connect + r.read + r.write, 0),
    timeouts: runs.reduce((n, r) => n + r.timeout, 0),
  };
}
