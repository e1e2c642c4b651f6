import type { Client } from 'pg';
import type { Api } from '../api';
import { CONCURRENCY, QUICK_MODE, log, rand, round, type ArmResult } from '../common';
import { companyId, seedCompanies, warehouseId, type BenchShape } from '../seed';
import { alternatingArms, measureArm, type RequestSpec } from './http';

/** Issue 15: reads at 100,000 stock rows within 20 % of the same reads at 1,000 rows. */
export const SIZE_TARGET = 0.8;

/**
 * Two extra companies beside the main ones (issue 15): S and L, one movement per stock row (the
 * opening INBOUND), seeded like the rest. Full: 1,000 vs 100,000 stock rows; quick: 200 vs 5,000.
 */
export const SIZES: Record<'S' | 'L', BenchShape> = QUICK_MODE
  ? {
      S: { companies: 1, warehouses: 2, items: 100, movementsPerRow: 1 },
      L: { companies: 1, warehouses: 5, items: 1000, movementsPerRow: 1 },
    }
  : {
      S: { companies: 1, warehouses: 10, items: 100, movementsPerRow: 1 },
      L: { companies: 1, warehouses: 10, items: 10_000, movementsPerRow: 1 },
    };
const TIMING = QUICK_MODE ? { warmup: 0, measure: 1, runs: 1 } : { warmup: 3, measure: 10, runs: 1 };
/**
 * Rounds per read, S and L alternating (each first in every other round), medians: measured once each, L
 * always right after S, single runs swung by the run's other work (the 2026-12-07 14:10 run read L/S 0.49
 * for dashboard stats where S and L alternating on the same data read 0.82–1.14).
 */
const ROUNDS = QUICK_MODE ? 1 : 3;

export const stockRows = (s: BenchShape): number => s.warehouses * s.items;

/** Seeds S as company `first`, L as `first + 1`; returns their company numbers. */
export async function seedSizes(db: Client, first: number, passwordHash: string): Promise<{ S: number; L: number }> {
  await seedCompanies(db, first, SIZES.S, passwordHash);
  await seedCompanies(db, first + 1, SIZES.L, passwordHash);
  return { S: first, L: first + 1 };
}

export interface SizeRow {
  arm: string;
  S: ArmResult;
  L: ArmResult;
}

const READS: Array<[string, string, (c: number, s: BenchShape) => string]> = [
  ['stats', 'GET /dashboard/stats', () => '/api/v1/dashboard/stats'],
  ['warehouses', 'GET /warehouses', () => '/api/v1/warehouses'],
  ['items', 'GET /items (page 1)', () => '/api/v1/items?limit=20'],
  [
    'inventory',
    'GET /inventory?warehouseId (page 1)',
    (c, s) => `/api/v1/inventory?warehouseId=${warehouseId(c, rand(s.warehouses))}&limit=20`,
  ],
  ['low-stock', 'GET /dashboard/low-stock', () => '/api/v1/dashboard/low-stock'],
];

/** The same read arms against S then L; keys `size-S-<read>` and `size-L-<read>`. */
export async function sizeArms(
  api: Api,
  companies: { S: number; L: number },
  auth: (c: number) => Record<string, string>,
): Promise<SizeRow[]> {
  const rows: SizeRow[] = [];
  for (const [key, arm, path] of READS) {
    const label = (size: 'S' | 'L') => `${arm}, company ${size} (${stockRows(SIZES[size]).toLocaleString('en-US')} stock rows)`;
    const measured = await alternatingArms(api, ROUNDS, ['S', 'L'] as const, label, (size) => {
      const c = companies[size];
      const next = (): RequestSpec => ({ method: 'GET', path: path(c, SIZES[size]), headers: auth(c) });
      return measureArm(api, label(size), CONCURRENCY, next, undefined, TIMING);
    });
    const S = { ...measured.S, key: `size-S-${key}` };
    const L = { ...measured.L, key: `size-L-${key}` };
    log(`${arm}: L/S ${round(L.rps / S.rps, 2)}`);
    rows.push({ arm, S, L });
  }
  return rows;
}

/** Sanity: the company ids the arms use exist with the sizes they claim (a seeding slip would measure the wrong thing). */
export async function sizeCheck(db: Client, companies: { S: number; L: number }): Promise<{ arm: string; ok: boolean; detail: string }> {
  const count = async (c: number) =>
    Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM inventory WHERE company_id = $1', [companyId(c)])).rows[0]?.n ?? NaN);
  const [s, l] = [await count(companies.S), await count(companies.L)];
  return {
    arm: 'companies S and L seeded',
    ok: s === stockRows(SIZES.S) && l === stockRows(SIZES.L),
    detail: `${s} and ${l} stock rows (want ${stockRows(SIZES.S)} and ${stockRows(SIZES.L)})`,
  };
}

export function sizesSection(rows: SizeRow[]): string {
  if (rows.length === 0) return '';
  return [
    `Reads at two company sizes (bench/arms/sizes.ts): company S ${stockRows(SIZES.S).toLocaleString('en-US')} stock rows (${SIZES.S.warehouses} warehouses × ${SIZES.S.items} items), company L ${stockRows(SIZES.L).toLocaleString('en-US')} (${SIZES.L.warehouses} × ${SIZES.L.items.toLocaleString('en-US')}); ${CONCURRENCY} connections, ${TIMING.warmup} s warm-up + ${TIMING.measure} s, ${ROUNDS} round(s) with S and L alternating, medians; target L/S ≥ ${SIZE_TARGET}.`,
    '',
    '| read | S req/s | S p99 ms | L req/s | L p99 ms | L/S | met |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...rows.map((r) => {
      const ratio = r.L.rps / r.S.rps;
      return `| ${r.arm} | ${round(r.S.rps)} | ${r.S.p99} | ${round(r.L.rps)} | ${r.L.p99} | ${round(ratio, 2)} | ${ratio >= SIZE_TARGET ? 'yes' : '**no**'} |`;
    }),
    '',
  ].join('\n');
}
