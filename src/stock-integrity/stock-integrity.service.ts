import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { APP_CONFIG } from '@app/config/config.module';
import type { AppConfig } from '@app/config/app-config';
import { PrismaService } from '@app/database/prisma.service';
import { deleteInBatches, forEachCompany, JOB_LOCKS, runExclusive } from '@app/database/exclusive-job';

export interface StockDrift {
  companyId: string;
  warehouseId: string;
  itemId: string;
  /** Stock on the inventory row (null: movements exist but no row). */
  quantity: string | null;
  /** Σ INBOUND − Σ OUTBOUND of the movements. */
  ledger: string;
  /** balanceAfter of the last movement in sequence order (null when there is none). */
  lastBalance: string | null;
}

/** A broken rule of the stock operations (issue 12), beyond per-row ledger drift. */
export interface IntegrityProblem {
  companyId: string;
  kind:
    | 'TRANSFER_UNPAIRED'
    | 'RESERVED_MISMATCH'
    | 'ITEM_STOCK_MISMATCH'
    | 'AVERAGE_COST_MISMATCH'
    | 'DOCUMENT_MISMATCH'
    | 'TOTALS_MISMATCH';
  /** The transfer, inventory row, item or document concerned. */
  ref: string;
  detail: string;
}

export interface VerifyReport {
  ran: boolean;
  companies: number;
  rows: number;
  drift: StockDrift[];
  problems: IntegrityProblem[];
}

/**
 * The rules of transfers, reservations and valuation, each a query returning the offending rows
 * (at most 100 each): transfer legs pair up; reserved equals the ACTIVE reservations and stays within
 * on hand; item_stock equals Σ inventory; every average cost is reproducible from the one before it and
 * the unit cost of the inbound (replayed in item_sequence order), and item_stock holds the last one;
 * documents link up: a POSTED receipt or shipment has, per (warehouse, item), exactly the movements of
 * its lines (count and quantity), of the right type and partner (shipments: each from a reservation),
 * and a document that is not POSTED has none.
 */
