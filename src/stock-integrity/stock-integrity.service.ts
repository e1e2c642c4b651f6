import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { APP_CONFIG } from '@app/config/config.module';
import type { AppConfig } from '@app/config/app-config';
import { PrismaService } from '@app/database/prisma.service';
import { deleteInBatches, JOB_LOCKS, runExclusive } from '@app/database/exclusive-job';

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

export interface VerifyReport {
  ran: boolean;
  companies: number;
  rows: number;
  drift: StockDrift[];
}

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
    if (!outcome.ran) return { ran: false, companies: 0, rows: 0, drift: [] };
    const report = { ran: true, ...outcome.result };
    if (report.drift.length > 0) {
      this.logger.error({ job: 'stock-verify', drift: report.drift }, `Stock ledger drift in ${report.drift.length} inventory rows`);
    } else {
      this.logger.log({ job: 'stock-verify', companies: report.companies, rows: report.rows }, 'Stock ledger verified: no drift');
    }
    return report;
  }

  private async check(client: PoolClient): Promise<Omit<VerifyReport, 'ran'>> {
    // REPEATABLE READ: one snapshot, so movements committed during the check cannot look like drift.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const drift = await client.query<StockDrift>(`
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
      const counts = await client.query<{ companies: number; rows: number }>(
        'SELECT count(DISTINCT company_id)::int AS companies, count(*)::int AS rows FROM inventory',
      );
      return { companies: counts.rows[0]?.companies ?? 0, rows: counts.rows[0]?.rows ?? 0, drift: drift.rows };
    } finally {
      await client.query('COMMIT');
    }
  }

  /** Deletes idempotency keys older than the retention period (at least 24 h), in batches. */
  async cleanupIdempotencyKeys(): Promise<number> {
    const outcome = await runExclusive(this.prisma.pool, JOB_LOCKS.idempotencyCleanup, (client) =>
      deleteInBatches(
        client,
        `DELETE FROM idempotency_keys WHERE id IN (
           SELECT id FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1) LIMIT $2)`,
        [this.config.jobs.idempotencyRetentionHours],
      ),
    );
    const deleted = outcome.ran ? outcome.result : 0;
    this.logger.log({ job: 'idempotency-cleanup', deleted, ran: outcome.ran }, `Idempotency cleanup deleted ${deleted} keys`);
    return deleted;
  }
}
