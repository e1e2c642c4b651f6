import { Injectable } from '@nestjs/common';
import { CrossTenant } from '@app/database/cross-tenant';
import { PrismaService } from '@app/database/prisma.service';

export interface ClaimedDelivery {
  id: string;
  attempts: number;
  queuedAt: Date;
  eventId: string;
  eventType: string;
  payload: unknown;
  eventCreatedAt: Date;
  url: string;
  secret: string;
  isActive: boolean;
}

// Claims due deliveries: the row locks (SKIP LOCKED) make concurrent claimers take disjoint rows, and the
// lease (next_attempt_at moved past the send timeout) keeps them from being claimed again after this
// statement commits, while they are being sent. A process that dies mid-send leaves its lease to expire:
// the delivery is retried (at-least-once; receivers de-duplicate on webhook-id).
const CLAIM = `
WITH claimed AS (
  UPDATE webhook_deliveries d
     SET attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + make_interval(secs => $2)
   WHERE d.id IN (SELECT id FROM webhook_deliveries
                   WHERE company_id = $1 AND status = 'PENDING' AND next_attempt_at <= now()
                   ORDER BY next_attempt_at
                   LIMIT $3
                   FOR UPDATE SKIP LOCKED)
  RETURNING d.id, d.attempts, d.created_at, d.event_id, d.endpoint_id
)
SELECT c.id::text AS id, c.attempts, c.created_at AS "queuedAt", ev.id::text AS "eventId", ev.type AS "eventType",
       ev.payload, ev.created_at AS "eventCreatedAt", e.url, e.secret, e.is_active AS "isActive"
  FROM claimed c
  JOIN webhook_events ev ON ev.company_id = $1 AND ev.id = c.event_id
  JOIN webhook_endpoints e ON e.company_id = $1 AND e.id = c.endpoint_id`;

/**
 * The dispatcher's data access. Cross-tenant by purpose (allow-listed in eslint.config.mjs), and still
 * inside the wall: the one cross-company read goes through the `webhook_deliveries_due_lookup` policy,
 * everything else runs as the company whose deliveries it handles.
 */
@Injectable()
export class WebhookDispatchRepository {
  constructor(private readonly prisma: PrismaService) {}

  async companiesWithDueDeliveries(limit: number): Promise<string[]> {
    const { rows } = await CrossTenant.forWebhookDispatch(() =>
      this.prisma.pool.query<{ company: string }>(
        `SELECT DISTINCT company_id::text AS company FROM webhook_deliveries
          WHERE status = 'PENDING' AND next_attempt_at <= now() LIMIT $1`,
        [limit],
      ),
    );
    return rows.map((r) => r.company);
  }

  claim(companyId: string, leaseSeconds: number, limit: number): Promise<ClaimedDelivery[]> {
    return CrossTenant.asCompany(companyId, async () => {
      const { rows } = await this.prisma.pool.query<ClaimedDelivery>(CLAIM, [companyId, leaseSeconds, limit]);
      return rows;
    });
  }

  succeeded(companyId: string, id: string, status: number): Promise<void> {
    return this.record(companyId, id, 'SUCCEEDED', status, null, null);
  }

  /** `retryInMs` null: no more attempts (FAILED). */
  failed(companyId: string, id: string, status: number | null, error: string, retryInMs: number | null): Promise<void> {
    return this.record(companyId, id, retryInMs === null ? 'FAILED' : 'PENDING', status, error, retryInMs);
  }

  private async record(companyId: string, id: string, state: string, code: number | null, error: string | null, retryInMs: number | null) {
    await CrossTenant.asCompany(companyId, () =>
      this.prisma.pool.query(
        `UPDATE webhook_deliveries
            SET status = $3, last_response_code = $4, last_error = $5,
                next_attempt_at = CASE WHEN $6::bigint IS NULL THEN next_attempt_at ELSE now() + make_interval(secs => $6::bigint / 1000.0) END
          WHERE company_id = $1 AND id = $2`,
        [companyId, id, state, code, error?.slice(0, 500) ?? null, retryInMs],
      ),
    );
  }
}
