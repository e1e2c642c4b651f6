import { readdirSync, readFileSync } from 'node:fs';
import type { Client } from 'pg';
import { Api } from '../api';
import { checkWrites, ledgerRows, type Check } from '../checks';
import { CONCURRENCY, log, median, round, timing } from '../common';
import { load, type LoadResult, type RequestSpec } from './http';

/**
 * Scale-out arm (issue 16): the same load (wrk or autocannon, CONCURRENCY connections) against one API process,
 * then against two processes on the same database, the load generator spreading its connections
 * round-robin over them as a balancer would. One movement arm and one read arm. While each runs, the CPU
 * the API processes, PostgreSQL and the load generator used is read from /proc: on a small machine that
 * says where the second process's CPU came from.
 */
export interface ScaleOutRow {
  arm: string;
  processes: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Shares of the whole machine (100 % = every core busy) during the measured period. */
  cpu: { api: number; postgres: number; loadGenerator: number; other: number; idle: number };
}

export interface ScaleOutResult {
  rows: ScaleOutRow[];
  checks: Check[];
}

export interface ScaleOutInput {
  /** The API already running (one process); a second one is started on `databaseUrl` and stopped again. */
  api: Api;
  databaseUrl: string;
  /** Superuser connection for the correctness check. */
  db: Client;
  /** A movement request whose `notes` are the given text (checked against the ledger afterwards). */
  movement: (notes: string) => () => RequestSpec;
  read: { arm: string; next: () => RequestSpec };
}

const NOTES = 'bench-scale-out';

/** This process's clock ticks plus those of its children that exited (wrk runs as one per load period). */
function selfAndChildren(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ": utime 11, stime 12, cutime 13, cstime 14.
  return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
}

/** Clock ticks used so far: the whole machine (busy and idle), some processes, and this process. */
function cpuTicks(apiPids: number[]): { busy: number; idle: number; api: number; postgres: number; self: number } {
  const cpu = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  const busy = cpu.slice(0, 8).reduce((a, b) => a + b, 0) - idle;
  const ticksOf = (pid: string): { comm: string; ticks: number } | undefined => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      // After "pid (comm) ": state is field 0, utime 11, stime 12.
      return { comm: stat.slice(stat.indexOf('(') + 1, close), ticks: Number(fields[11]) + Number(fields[12]) };
    } catch {
      return undefined; // gone meanwhile
    }
  };
  let postgres = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    const t = ticksOf(pid);
    if (t && (t.comm === 'postgres' || t.comm === 'postmaster')) postgres += t.ticks;
  }
  const api = apiPids.reduce((n, pid) => n + (ticksOf(String(pid))?.ticks ?? 0), 0);
  return { busy, idle, api, postgres, self: selfAndChildren() };
}

async function measure(
  arm: string,
  apis: Api[],
  next: () => RequestSpec,
  onResult: (r: LoadResult) => void,
  warmUp: boolean,
): Promise<ScaleOutRow> {
  const bases = apis.map((a) => a.base);
  const pids = apis.map((a) => a.child.pid ?? 0);
  const runs: ScaleOutRow[] = [];
  for (let run = 0; run < timing.runs; run++) {
    // The first process has served these routes in the arms before; a process just started needs a warm-up.
    if (warmUp) onResult(await load(bases, timing.warmup, CONCURRENCY, next));
    const before = cpuTicks(pids);
    const r = await load(bases, timing.measure, CONCURRENCY, next);
    const after = cpuTicks(pids);
    onResult(r);
    const total = after.busy + after.idle - (before.busy + before.idle) || 1;
    const share = (ticks: number) => round((100 * ticks) / total);
    const api = after.api - before.api;
    const postgres = after.postgres - before.postgres;
    const self = after.self - before.self;
    const cpu = {
      api: share(api),
      postgres: share(postgres),
      loadGenerator: share(self),
      other: share(Math.max(0, after.busy - before.busy - api - postgres - self)),
      idle: share(after.idle - before.idle),
    };
    runs.push({
      arm,
      processes: apis.length,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors + r.timeouts,
      cpu,
    });
    log(
      `${arm}, ${apis.length} process(es) run ${run + 1}: ${round(r.requests.average)} req/s, p99 ${r.latency.p99} ms; CPU API ${cpu.api} %, PostgreSQL ${cpu.postgres} %, load generator ${cpu.loadGenerator} %, idle ${cpu.idle} %`,
    );
  }
  const pick = (f: (r: ScaleOutRow) => number) => median(runs.map(f));
  return {
    arm,
    processes: apis.length,
    rps: pick((r) => r.rps),
    p50: pick((r) => r.p50),
    p99: pick((r) => r.p99),
    non2xx: pick((r) => r.non2xx),
    errors: pick((r) => r.errors),
    cpu: {
      api: pick((r) => r.cpu.api),
      postgres: pick((r) => r.cpu.postgres),
      loadGenerator: pick((r) => r.cpu.loadGenerator),
      other: pick((r) => r.cpu.other),
      idle: pick((r) => r.cpu.idle),
    },
  };
}

