import { Injectable, Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { PrismaService } from '@app/database/prisma.service';
import { forEachCompany, JOB_LOCKS, runExclusive } from '@app/database/exclusive-job';
import { EXPIRE_BATCH, RELEASE_EXPIRED } from './reservations.sql';

export interface ExpiryReport {
  ran: boolean;
  expired: number;
}

/**
 * The scheduled job that marks overdue reservations EXPIRED and gives their stock back, once across
 * processes (advisory lock), company by company (CrossTenant.asCompany, for row-level security), in
 * batches so no transaction holds many locks for long.
 */
@Injectable()
export class ReservationExpiryService {
  private readonly logger = new Logger(ReservationExpiryService.name);

  constructor(private readonly prisma: PrismaService) {}

  async expireOverdue(batch = 500): Promise<ExpiryReport> {
    const outcome = await runExclusive(this.prisma.pool, JOB_LOCKS.reservationExpiry, async (client) => {
      let total = 0;
      // Company by company (CrossTenant.asCompany): row-level security shows each batch only that company.
      await forEachCompany(client, async (companyId) => {
        for (;;) {
          const n = await this.expireBatch(client, companyId, batch);
          total += n;
          if (n < batch) break;
        }
      });
      return total;
    });
    const expired = outcome.ran ? outcome.result : 0;
    this.logger.log({ job: 'reservation-expiry', expired, ran: outcome.ran }, `Reservation expiry marked ${expired} reservations EXPIRED`);
    return { ran: outcome.ran, expired };
  }

  private async expireBatch(client: PoolClient, companyId: string, batch: number): Promise<number> {
    await client.query('BEGIN');
    try {
      const { rows } = await client.query<{ warehouseId: string; itemId: string; quantity: string }>(EXPIRE_BATCH, [companyId, batch]);
      if (rows.length > 0) {
        await client.query(RELEASE_EXPIRED, [
          companyId,
          rows.map((r) => r.warehouseId),
          rows.map((r) => r.itemId),
          rows.map((r) => r.quantity),
        ]);
      }
      await client.query('COMMIT');
      return rows.length;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
}