const PROBLEM_QUERIES: string[] = [
  // Running totals (issue 15) against the rows they total: per warehouse and slot, per item, per company.
  `WITH actual AS (
     SELECT inv.company_id, inv.warehouse_id, stock_totals_slot(inv.item_id) AS slot, sum(inv.quantity) AS quantity,
            sum(inv.quantity * coalesce(it.volume_per_unit, 0)) AS volume, sum(inv.quantity * st.average_cost) AS value,
            count(*) FILTER (WHERE inv.quantity > 0) AS item_count, count(*) FILTER (WHERE inv.last_sequence > 0) AS row_count
       FROM inventory inv JOIN items it ON it.id = inv.item_id AND it.deleted_at IS NULL
       JOIN item_stock st ON st.item_id = inv.item_id
      GROUP BY 1, 2, 3)
   SELECT coalesce(a.company_id, t.company_id)::text AS "companyId", 'TOTALS_MISMATCH' AS kind,
          coalesce(a.warehouse_id, t.warehouse_id) || '#' || coalesce(a.slot, t.slot) AS ref,
          'warehouse_totals (quantity, volume, value, items, rows) ' || coalesce(t.quantity, 0) || ', ' || round(coalesce(t.volume, 0), 4) || ', ' ||
          round(coalesce(t.value, 0), 4) || ', ' || coalesce(t.item_count, 0) || ', ' || coalesce(t.row_count, 0) || '; rows ' ||
          coalesce(a.quantity, 0) || ', ' || round(coalesce(a.volume, 0), 4) || ', ' || round(coalesce(a.value, 0), 4) || ', ' ||
          coalesce(a.item_count, 0) || ', ' || coalesce(a.row_count, 0) AS detail
     FROM actual a FULL JOIN warehouse_totals t ON t.warehouse_id = a.warehouse_id AND t.slot = a.slot
    WHERE coalesce(a.quantity, 0) <> coalesce(t.quantity, 0) OR coalesce(a.volume, 0) <> coalesce(t.volume, 0)
       OR round(coalesce(a.value, 0), 4) <> round(coalesce(t.value, 0), 4)
       OR coalesce(a.item_count, 0) <> coalesce(t.item_count, 0) OR coalesce(a.row_count, 0) <> coalesce(t.row_count, 0)
    LIMIT 100`,
  `SELECT it.company_id::text AS "companyId", 'TOTALS_MISMATCH' AS kind, it.id::text AS ref,
          'item_stock active quantity ' || coalesce(st.active_quantity::text, 'missing') || ', threshold ' || coalesce(st.reorder_threshold::text, '-') ||
          '; Σ inventory in active warehouses ' || coalesce(a.total, 0) || ', item threshold ' || coalesce(it.reorder_threshold::text, '-') AS detail
     FROM items it
     LEFT JOIN item_stock st ON st.item_id = it.id
     LEFT JOIN (SELECT inv.item_id, sum(inv.quantity) AS total FROM inventory inv
                  JOIN warehouses w ON w.id = inv.warehouse_id AND w.deleted_at IS NULL GROUP BY 1) a ON a.item_id = it.id
    WHERE st.item_id IS NULL OR st.active_quantity <> coalesce(a.total, 0)
       OR st.reorder_threshold IS DISTINCT FROM (CASE WHEN it.deleted_at IS NULL THEN it.reorder_threshold END)
    LIMIT 100`,
  `SELECT c.id::text AS "companyId", 'TOTALS_MISMATCH' AS kind, c.id::text AS ref,
          'company_totals items ' || coalesce(t.item_count, 0) || ', items not deleted ' || n.items AS detail
     FROM companies c
     LEFT JOIN company_totals t ON t.company_id = c.id
     CROSS JOIN LATERAL (SELECT count(*) AS items FROM items it WHERE it.company_id = c.id AND it.deleted_at IS NULL) n
    WHERE c.id = NULLIF(current_setting('app.company_id', true), '')::uuid AND coalesce(t.item_count, 0) <> n.items
    LIMIT 100`,
  `SELECT company_id::text AS "companyId", 'TRANSFER_UNPAIRED' AS kind, transfer_id::text AS ref,
          count(*) || ' legs, ' || count(*) FILTER (WHERE type = 'TRANSFER_OUT') || ' out' AS detail
     FROM transactions WHERE transfer_id IS NOT NULL
    GROUP BY company_id, transfer_id
   HAVING count(*) <> 2 OR count(*) FILTER (WHERE type = 'TRANSFER_OUT') <> 1 OR count(DISTINCT quantity) <> 1
       OR count(DISTINCT item_id) <> 1 OR count(DISTINCT warehouse_id) <> 2
    LIMIT 100`,
  `SELECT inv.company_id::text AS "companyId", 'RESERVED_MISMATCH' AS kind, inv.warehouse_id || '/' || inv.item_id AS ref,
          'reserved ' || inv.reserved || ', active reservations ' || coalesce(r.total, 0) || ', on hand ' || inv.quantity AS detail
     FROM inventory inv
     LEFT JOIN (SELECT warehouse_id, item_id, sum(quantity) AS total FROM reservations WHERE status = 'ACTIVE' GROUP BY 1, 2) r
       ON r.warehouse_id = inv.warehouse_id AND r.item_id = inv.item_id
    WHERE inv.reserved <> coalesce(r.total, 0) OR inv.reserved > inv.quantity
    LIMIT 100`,
  `SELECT coalesce(st.company_id, i.company_id)::text AS "companyId", 'ITEM_STOCK_MISMATCH' AS kind, coalesce(st.item_id, i.item_id)::text AS ref,
          'item_stock ' || coalesce(st.quantity::text, 'missing') || ', Σ inventory ' || coalesce(i.total, 0) AS detail
     FROM item_stock st
     FULL JOIN (SELECT company_id, item_id, sum(quantity) AS total FROM inventory GROUP BY 1, 2) i ON i.item_id = st.item_id
    WHERE coalesce(st.quantity, 0) <> coalesce(i.total, 0)
    LIMIT 100`,
  `WITH seq AS (
     SELECT company_id, item_id, item_sequence, type, quantity, unit_cost, average_cost_after,
            CASE WHEN type IN ('OUTBOUND', 'TRANSFER_OUT') THEN -quantity ELSE quantity END AS signed
       FROM transactions WHERE item_sequence IS NOT NULL),
   replay AS (
     SELECT *, sum(signed) OVER w - signed AS q_before,
            coalesce(lag(average_cost_after) OVER w, 0) AS avg_before,
            coalesce(lag(item_sequence) OVER w, 0) AS prev_sequence,
            row_number() OVER (PARTITION BY item_id ORDER BY item_sequence DESC) AS from_end
       FROM seq WINDOW w AS (PARTITION BY item_id ORDER BY item_sequence))
   SELECT r.company_id::text AS "companyId", 'AVERAGE_COST_MISMATCH' AS kind, r.item_id || '#' || r.item_sequence AS ref,
          'average after ' || r.average_cost_after || ', replayed ' ||
          CASE WHEN r.type = 'INBOUND' AND r.unit_cost IS NOT NULL
               THEN round((r.q_before * r.avg_before + r.quantity * r.unit_cost) / (r.q_before + r.quantity), 6) ELSE r.avg_before END ||
          ', item_stock ' || coalesce(st.average_cost::text, 'missing') AS detail
     FROM replay r LEFT JOIN item_stock st ON st.item_id = r.item_id
    WHERE r.average_cost_after IS DISTINCT FROM
          CASE WHEN r.type = 'INBOUND' AND r.unit_cost IS NOT NULL
               THEN round((r.q_before * r.avg_before + r.quantity * r.unit_cost) / (r.q_before + r.quantity), 6) ELSE r.avg_before END
       OR r.item_sequence <> r.prev_sequence + 1
       OR (r.from_end = 1 AND (st.average_cost IS DISTINCT FROM r.average_cost_after OR st.last_sequence <> r.item_sequence))
    LIMIT 100`,
  `WITH lines AS (
     SELECT l.company_id, l.document_id, l.warehouse_id, l.item_id, count(*) AS n, sum(l.quantity) AS quantity
       FROM document_lines l JOIN documents d ON d.id = l.document_id AND d.status = 'POSTED'
      GROUP BY 1, 2, 3, 4),
   moved AS (
     SELECT t.company_id, t.document_id, t.warehouse_id, t.item_id, count(*) AS n, sum(t.quantity) AS quantity,
            count(*) FILTER (WHERE t.type::text <> CASE d.kind WHEN 'RECEIPT' THEN 'INBOUND' ELSE 'OUTBOUND' END
                                OR t.supplier_id IS DISTINCT FROM d.supplier_id OR t.customer_id IS DISTINCT FROM d.customer_id
                                OR (d.kind = 'SHIPMENT') <> (t.reservation_id IS NOT NULL)) AS wrong
       FROM transactions t JOIN documents d ON d.id = t.document_id
      WHERE t.document_id IS NOT NULL
      GROUP BY 1, 2, 3, 4)
   SELECT coalesce(l.company_id, m.company_id)::text AS "companyId", 'DOCUMENT_MISMATCH' AS kind,
          coalesce(l.document_id, m.document_id) || ' ' || coalesce(l.warehouse_id, m.warehouse_id) || '/' || coalesce(l.item_id, m.item_id) AS ref,
          coalesce(l.n, 0) || ' posted lines of ' || coalesce(l.quantity, 0) || ', ' || coalesce(m.n, 0) || ' movements of ' ||
          coalesce(m.quantity, 0) || ', ' || coalesce(m.wrong, 0) || ' of the wrong type or partner' AS detail
     FROM lines l FULL JOIN moved m ON m.document_id = l.document_id AND m.warehouse_id = l.warehouse_id AND m.item_id = l.item_id
    WHERE l.n IS DISTINCT FROM m.n OR l.quantity IS DISTINCT FROM m.quantity OR coalesce(m.wrong, 0) > 0
    LIMIT 100`,
];

