import type { Client } from 'pg';
import type { TenantSql } from '../src/database/tenant-sql';
import { DashboardRepository } from '../src/dashboard/dashboard.repository';
import { InventoryRepository } from '../src/inventory/inventory.repository';
import { TransactionsRepository } from '../src/transactions/transactions.repository';
import { MOVEMENT_SQL } from '../src/transactions/movement.sql';
import { captureSql, type CapturedSql } from '../test/support/captured-sql';
import { scriptOfCaptured } from './arms/pgbench';
import { companyId, itemId, userId, warehouseId } from './seed';

/**
 * Query plans of the hot reads, taken from the repositories themselves (captureSql: each repository runs
 * against a stub client that records the SQL it would send), EXPLAINed on the benchmark database.
 */
const capture = (run: (sql: TenantSql) => Promise<unknown>): Promise<CapturedSql[]> => captureSql(companyId(1), userId(1), run);

/** The hot reads whose queries name only company 1, its warehouse 1 and item 1, by read arm (bench/run.ts). */
const HOT_READS = {
  'read-inventory': () => capture((p) => new InventoryRepository(p).list({ warehouseId: warehouseId(1, 1) }, 0, 20)),
  'read-stats': () => capture((p) => new DashboardRepository(p).stats()),
  'read-low-stock': () => capture((p) => new DashboardRepository(p).lowStock(20)),
};

/** pgbench scripts of those reads for a random company (bench/arms/fixed-rate.ts: PostgreSQL alone at a rate). */
export async function hotReadScripts(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [arm, queries] of Object.entries(HOT_READS)) {
    const script = scriptOfCaptured(await queries());
    if (script) out[arm] = script;
  }
  return out;
}

export async function explainHotQueries(db: Client, deepCursorAt: { createdAt: Date; id: string }): Promise<string> {
  const from = new Date(Date.now() - 200 * 86_400_000);
  const cases: Array<[string, CapturedSql[]]> = [
    ['GET /transactions, deep cursor', await capture((p) => new TransactionsRepository(p).history({ after: deepCursorAt }, 21))],
    [
      'GET /transactions?itemId&from&to',
      await capture((p) =>
        new TransactionsRepository(p).history({ itemId: itemId(1, 7), from, to: new Date(from.getTime() + 30 * 86_400_000) }, 21),
      ),
    ],
    ['GET /inventory?warehouseId (rows, count)', await HOT_READS['read-inventory']()],
    [
      'GET /inventory?warehouseId&asOf (page of 20)',
      await capture((p) => new InventoryRepository(p).listAsOf({ warehouseId: warehouseId(1, 1) }, from, 0, 21)),
    ],
    ['GET /dashboard/stats', await HOT_READS['read-stats']()],
    ['GET /dashboard/low-stock', await HOT_READS['read-low-stock']()],
  ];
  const out: string[] = [];
  for (const [title, sqls] of cases) {
    for (const sql of sqls) {
      const { rows } = await db.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) ${sql.text}`,
        sql.values,
      );
      out.push(`#### ${title}\n\n\`\`\`\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n\`\`\``);
    }
  }
  // The movement writes, so it is planned but not executed.
  const movement = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${MOVEMENT_SQL.OUTBOUND}`, [
    companyId(1),
    warehouseId(1, 1),
    itemId(1, 1),
    '1',
    null,
    userId(1),
    '00000005-0000-4000-8000-000000000001',
    'ADMIN',
    null, // $9 unit cost: always null for OUTBOUND
  ]);
  out.push(
    `#### POST /transactions (OUTBOUND; planned, not executed)\n\n\`\`\`\n${movement.rows.map((r) => r['QUERY PLAN']).join('\n')}\n\`\`\``,
  );
  return out.join('\n\n');
}
