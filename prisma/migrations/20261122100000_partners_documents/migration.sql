-- CreateEnum
CREATE TYPE "DocumentKind" AS ENUM ('RECEIPT', 'SHIPMENT');

-- CreateEnum
CREATE TYPE "DocumentStatus" AS ENUM ('DRAFT', 'CONFIRMED', 'POSTED', 'CANCELLED');

-- AlterTable
ALTER TABLE "transactions" ADD COLUMN     "customer_id" UUID,
ADD COLUMN     "document_id" UUID,
ADD COLUMN     "supplier_id" UUID;

-- CreateTable
CREATE TABLE "suppliers" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "email" VARCHAR(254),
    "phone" VARCHAR(50),
    "address" VARCHAR(500),
    "tax_id" VARCHAR(50),
    "notes" VARCHAR(2000),
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "suppliers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customers" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "email" VARCHAR(254),
    "phone" VARCHAR(50),
    "address" VARCHAR(500),
    "tax_id" VARCHAR(50),
    "notes" VARCHAR(2000),
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "documents" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "kind" "DocumentKind" NOT NULL,
    "status" "DocumentStatus" NOT NULL DEFAULT 'DRAFT',
    "supplier_id" UUID,
    "customer_id" UUID,
    "reference" VARCHAR(100),
    "notes" VARCHAR(1000),
    "created_by" UUID NOT NULL,
    "confirmed_at" TIMESTAMPTZ(3),
    "posted_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "document_lines" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "document_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "item_id" UUID NOT NULL,
    "warehouse_id" UUID NOT NULL,
    "quantity" DECIMAL(12,2) NOT NULL,
    "unit_cost" DECIMAL(14,4),
    "reservation_id" UUID,

    CONSTRAINT "document_lines_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "suppliers_company_id_deleted_at_idx" ON "suppliers"("company_id", "deleted_at");

-- CreateIndex
CREATE UNIQUE INDEX "suppliers_company_id_id_key" ON "suppliers"("company_id", "id");

-- CreateIndex
CREATE INDEX "customers_company_id_deleted_at_idx" ON "customers"("company_id", "deleted_at");

-- CreateIndex
CREATE UNIQUE INDEX "customers_company_id_id_key" ON "customers"("company_id", "id");