/**
 * The ledger invariant, checked across every company: each inventory quantity equals its
 * movements' sum and the balanceAfter of its last movement, the movement sequence has no gaps,
 * and no balance is negative. Also removes idempotency keys past their retention. Both run once even with several API processes.
 */
@Injectable()
export class StockIntegrityService {
  private readonly logger = new Logger(StockIntegrityService.name);

  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async verify(): Promise<VerifyReport> {
    const outcome = await runExclusive(this.prisma.pool, JOB_LOCKS.stockVerify, (client) => this.check(client));
    if (!outcome.ran) return { ran: false, companies: 0, rows: 0, drift: [], problems: [] };
    const report = { ran: true, ...outcome.result };
    if (report.drift.length > 0 || report.problems.length > 0) {
      this.logger.error(
        { job: 'stock-verify', drift: report.drift, problems: report.problems },
        `Stock ledger drift in ${report.drift.length} inventory rows, ${report.problems.length} other problems`,
      );
    } else {
      this.logger.log({ job: 'stock-verify', companies: report.companies, rows: report.rows }, 'Stock ledger verified: no drift');
    }
    return report;
  }

  private async check(client: PoolClient): Promise<Omit<VerifyReport, 'ran'>> {
    // REPEATABLE READ: one snapshot, so movements committed during the check cannot look like drift.
    // Company by company inside it: row-level security shows each query only that company's rows.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const drift: StockDrift[] = [];
      const problems: IntegrityProblem[] = [];
      let companies = 0;
      let rows = 0;
      await forEachCompany(client, async () => {
        const found = await client.query<StockDrift>(`
        WITH ledger AS (
          SELECT company_id, warehouse_id, item_id,
                 sum(CASE WHEN type IN ('INBOUND', 'TRANSFER_IN', 'ADJUSTMENT') THEN quantity ELSE -quantity END) AS total,
                 (array_agg(balance_after ORDER BY sequence DESC))[1] AS last_balance,
                 count(*) AS movements, max(sequence) AS last_sequence
            FROM transactions GROUP BY company_id, warehouse_id, item_id)
        SELECT coalesce(inv.company_id, l.company_id)::text AS "companyId",
               coalesce(inv.warehouse_id, l.warehouse_id)::text AS "warehouseId",
               coalesce(inv.item_id, l.item_id)::text AS "itemId",
               inv.quantity::text AS quantity, coalesce(l.total, 0)::text AS ledger, l.last_balance::text AS "lastBalance"
          FROM inventory inv
          FULL JOIN ledger l ON l.warehouse_id = inv.warehouse_id AND l.item_id = inv.item_id
         WHERE inv.id IS NULL
            OR inv.quantity < 0
            OR inv.quantity <> coalesce(l.total, 0)
            OR (l.last_balance IS NOT NULL AND l.last_balance <> inv.quantity)
            OR coalesce(l.movements, 0) <> inv.last_sequence
            OR coalesce(l.last_sequence, 0) <> inv.last_sequence
         ORDER BY 1, 2, 3`);
        drift.push(...found.rows);
        for (const sql of PROBLEM_QUERIES) problems.push(...(await client.query<IntegrityProblem>(sql)).rows);
        const counted = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM inventory');
        const n = counted.rows[0]?.n ?? 0;
        rows += n;
        if (n > 0) companies += 1;
      });
      return { companies, rows, drift, problems };
    } finally {
      await client.query('COMMIT');
    }
  }

  /** Deletes idempotency keys older than the retention period (at least 24 h), in batches. */
  async cleanupIdempotencyKeys(): Promise<number> {
    const outcome = await runExclusive(this.prisma.pool, JOB_LOCKS.idempotencyCleanup, async (client) => {
      let total = 0;
      await forEachCompany(client, async () => {
        total += await deleteInBatches(
          client,
          `DELETE FROM idempotency_keys WHERE id IN (
             SELECT id FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1) LIMIT $2)`,
          [this.config.jobs.idempotencyRetentionHours],
        );
      });
      return total;
    });
    const deleted = outcome.ran ? outcome.result : 0;
    this.logger.log({ job: 'idempotency-cleanup', deleted, ran: outcome.ran }, `Idempotency cleanup deleted ${deleted} keys`);
    return deleted;
  }
}
