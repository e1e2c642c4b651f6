-- Issue 14: a movement writes one outbox row, not one per endpoint.
--
-- Before: the movement's statement wrote the event and one delivery per subscribed endpoint (with 3
-- endpoints: 4 rows, 16 index entries, 7 foreign-key checks). Each foreign-key check takes a KEY SHARE
-- lock on its parent row, and every concurrent movement of the company locked the same parents (the
-- company row, the endpoint rows): shared row locks held by several transactions become MultiXacts.
-- Measured (npm run bench, integration arm, deliveries held): movements kept 55 % of their throughput.
--
-- Now the statement writes the event alone — still in the same transaction as the change, so there is
-- none for a rolled-back change — and the dispatcher fans events out to their endpoints in batches
-- (src/webhooks/webhook-dispatch.repository.ts, FAN_OUT): one statement per company and round that
-- claims pending events (FOR UPDATE SKIP LOCKED, so processes take disjoint ones), queues one delivery
-- per endpoint that is active and was created before the event, and marks them fanned out.

-- Events written before this migration already have their deliveries.
ALTER TABLE "webhook_events" ADD COLUMN "fanned_out" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "webhook_events" ALTER COLUMN "fanned_out" SET DEFAULT false;

-- Companies are never deleted (no route deletes one), and the event is written by the statement of a
-- change of that company, which the company's own rows already tie to it: the key on the company bought
-- no integrity and cost every event a KEY SHARE lock on the company row (the ledger dropped it likewise,
-- migration 20261122110000_lean_ledger).
ALTER TABLE "webhook_events" DROP CONSTRAINT "webhook_events_company_id_fkey";

-- Only events waiting for their fan-out have an entry: the dispatcher's look-up reads nothing else.
CREATE INDEX "webhook_events_fan_out_idx" ON "webhook_events" ("company_id", "created_at") WHERE NOT "fanned_out";

-- The dispatcher's cross-company read, beside webhook_deliveries_due_lookup: which companies have events
-- to fan out (SELECT only). The fan-out itself runs inside each company's own setting.
CREATE POLICY "webhook_events_fan_out_lookup" ON "webhook_events" FOR SELECT
  USING (NOT "fanned_out" AND current_setting('app.webhook_dispatch', true) = 'on');

-- The outbox write: the event, when an active endpoint of the company wants its type (one index probe).
CREATE OR REPLACE FUNCTION "webhook_emit"(company uuid, event_type text, data jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT "webhook_wanted"(company, event_type) THEN RETURN; END IF;
  INSERT INTO "webhook_events" ("company_id", "type", "payload") VALUES (company, event_type, data);
END
$$;
