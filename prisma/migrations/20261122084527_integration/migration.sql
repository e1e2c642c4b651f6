-- CreateTable
CREATE TABLE "audit_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "entity_type" VARCHAR(40) NOT NULL,
    "entity_id" UUID NOT NULL,
    "action" VARCHAR(10) NOT NULL,
    "actor_id" UUID,
    "request_id" VARCHAR(128),
    "changes" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_endpoints" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "url" VARCHAR(2000) NOT NULL,
    "events" VARCHAR(40)[],
    "secret" VARCHAR(100) NOT NULL,
    "description" VARCHAR(500),
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "type" VARCHAR(40) NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "status" VARCHAR(10) NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_response_code" INTEGER,
    "last_error" VARCHAR(500),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_events_company_id_created_at_id_idx" ON "audit_events"("company_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_events_company_id_entity_type_entity_id_idx" ON "audit_events"("company_id", "entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "webhook_endpoints_company_id_idx" ON "webhook_endpoints"("company_id");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_endpoints_company_id_id_key" ON "webhook_endpoints"("company_id", "id");

-- CreateIndex
CREATE INDEX "webhook_events_company_id_created_at_idx" ON "webhook_events"("company_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_events_company_id_id_key" ON "webhook_events"("company_id", "id");

-- CreateIndex
CREATE INDEX "webhook_deliveries_status_next_attempt_at_idx" ON "webhook_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_company_id_endpoint_id_created_at_idx" ON "webhook_deliveries"("company_id", "endpoint_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "webhook_deliveries_company_id_event_id_idx" ON "webhook_deliveries"("company_id", "event_id");

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_company_id_event_id_fkey" FOREIGN KEY ("company_id", "event_id") REFERENCES "webhook_events"("company_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_company_id_endpoint_id_fkey" FOREIGN KEY ("company_id", "endpoint_id") REFERENCES "webhook_endpoints"("company_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Hand-written: audit history and the webhook outbox, written by triggers ───────────────────────────
-- (docs/architecture.md, "Audit history" and "Webhooks"). Every write path — routes, jobs, imports, later
-- ledger operations — is covered in the transaction of the change, with no application code per route.
-- The API's pool sends app.company_id, app.user_id and app.request_id before every statement
-- (src/database/tenant-pool.ts); the triggers read them.

-- snake_case keys → camelCase, so event payloads use the API's field names. (Audit rows keep the column
-- names; the API renames them when it reads, which keeps the per-row trigger cheaper.)
CREATE FUNCTION "jsonb_camel_keys"(j jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(jsonb_object_agg(lower(left(k, 1)) || substr(replace(initcap(k), '_', ''), 2), v), '{}'::jsonb)
  FROM jsonb_each(j) AS e(k, v)
$$;

-- AFTER INSERT/UPDATE/DELETE row trigger; TG_ARGV[0] is the entity type. A soft delete (deleted_at set) is
-- a DELETE; an UPDATE that changed nothing audited writes nothing. Columns whose name contains password,
-- hash, token or secret are never copied.
CREATE FUNCTION "audit_row"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
  new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
  any_row jsonb := coalesce(to_jsonb(NEW), to_jsonb(OLD));
  company uuid;
  verb text := CASE TG_OP WHEN 'INSERT' THEN 'CREATE' WHEN 'DELETE' THEN 'DELETE' ELSE 'UPDATE' END;
  diff jsonb;
  setting text := coalesce(current_setting('app.company_id', true), '');
BEGIN
  company := CASE WHEN TG_TABLE_NAME = 'companies' THEN (any_row->>'id')::uuid ELSE (any_row->>'company_id')::uuid END;
  IF TG_OP = 'UPDATE' AND old_row ? 'deleted_at' AND old_row->>'deleted_at' IS NULL AND new_row->>'deleted_at' IS NOT NULL THEN
    verb := 'DELETE';
  END IF;
  SELECT coalesce(jsonb_object_agg(k, jsonb_build_array(coalesce(old_row->k, 'null'), coalesce(new_row->k, 'null'))), '{}'::jsonb)
    INTO diff
    FROM jsonb_object_keys(any_row) AS k
   WHERE k !~ '(password|hash|token|secret)'
     AND k NOT IN ('id', 'company_id', 'created_at', 'updated_at', 'last_login_at')
     AND coalesce(old_row->k, 'null') IS DISTINCT FROM coalesce(new_row->k, 'null');
  IF TG_OP = 'UPDATE' AND diff = '{}'::jsonb THEN RETURN NULL; END IF;
  -- Registration creates its company before any tenant is set: act as that company for this one insert.
  IF setting = '' THEN PERFORM set_config('app.company_id', company::text, true); END IF;
  INSERT INTO "audit_events" ("company_id", "entity_type", "entity_id", "action", "actor_id", "request_id", "changes")
  VALUES (company, TG_ARGV[0], (any_row->>'id')::uuid, verb,
          NULLIF(current_setting('app.user_id', true), '')::uuid,
          NULLIF(current_setting('app.request_id', true), ''),
          diff);
  IF setting = '' THEN PERFORM set_config('app.company_id', '', true); END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "companies_audit" AFTER INSERT OR UPDATE OR DELETE ON "companies" FOR EACH ROW EXECUTE FUNCTION "audit_row"('company');
CREATE TRIGGER "users_audit" AFTER INSERT OR UPDATE OR DELETE ON "users" FOR EACH ROW EXECUTE FUNCTION "audit_row"('user');
CREATE TRIGGER "warehouses_audit" AFTER INSERT OR UPDATE OR DELETE ON "warehouses" FOR EACH ROW EXECUTE FUNCTION "audit_row"('warehouse');
CREATE TRIGGER "items_audit" AFTER INSERT OR UPDATE OR DELETE ON "items" FOR EACH ROW EXECUTE FUNCTION "audit_row"('item');
CREATE TRIGGER "webhook_endpoints_audit" AFTER INSERT OR UPDATE OR DELETE ON "webhook_endpoints" FOR EACH ROW EXECUTE FUNCTION "audit_row"('webhook');

CREATE FUNCTION "audit_events_are_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit events are immutable' USING ERRCODE = '55000';
END
$$;
CREATE TRIGGER "audit_events_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_are_immutable"();
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_are_immutable"();

-- Whether an active endpoint of the company wants this event type: one index probe, checked before any
-- payload is built, so a company without webhooks pays (almost) nothing per row.
CREATE FUNCTION "webhook_wanted"(company uuid, event_type text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM "webhook_endpoints" e
                  WHERE e."company_id" = company AND e."is_active" AND event_type = ANY (e."events"))
$$;

-- The outbox: one event and one delivery per subscribed active endpoint, in the caller's transaction.
-- Nothing at all when no active endpoint of the company wants the type (one index probe).
CREATE FUNCTION "webhook_emit"(company uuid, event_type text, data jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT "webhook_wanted"(company, event_type) THEN RETURN; END IF;
  WITH ev AS (
    INSERT INTO "webhook_events" ("company_id", "type", "payload") VALUES (company, event_type, data) RETURNING "id"
  )
  INSERT INTO "webhook_deliveries" ("company_id", "event_id", "endpoint_id")
  SELECT company, ev."id", e."id"
    FROM ev, "webhook_endpoints" e
   WHERE e."company_id" = company AND e."is_active" AND event_type = ANY (e."events");
END
$$;

-- item.created|updated|deleted, warehouse.created|updated|deleted; TG_ARGV[0] is the event prefix.
CREATE FUNCTION "webhook_entity_event"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  new_row jsonb;
  old_row jsonb;
  kind text := 'created';
BEGIN
  -- Cheap exit first: no endpoint of the company wants any event of this entity.
  IF NOT EXISTS (SELECT 1 FROM "webhook_endpoints" e
                  WHERE e."company_id" = NEW."company_id" AND e."is_active"
                    AND e."events" && ARRAY[TG_ARGV[0] || '.created', TG_ARGV[0] || '.updated', TG_ARGV[0] || '.deleted']::varchar[]) THEN
    RETURN NULL;
  END IF;
  new_row := to_jsonb(NEW);
  old_row := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END;
  IF TG_OP = 'UPDATE' THEN
    IF (old_row - 'updated_at') = (new_row - 'updated_at') THEN RETURN NULL; END IF;
    kind := CASE WHEN old_row->>'deleted_at' IS NULL AND new_row->>'deleted_at' IS NOT NULL THEN 'deleted' ELSE 'updated' END;
  END IF;
  IF "webhook_wanted"(NEW."company_id", TG_ARGV[0] || '.' || kind) THEN
    PERFORM "webhook_emit"(NEW."company_id", TG_ARGV[0] || '.' || kind, jsonb_camel_keys(new_row - 'company_id'));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "items_webhook" AFTER INSERT OR UPDATE ON "items" FOR EACH ROW EXECUTE FUNCTION "webhook_entity_event"('item');
CREATE TRIGGER "warehouses_webhook" AFTER INSERT OR UPDATE ON "warehouses" FOR EACH ROW EXECUTE FUNCTION "webhook_entity_event"('warehouse');

-- stock.moved for every ledger row; stock.low when an outgoing movement takes the item's total across
-- warehouses from above its reorder threshold to at or below it. Row triggers fire at the end of the
-- movement statement, so the inventory it updated is visible here.
CREATE FUNCTION "webhook_stock_event"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  threshold integer;
  total numeric;
BEGIN
  IF "webhook_wanted"(NEW."company_id", 'stock.moved') THEN
    PERFORM "webhook_emit"(NEW."company_id", 'stock.moved', jsonb_camel_keys(to_jsonb(NEW) - 'company_id'));
  END IF;
  IF NEW."type"::text = 'OUTBOUND' AND "webhook_wanted"(NEW."company_id", 'stock.low') THEN
    SELECT i."reorder_threshold" INTO threshold FROM "items" i WHERE i."company_id" = NEW."company_id" AND i."id" = NEW."item_id";
    IF threshold IS NOT NULL THEN
      SELECT coalesce(sum(v."quantity"), 0) INTO total FROM "inventory" v
       WHERE v."company_id" = NEW."company_id" AND v."item_id" = NEW."item_id";
      IF total <= threshold AND total + NEW."quantity" > threshold THEN
        PERFORM "webhook_emit"(NEW."company_id", 'stock.low', jsonb_build_object(
          'itemId', NEW."item_id", 'warehouseId', NEW."warehouse_id", 'transactionId', NEW."id",
          'totalQuantity', total::text, 'reorderThreshold', threshold));
      END IF;
    END IF;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "transactions_webhook" AFTER INSERT ON "transactions" FOR EACH ROW EXECUTE FUNCTION "webhook_stock_event"();

-- Row-level security, like every tenant table.
ALTER TABLE "audit_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_events" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "audit_events"
  USING ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid))
  WITH CHECK ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid));

ALTER TABLE "webhook_endpoints" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "webhook_endpoints" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "webhook_endpoints"
  USING ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid))
  WITH CHECK ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid));

ALTER TABLE "webhook_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "webhook_events" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "webhook_events"
  USING ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid))
  WITH CHECK ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid));

ALTER TABLE "webhook_deliveries" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "webhook_deliveries" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "webhook_deliveries"
  USING ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid))
  WITH CHECK ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid));
-- The dispatcher's one cross-company read: which companies have deliveries due (SELECT only); it then
-- claims and sends each company's inside that company's setting.
CREATE POLICY "webhook_deliveries_due_lookup" ON "webhook_deliveries" FOR SELECT
  USING ("status" = 'PENDING' AND current_setting('app.webhook_dispatch', true) = 'on');
