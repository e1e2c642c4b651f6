-- Issue 14: reservation.expired through the outbox. A reservation turns EXPIRED in two places — the scheduled
-- expiry job (in batches) and the check a movement makes on the row it touches (expiry counts at once) — and
-- both are an UPDATE of its status: one row trigger covers both, in the transaction that expires it, so there
-- is no event for an expiry that rolled back and one for each that committed.
CREATE FUNCTION "webhook_reservation_expired"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "webhook_emit"(NEW."company_id", 'reservation.expired', jsonb_camel_keys(to_jsonb(NEW) - 'company_id'));
  RETURN NULL;
END
$$;
CREATE TRIGGER "reservations_webhook" AFTER UPDATE OF "status" ON "reservations" FOR EACH ROW
  WHEN (OLD."status" = 'ACTIVE' AND NEW."status" = 'EXPIRED') EXECUTE FUNCTION "webhook_reservation_expired"();
