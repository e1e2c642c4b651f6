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

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** What became of one send: SUCCEEDED; PENDING with the next attempt in `retryInMs`; FAILED for good. */
export interface DeliveryOutcome {
  id: string;
  state: 'SUCCEEDED' | 'PENDING' | 'FAILED';
  code: number | null;
  error: string | null;
  retryInMs: number | null;
}

// Claims due deliveries: the row locks (SKIP LOCKED) make concurrent claimers take disjoint rows, and the
// lease (next_attempt_at moved past the send timeout) keeps them from being claimed again after this
// statement commits, while they are being sent. A process that dies mid-send leaves its lease to expire:
// the delivery is retried (at-least-once; receivers de-duplicate on webhook-id).
//
// The due rows are picked in a MATERIALIZED CTE, evaluated once. Written as `WHERE id IN (SELECT … LIMIT n
// FOR UPDATE SKIP LOCKED)`, the planner may run the sub-select once per outer row (a nested loop), and
// each run skips the rows the previous ones locked: with a backlog of thousands the bench saw one claim of
// 16 return 1,737 deliveries, all sent at once.
export const CLAIM = `
WITH due AS MATERIALIZED (
  SELECT id FROM webhook_deliveries
   WHERE company_id = $1 AND status = 'PENDING' AND next_attempt_at <= now()
   ORDER BY next_attempt_at
   LIMIT $3
   FOR UPDATE SKIP LOCKED
), claimed AS (
  UPDATE webhook_deliveries d
     SET attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + make_interval(secs => $2)
    FROM due
   WHERE d.company_id = $1 AND d.id = due.id
  RETURNING d.id, d.attempts, d.created_at, d.event_id, d.endpoint_id
)
SELECT c.id::text AS id, c.attempts, c.created_at AS "queuedAt", ev.id::text AS "eventId", ev.type AS "eventType",
       ev.payload, ev.created_at AS "eventCreatedAt", e.url, e.secret, e.is_active AS "isActive"
  FROM claimed c
  JOIN webhook_events ev ON ev.company_id = $1 AND ev.id = c.event_id
  JOIN webhook_endpoints e ON e.company_id = $1 AND e.id = c.endpoint_id`;

// Queues the deliveries of a batch of the company's events (migration 20261207110000_webhook_fan_out): one
// per endpoint that is active and existed when the event was written (one created later never receives
// older events), dated at the event so the 24 h retry window runs from the change. The events are claimed
// with FOR UPDATE SKIP LOCKED, so concurrent rounds, in this process or another, fan out disjoint events,
// and marked in the same statement: each event is fanned out once.
const FAN_OUT = `
WITH ev AS MATERIALIZED (
  SELECT id, type, created_at FROM webhook_events
   WHERE company_id = $1 AND NOT fanned_out
   ORDER BY created_at
   LIMIT $2
   FOR UPDATE SKIP LOCKED
), queued AS (
  INSERT INTO webhook_deliveries (company_id, event_id, endpoint_id, created_at)
  SELECT $1, ev.id, e.id, ev.created_at
    FROM ev JOIN webhook_endpoints e
      ON e.company_id = $1 AND e.is_active AND ev.type = ANY (e.events) AND e.created_at <= ev.created_at
)
UPDATE webhook_events w SET fanned_out = true FROM ev WHERE w.company_id = $1 AND w.id = ev.id`;

/**
 * Records a batch's outcomes ($2 ids; $3 states, $4 codes, $5 errors, $6 retry delays in ms, at the ids'
 * positions): the rows are found by `id = ANY(ids)` and each takes its outcome from the arrays at its id's
 * position (retry null: the next attempt stays as it is). It used to join the rows with the arrays unnested:
 * on statistics older than a burst of deliveries (thousands queued between two ANALYZEs, the company estimated
 * at ~20 rows) that join was planned as a nested loop over the company's deliveries, each compared with every
 * outcome — 40–90 ms to record 16 outcomes with 12,000 queued (auto_explain), a backlog drained at ~280
 * deliveries/s. On such statistics PostgreSQL may still read the company's deliveries here (through the tenant
 * key, with `id = ANY` as a filter), but once, not once per outcome: the same drain ran at ~600/s.
 */
export const RECORD = `
UPDATE webhook_deliveries d
   SET status = ($3::text[])[array_position($2::uuid[], d.id)],
       last_response_code = ($4::int[])[array_position($2::uuid[], d.id)],
       last_error = ($5::text[])[array_position($2::uuid[], d.id)],
       next_attempt_at = coalesce(now() + make_interval(secs => ($6::bigint[])[array_position($2::uuid[], d.id)] / 1000.0),
                                  d.next_attempt_at)
 WHERE d.company_id = $1 AND d.id = ANY($2::uuid[])`;

