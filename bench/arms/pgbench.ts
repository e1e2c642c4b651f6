import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MOVEMENT_SQL } from '../../src/transactions/movement.sql';
import { MINIMAL_MOVEMENT_SQL } from '../minimal.sql';
import type { CapturedSql } from '../../test/support/captured-sql';
import { log, median, round, shape, timing, type ArmResult } from '../common';
import { companyId, itemId, warehouseId } from '../seed';

/** pgbench variables naming a random company 1..companies, one of its warehouses and one of its items. */
export const RANDOM_ROW_VARIABLES = `\\set c random(1, ${shape.companies})\n\\set w random(1, ${shape.warehouses})\n\\set i random(1, ${shape.items})\n`;

/** A pgbench script: its variables, then each statement ended by a semicolon on its own line(s). */
export function pgbenchScript(variables: string, statements: readonly string[]): string {
  return `${variables}${statements.map((s) => `${s.trim()};`).join('\n')}\n`;
}

/** The API's own OUTBOUND statement with pgbench variables for its parameters (:c company, :w warehouse, :i item). */
export function apiStatementScript(): string {
  return (
    MOVEMENT_SQL.OUTBOUND.replace(/\$1::uuid/g, 'bench_uuid(1, :c)')
      .replace(/\$2::uuid/g, 'bench_uuid(2, :c * 100 + :w)')
      .replace(/\$3::uuid/g, 'bench_uuid(3, :c * 100000 + :i)')
      .replace(/\$4::numeric/g, '1::numeric')
      .replace(/\$5::text/g, "'pgbench'::text")
      .replace(/\$6::uuid/g, 'bench_uuid(4, :c)')
      .replace(/\$7::uuid/g, 'bench_uuid(5, :c)')
      .replace(/\$8::"Role"/g, `'ADMIN'::"Role"`)
      .replace(/\$9::numeric/g, 'NULL::numeric') // unit cost: always null for OUTBOUND
      // pgbench reads ":MI" and ":SS" inside a date format as variables; spell the colons differently.
      .replace(`'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`, `'YYYY-MM-DD"T"HH24' || chr(58) || 'MI' || chr(58) || 'SS.MS"Z"'`)
  );
}

/** The minimal movement (bench/minimal.sql.ts) with pgbench variables. */
export function minimalScript(notes: string): string {
  return MINIMAL_MOVEMENT_SQL.replace(/\$1::uuid/g, 'bench_uuid(2, :c * 100 + :w)')
    .replace(/\$2::uuid/g, 'bench_uuid(3, :c * 100000 + :i)')
    .replace(/\$3::numeric/g, '1::numeric')
    .replace(/\$4::text/g, `'${notes}'::text`)
    .replace(/\$5::uuid/g, 'bench_uuid(4, :c)');
}

export interface PgbenchOptions {
  url: string;
  /** Arm name in the report. */
  arm: string;
  /** One statement using :c, :w, :i. */
  statement: string;
  hot: boolean;
  clients: number;
}

