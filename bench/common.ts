import { join } from 'node:path';
import { FULL, QUICK, type BenchShape } from './seed';

/** Settings and helpers shared by the arms, the checks and the report. */
export const ROOT = join(__dirname, '..');
export const QUICK_MODE = process.argv.includes('--quick');
export const KEEP_DB = process.argv.includes('--keep-db');
export const shape: BenchShape = QUICK_MODE ? QUICK : FULL;
export const timing = QUICK_MODE ? { warmup: 1, measure: 3, runs: 1 } : { warmup: 5, measure: 15, runs: 3 };
export const CONCURRENCY = 16;
/** The API's database pool (its default), also the ceiling server's and the fixed-rate pgbench arms' connections. */
export const API_POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? 10);
export const LOGIN_CONCURRENCY = 4;
/** The login burst of issue 15: this many sign-ins at once, again and again, while movements run. */
export const LOGIN_BURST = 20;
/** pgbench clients for the minimal statement, as issue 15 measured it. */
export const MINIMAL_CLIENTS = 8;
export const PASSWORD = 'bench password 12345';
export const PRODUCTION_NODE_FLAGS = '--max-semi-space-size=4 --max-old-space-size=192';

export interface ArmResult {
  arm: string;
  /** Stable name the report looks the arm up by (arms are added by several hooks; order is not a contract). */
  key?: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  ok: number;
  rssMb?: number;
  eldP99?: number;
}

export const log = (...args: unknown[]): void => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
export const rand = (n: number): number => 1 + Math.floor(Math.random() * n);
export const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;
