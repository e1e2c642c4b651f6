-- Issues 11, 14, 15: no SQL-language function that PostgreSQL cannot inline on a movement's path.
--
-- A LANGUAGE sql function is inlined into the calling query only when its body is a plain expression
-- (no sub-SELECT, no aggregate, nothing less immutable than the function claims). Otherwise every
-- execution of the caller parses, analyses and plans the body again (functions.c keeps no plan between
-- executions in PostgreSQL 15), and under row-level security planning also expands the policies.
-- webhook_wanted (an EXISTS sub-SELECT) runs in the ledger's trigger on every movement, with or without
-- endpoints; jsonb_camel_keys (an aggregate) builds every event's payload. Profiled with perf while
-- pgbench ran the API's OUTBOUND statement: fmgr_sql — parse, analyse, plan — was 10–12 % of the
-- PostgreSQL backends' CPU, more as the RLS-bound role than as the superuser (the policies planned again on
-- each call). PL/pgSQL prepares each statement once per connection and keeps its plan, so the same bodies
-- in PL/pgSQL cost an executor run only. test/e2e/function-plans.e2e-spec.ts fails when a movement calls
-- a SQL-language function that is not inlined.

CREATE OR REPLACE FUNCTION "webhook_wanted"(company uuid, event_type text) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM "webhook_endpoints" e
                  WHERE e."company_id" = company AND e."is_active" AND event_type = ANY (e."events"));
END
$$;

CREATE OR REPLACE FUNCTION "jsonb_camel_keys"(j jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN (SELECT coalesce(jsonb_object_agg(lower(left(k, 1)) || substr(replace(initcap(k), '_', ''), 2), v), '{}'::jsonb)
            FROM jsonb_each(j) AS e(k, v));
END
$$;

-- The ledger's event trigger, on every movement: one probe of the company's active endpoints for both event
-- types (it was one per type, and webhook_emit probed again), and the stock.moved payload built field by field
-- (it was the whole row renamed key by key through jsonb_camel_keys). The payload is the same object:
-- test/e2e/function-plans.e2e-spec.ts compares it with jsonb_camel_keys(to_jsonb(row) - 'company_id'), so a
-- column added to transactions without its key here fails that test.
CREATE OR REPLACE FUNCTION "webhook_stock_event"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved boolean;
  low boolean;
  threshold integer;
  total numeric;
BEGIN
  SELECT coalesce(bool_or('stock.moved' = ANY (e."events")), false), coalesce(bool_or('stock.low' = ANY (e."events")), false)
    INTO moved, low
    FROM "webhook_endpoints" e
   WHERE e."company_id" = NEW."company_id" AND e."is_active";
  IF moved THEN
    INSERT INTO "webhook_events" ("company_id", "type", "payload")
    VALUES (NEW."company_id", 'stock.moved', jsonb_build_object(
      'id', NEW."id", 'type', NEW."type", 'warehouseId', NEW."warehouse_id", 'itemId', NEW."item_id",
      'quantity', NEW."quantity", 'balanceAfter', NEW."balance_after", 'sequence', NEW."sequence", 'notes', NEW."notes",
      'createdBy', NEW."created_by", 'createdAt', NEW."created_at", 'averageCostAfter', NEW."average_cost_after",
      'itemSequence', NEW."item_sequence", 'reason', NEW."reason", 'reservationId', NEW."reservation_id",
      'stockCountId', NEW."stock_count_id", 'transferId', NEW."transfer_id", 'unitCost', NEW."unit_cost",
      'customerId', NEW."customer_id", 'documentId', NEW."document_id", 'supplierId', NEW."supplier_id"));
  END IF;
  -- stock.low when an outgoing movement takes the item's total across warehouses from above its reorder
  -- threshold to at or below it.
  IF low AND NEW."type"::text = 'OUTBOUND' THEN
    SELECT i."reorder_threshold" INTO threshold FROM "items" i WHERE i."company_id" = NEW."company_id" AND i."id" = NEW."item_id";
    IF threshold IS NOT NULL THEN
      SELECT coalesce(sum(v."quantity"), 0) INTO total FROM "inventory" v
       WHERE v."company_id" = NEW."company_id" AND v."item_id" = NEW."item_id";
      IF total <= threshold AND total + NEW."quantity" > threshold THEN
        INSERT INTO "webhook_events" ("company_id", "type", "payload")
        VALUES (NEW."company_id", 'stock.low', jsonb_build_object(
          'itemId', NEW."item_id", 'warehouseId', NEW."warehouse_id", 'transactionId', NEW."id",
          'totalQuantity', total::text, 'reorderThreshold', threshold));
      END IF;
    END IF;
  END IF;
  RETURN NULL;
END
$$;