/** Runs the arm: 1 process, then 2; the second process is stopped before returning. */
export async function scaleOutArms(input: ScaleOutInput): Promise<ScaleOutResult> {
  const { api, databaseUrl, db, movement, read } = input;
  const rows: ScaleOutRow[] = [];
  // Requests still in flight when a load period ends may commit without their answer being counted.
  let accepted = 0;
  let unanswered = 0;
  const count = (r: LoadResult) => {
    accepted += r['2xx'];
    unanswered += r.requests.sent - r.requests.total;
  };
  const movementArm = 'POST /transactions, random rows';
  rows.push(await measure(movementArm, [api], movement(NOTES), count, false));
  rows.push(await measure(read.arm, [api], read.next, () => undefined, false));
  const second = new Api();
  await second.start(databaseUrl);
  log(`second API up at ${second.base} (pid ${second.child.pid})`);
  try {
    rows.push(await measure(movementArm, [api, second], movement(NOTES), count, true));
    rows.push(await measure(read.arm, [api, second], read.next, () => undefined, true));
  } finally {
    await second.stop();
  }
  const written = await checkWrites(db, 'scale-out: movements over 1 and 2 processes', NOTES, accepted);
  const ledger = await ledgerRows(db, NOTES);
  const check: Check = {
    ...written,
    // checkWrites wants rows = 2xx exactly; here up to `unanswered` cut-off requests may also have committed.
    ok: /, 0 inventory rows off/.test(written.detail) && ledger >= accepted && ledger <= accepted + unanswered,
    detail: `${written.detail} (warm-ups included; ${unanswered} requests cut off unanswered at the end of a period may account for ${ledger - accepted})`,
  };
  const answered = rows.every((r) => r.rps > 0 && r.errors === 0);
  return {
    rows,
    checks: [
      check,
      { arm: 'scale-out: every arm answered, no errors', ok: answered, detail: rows.map((r) => `${round(r.rps)} req/s`).join(', ') },
    ],
  };
}

/** The report's section for this arm (docs/benchmarks.md). */
export function scaleOutSection(result: ScaleOutResult | undefined): string {
  if (!result) return '';
  const lines = [
    '| arm | API processes | req/s | p50 ms | p99 ms | non-2xx | vs 1 process | CPU: API | PostgreSQL | load generator | other | idle |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...result.rows.map((r) => {
      const one = result.rows.find((o) => o.arm === r.arm && o.processes === 1);
      const vs = one && one.rps > 0 ? `${round(r.rps / one.rps, 2)}×` : '—';
      return `| ${r.arm} | ${r.processes} | ${round(r.rps)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${vs} | ${r.cpu.api} % | ${r.cpu.postgres} % | ${r.cpu.loadGenerator} % | ${r.cpu.other} % | ${r.cpu.idle} % |`;
    }),
  ];
  return `Scale-out (issue 16): one API process, then two on the same database, the load generator's connections
spread round-robin over them. CPU columns: shares of the whole machine during the measured period (100 % = all
cores busy; "other" is everything else on the machine, e.g. other test runs).

${lines.join('\n')}
`;
}
