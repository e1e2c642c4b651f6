-- The dispatcher's claim (CLAIM in src/webhooks/webhook-dispatch.repository.ts) takes one company's oldest due
-- deliveries. The only index on due order was ("status", "next_attempt_at"), every company's deliveries in
-- one order: to claim 16 for a company, PostgreSQL walked the pending deliveries of all companies due before
-- them and dropped the others' by filter, so a claim cost grew with the whole backlog (tested on 20,000
-- pending deliveries of another company: 20,000 rows read and filtered for 16 claimed;
-- test/e2e/planner-statistics.e2e-spec.ts). Keyed by company, with only the pending ones in it (a delivery
-- leaves it when it succeeds or fails for good), a claim reads the rows it takes.
-- ("status", "next_attempt_at") stays for the cross-company look-up of which companies have work.
CREATE INDEX "webhook_deliveries_pending_idx" ON "webhook_deliveries" ("company_id", "next_attempt_at")
  WHERE "status" = 'PENDING';