-- CreateIndex
CREATE INDEX "documents_company_id_kind_created_at_id_idx" ON "documents"("company_id", "kind", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "documents_company_id_supplier_id_idx" ON "documents"("company_id", "supplier_id");

-- CreateIndex
CREATE INDEX "documents_company_id_customer_id_idx" ON "documents"("company_id", "customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "documents_company_id_id_key" ON "documents"("company_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "document_lines_document_id_line_no_key" ON "document_lines"("document_id", "line_no");

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_company_id_document_id_fkey" FOREIGN KEY ("company_id", "document_id") REFERENCES "documents"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_company_id_supplier_id_fkey" FOREIGN KEY ("company_id", "supplier_id") REFERENCES "suppliers"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_company_id_customer_id_fkey" FOREIGN KEY ("company_id", "customer_id") REFERENCES "customers"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suppliers" ADD CONSTRAINT "suppliers_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customers" ADD CONSTRAINT "customers_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "documents" ADD CONSTRAINT "documents_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "documents" ADD CONSTRAINT "documents_company_id_supplier_id_fkey" FOREIGN KEY ("company_id", "supplier_id") REFERENCES "suppliers"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "documents" ADD CONSTRAINT "documents_company_id_customer_id_fkey" FOREIGN KEY ("company_id", "customer_id") REFERENCES "customers"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "documents" ADD CONSTRAINT "documents_company_id_created_by_fkey" FOREIGN KEY ("company_id", "created_by") REFERENCES "users"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document_lines" ADD CONSTRAINT "document_lines_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document_lines" ADD CONSTRAINT "document_lines_company_id_document_id_fkey" FOREIGN KEY ("company_id", "document_id") REFERENCES "documents"("company_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document_lines" ADD CONSTRAINT "document_lines_company_id_item_id_fkey" FOREIGN KEY ("company_id", "item_id") REFERENCES "items"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document_lines" ADD CONSTRAINT "document_lines_company_id_warehouse_id_fkey" FOREIGN KEY ("company_id", "warehouse_id") REFERENCES "warehouses"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document_lines" ADD CONSTRAINT "document_lines_company_id_reservation_id_fkey" FOREIGN KEY ("company_id", "reservation_id") REFERENCES "reservations"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Hand-written: CHECKs, the partial history index, row-level security, audit and outbox triggers.
-- ---------------------------------------------------------------------------------------------

-- A receipt names a supplier and no customer; a shipment a customer and no supplier. Only shipments are CONFIRMED.
ALTER TABLE "documents" ADD CONSTRAINT "documents_partner_matches_kind"
  CHECK (("kind" = 'RECEIPT' AND "supplier_id" IS NOT NULL AND "customer_id" IS NULL AND "status" <> 'CONFIRMED')
      OR ("kind" = 'SHIPMENT' AND "customer_id" IS NOT NULL AND "supplier_id" IS NULL));
ALTER TABLE "document_lines" ADD CONSTRAINT "document_lines_quantity_positive" CHECK ("quantity" > 0);
ALTER TABLE "document_lines" ADD CONSTRAINT "document_lines_unit_cost_non_negative" CHECK ("unit_cost" IS NULL OR "unit_cost" >= 0);
-- A movement names a supplier or customer only as part of a document.
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_partner_needs_document"
  CHECK (("supplier_id" IS NULL AND "customer_id" IS NULL) OR "document_id" IS NOT NULL);

-- History by document, supplier or customer (their documents): only document movements are in the index.
CREATE INDEX "transactions_document_id_created_at_id_idx" ON "transactions"("document_id", "created_at" DESC, "id" DESC)
  WHERE "document_id" IS NOT NULL;

-- Row-level security, like every tenant table.
ALTER TABLE "suppliers" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "suppliers" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "suppliers" USING (company_id = current_setting('app.company_id', true)::uuid)
  WITH CHECK (company_id = current_setting('app.company_id', true)::uuid);
ALTER TABLE "customers" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "customers" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "customers" USING (company_id = current_setting('app.company_id', true)::uuid)
  WITH CHECK (company_id = current_setting('app.company_id', true)::uuid);
ALTER TABLE "documents" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "documents" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "documents" USING (company_id = current_setting('app.company_id', true)::uuid)
  WITH CHECK (company_id = current_setting('app.company_id', true)::uuid);
ALTER TABLE "document_lines" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "document_lines" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "document_lines" USING (company_id = current_setting('app.company_id', true)::uuid)
  WITH CHECK (company_id = current_setting('app.company_id', true)::uuid);

-- Audit history (the generic trigger of *_integration). Document lines are not audited row by row: the
-- document's own row records each status change, and posted lines are in the ledger.
CREATE TRIGGER "suppliers_audit" AFTER INSERT OR UPDATE OR DELETE ON "suppliers" FOR EACH ROW EXECUTE FUNCTION "audit_row"('supplier');
CREATE TRIGGER "customers_audit" AFTER INSERT OR UPDATE OR DELETE ON "customers" FOR EACH ROW EXECUTE FUNCTION "audit_row"('customer');
CREATE TRIGGER "documents_audit" AFTER INSERT OR UPDATE OR DELETE ON "documents" FOR EACH ROW EXECUTE FUNCTION "audit_row"('document');

-- document.posted through the outbox, in the posting's transaction (nothing when no endpoint wants it).
CREATE FUNCTION "webhook_document_event"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."status" = 'POSTED' AND OLD."status" <> 'POSTED' AND "webhook_wanted"(NEW."company_id", 'document.posted') THEN
    PERFORM "webhook_emit"(NEW."company_id", 'document.posted', jsonb_build_object(
      'id', NEW."id", 'kind', NEW."kind", 'status', NEW."status", 'supplierId', NEW."supplier_id", 'customerId', NEW."customer_id",
      'reference', NEW."reference",
      'lineCount', (SELECT count(*) FROM "document_lines" l WHERE l."company_id" = NEW."company_id" AND l."document_id" = NEW."id"),
      'postedAt', NEW."posted_at"));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "documents_webhook" AFTER UPDATE ON "documents" FOR EACH ROW EXECUTE FUNCTION "webhook_document_event"();
