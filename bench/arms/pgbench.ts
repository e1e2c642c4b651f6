import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MOVEMENT_SQL } from '../../src/transactions/movement.sql';
import { MINIMAL_MOVEMENT_SQL } from '../minimal.sql';
import { log, median, round, shape, timing, type ArmResult } from '../common';

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
  const vars = hot
    ? '\\set c 1\n\\set w 1\n\\set i 1\n'
    : `\\set c random(1, ${shape.companies})\n\\set w random(1, ${shape.warehouses})\n\\set i random(1, ${shape.items})\n`;
  const dir = mkdtempSync(join(tmpdir(), 'pgbench-'));
  const script = join(dir, 'movement.sql');
  writeFileSync(script, `${vars}${statement.trim()};\n`);
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
    const latencies: number[] = [];
    for (const f of readdirSync(dir).filter((n) => n.startsWith(`log${run}`))) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        const us = Number(line.split(' ')[2]);
        if (Number.isFinite(us) && line) latencies.push(us / 1000);
      }
    }
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN, 2);
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