/**
 * The dispatcher's data access. Cross-tenant by purpose (allow-listed in eslint.config.mjs), and still
 * inside the wall: the one cross-company read goes through the `webhook_events_fan_out_lookup` and
 * `webhook_deliveries_due_lookup` policies;
 * everything else runs as the company whose deliveries it handles.
 */
@Injectable()
export class WebhookDispatchRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Up to `limit` companies with work, through the two lookup policies (SELECT only), each read bounded
   * so a round costs the same whatever the backlog (a DISTINCT over every pending row cost a round tens of
   * milliseconds once tens of thousands were queued):
   * - events to fan out: one probe per company (a loose scan of webhook_events_fan_out_idx), starting
   *   after `after` and wrapping round, so with more than `limit` such companies each gets its turn
   *   (`cursor`: where the next look-up starts);
   * - deliveries due: the companies of the oldest due ones.
   */
  async companiesWithWork(limit: number, after: string = NIL_UUID): Promise<{ companies: string[]; cursor: string | undefined }> {
    const { rows } = await CrossTenant.forWebhookDispatch(() =>
      this.prisma.pool.query<{ company: string; hasEvents: boolean }>(
        `WITH RECURSIVE pending(company_id) AS (
           (SELECT company_id FROM webhook_events WHERE NOT fanned_out AND company_id > $2::uuid ORDER BY company_id LIMIT 1)
           UNION ALL
           SELECT (SELECT e.company_id FROM webhook_events e
                    WHERE NOT e.fanned_out AND e.company_id > pending.company_id ORDER BY e.company_id LIMIT 1)
             FROM pending WHERE pending.company_id IS NOT NULL
         ), wrapped(company_id) AS (
           (SELECT company_id FROM webhook_events WHERE NOT fanned_out AND company_id <= $2::uuid ORDER BY company_id LIMIT 1)
           UNION ALL
           SELECT (SELECT e.company_id FROM webhook_events e
                    WHERE NOT e.fanned_out AND e.company_id > wrapped.company_id AND e.company_id <= $2::uuid
                    ORDER BY e.company_id LIMIT 1)
             FROM wrapped WHERE wrapped.company_id IS NOT NULL
         ), due AS (
           SELECT company_id FROM webhook_deliveries
            WHERE status = 'PENDING' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT $1 * 16
         )
         SELECT company_id::text AS company, min(part) < 3 AS "hasEvents" FROM (
           (SELECT company_id, 1 AS part FROM pending WHERE company_id IS NOT NULL LIMIT $1)
           UNION ALL
           (SELECT company_id, 2 FROM wrapped WHERE company_id IS NOT NULL LIMIT $1)
           UNION ALL
           SELECT DISTINCT company_id, 3 FROM due) c
          GROUP BY company_id ORDER BY min(part), company_id LIMIT $1`,
        [limit, after],
      ),
    );
    // The next look-up starts after the last company whose events this one reached.
    return { companies: rows.map((r) => r.company), cursor: rows.filter((r) => r.hasEvents).at(-1)?.company };
  }

  /** Queues the deliveries of up to `limit` of the company's events; how many events it fanned out. */
  fanOut(companyId: string, limit: number): Promise<number> {
    return CrossTenant.asCompany(companyId, async () => (await this.prisma.pool.query(FAN_OUT, [companyId, limit])).rowCount ?? 0);
  }

  claim(companyId: string, leaseSeconds: number, limit: number): Promise<ClaimedDelivery[]> {
    return CrossTenant.asCompany(companyId, async () => {
      const { rows } = await this.prisma.pool.query<ClaimedDelivery>(CLAIM, [companyId, leaseSeconds, limit]);
      return rows;
    });
  }

  /** The outcomes of a claimed batch, in one statement (RECORD). */
  async record(companyId: string, outcomes: readonly DeliveryOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    await CrossTenant.asCompany(companyId, () =>
      this.prisma.pool.query(
        RECORD,
        [
          companyId,
          outcomes.map((o) => o.id),
          outcomes.map((o) => o.state),
          outcomes.map((o) => o.code),
          outcomes.map((o) => o.error?.slice(0, 500) ?? null),
          outcomes.map((o) => o.retryInMs),
        ],
      ),
    );
  }
}