/** pgbench running one statement (extended protocol: parsed and planned per execution, as the issue measured it). */
export function pgbenchArm({ url, arm, statement, hot, clients }: PgbenchOptions): ArmResult {
  const vars = hot ? '\\set c 1\n\\set w 1\n\\set i 1\n' : RANDOM_ROW_VARIABLES;
  const dir = mkdtempSync(join(tmpdir(), 'pgbench-'));
  const script = join(dir, 'movement.sql');
  writeFileSync(script, pgbenchScript(vars, [statement]));
  const runs: ArmResult[] = [];
  for (let run = 0; run < timing.runs; run++) {
    const logPrefix = join(dir, `log${run}`);
    execFileSync('pgbench', ['-n', '-M', 'extended', '-c', String(clients), '-j', '2', '-T', String(timing.warmup), '-f', script, url], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const out = execFileSync(
      'pgbench',
      [
        '-n',
        '-M',
        'extended',
        '-c',
        String(clients),
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
    const latencies = transactionLatencies(dir, `log${run}`, 0);
    const pct = (p: number) => percentile(latencies, p);
    runs.push({ arm: '', rps: tps, p50: pct(0.5), p99: pct(0.99), errors: failed, non2xx: 0, ok: processed });
    log(`${arm} run ${run + 1}: ${round(tps)} tps, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`);
  }
  return {
    arm,
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: median(runs.map((r) => r.errors)),
    non2xx: 0,
    ok: runs.reduce((n, r) => n + r.ok, 0),
  };
}

/**
 * Latencies (ms, sorted) from pgbench's per-transaction logs (`-l`) under `dir` named `prefix*`, of the
 * transactions that ended at or after `fromEpochMs`. A line: client, transaction, latency µs, script,
 * end time s, end time µs[, schedule lag µs]; with `--rate` the latency counts from the scheduled start.
 */
function transactionLatencies(dir: string, prefix: string, fromEpochMs: number): number[] {
  const latencies: number[] = [];
  for (const f of readdirSync(dir).filter((n) => n.startsWith(prefix))) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const [, , us, , endS, endUs] = line.split(' ').map(Number);
      if (line && Number.isFinite(us) && endS * 1000 + endUs / 1000 >= fromEpochMs) latencies.push(us / 1000);
    }
  }
  return latencies.sort((a, b) => a - b);
}

const percentile = (sorted: number[], p: number): number =>
  round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN, 2);

export interface PgbenchAtRate {
  /** Transactions per second pgbench sustained over the measured period. */
  tps: number;
  p50: number;
  p99: number;
}

/**
 * PostgreSQL alone at a fixed rate (issue 15: is a fixed-rate tail the API's or the database's?): pgbench
 * `--rate` runs `script` as `clients` connections (the API's pool size), each transaction scheduled at
 * its instant (a Poisson process, so burstier than the API's evenly spaced arm) and its latency counted
 * from that instant, like the open-loop generator's. The first `warmupS` seconds are dropped: a fresh
 * connection's first statements plan against cold caches (tens to hundreds of ms), as the API's pool
 * did before its warm-up. Prepared (`-M prepared`), as the API sends the movement and the hot reads: named
 * statements (TenantSql.statement and TenantSql.prepared).
 */
export function pgbenchAtRate(
  url: string,
  script: string,
  rate: number,
  clients: number,
  warmupS: number,
  measureS: number,
): PgbenchAtRate {
  const dir = mkdtempSync(join(tmpdir(), 'pgbench-rate-'));
  const file = join(dir, 'script.sql');
  writeFileSync(file, script);
  const started = Date.now();
  const args = ['-n', '-M', 'prepared', '-c', String(clients), '-j', '2', '-R', String(rate), '-T', String(warmupS + measureS)];
  execFileSync('pgbench', [...args, '-l', '--log-prefix', join(dir, 'log'), '-f', file, url], { stdio: ['ignore', 'ignore', 'inherit'] });
  const latencies = transactionLatencies(dir, 'log', started + warmupS * 1000);
  return { tps: round(latencies.length / measureS), p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

/**
 * A pgbench script of the queries a repository sent for company 1's warehouse 1 and item 1 (captureSql),
 * their parameters written in: those ids become the script's random company, warehouse and item
 * (RANDOM_ROW_VARIABLES), numbers stay numbers. Null when a query has a parameter of another kind (a date,
 * a cursor), which would not follow the random company.
 */
export function scriptOfCaptured(queries: readonly CapturedSql[]): string | null {
  const ids = new Map<unknown, string>([
    [companyId(1), 'bench_uuid(1, :c)'],
    [warehouseId(1, 1), 'bench_uuid(2, :c * 100 + :w)'],
    [itemId(1, 1), 'bench_uuid(3, :c * 100000 + :i)'],
  ]);
  const statements: string[] = [];
  for (const q of queries) {
    const values = q.values.map((v) => ids.get(v) ?? (typeof v === 'number' ? String(v) : null));
    if (values.includes(null)) return null;
    // From the highest number down, so $1 does not take the start of $10.
    let text = q.text;
    for (let n = values.length; n >= 1; n--) text = text.replaceAll(`$${n}`, `(${values[n - 1]})`);
    statements.push(text);
  }
  return pgbenchScript(RANDOM_ROW_VARIABLES, statements);
}
