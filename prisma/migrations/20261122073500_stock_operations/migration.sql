-- CreateEnum
CREATE TYPE "AdjustmentReason" AS ENUM ('DAMAGED', 'LOST', 'FOUND', 'EXPIRED', 'CORRECTION', 'OTHER', 'COUNT');

-- CreateEnum
CREATE TYPE "ReservationStatus" AS ENUM ('ACTIVE', 'RELEASED', 'FULFILLED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "StockCountStatus" AS ENUM ('OPEN', 'POSTED', 'CANCELLED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "TransactionType" ADD VALUE 'TRANSFER_OUT';
ALTER TYPE "TransactionType" ADD VALUE 'TRANSFER_IN';
ALTER TYPE "TransactionType" ADD VALUE 'ADJUSTMENT';

-- AlterTable
ALTER TABLE "companies" ADD COLUMN     "currency" CHAR(3) NOT NULL DEFAULT 'USD';

-- AlterTable
ALTER TABLE "items" ADD COLUMN     "reorder_quantity" DECIMAL(12,2);

-- AlterTable
ALTER TABLE "inventory" ADD COLUMN     "last_movement_at" TIMESTAMPTZ(3),
ADD COLUMN     "reserved" DECIMAL(14,2) NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "transactions" ADD COLUMN     "average_cost_after" DECIMAL(20,6),
ADD COLUMN     "item_sequence" INTEGER,
ADD COLUMN     "reason" "AdjustmentReason",
ADD COLUMN     "reservation_id" UUID,
ADD COLUMN     "stock_count_id" UUID,
ADD COLUMN     "transfer_id" UUID,
ADD COLUMN     "unit_cost" DECIMAL(14,4);

-- CreateTable
CREATE TABLE "item_stock" (
    "item_id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "quantity" DECIMAL(16,2) NOT NULL DEFAULT 0,
    "average_cost" DECIMAL(20,6) NOT NULL DEFAULT 0,
    "last_sequence" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "item_stock_pkey" PRIMARY KEY ("item_id")
);

-- CreateTable
CREATE TABLE "reservations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "warehouse_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "quantity" DECIMAL(12,2) NOT NULL,
    "fulfilled_quantity" DECIMAL(12,2),
    "status" "ReservationStatus" NOT NULL DEFAULT 'ACTIVE',
    "reference" VARCHAR(100),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reservations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock_counts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "warehouse_id" UUID NOT NULL,
    "status" "StockCountStatus" NOT NULL DEFAULT 'OPEN',
    "notes" VARCHAR(1000),
    "created_by" UUID NOT NULL,
    "posted_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_counts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock_count_lines" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "count_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "counted_quantity" DECIMAL(14,2) NOT NULL,
    "expected_quantity" DECIMAL(14,2) NOT NULL,
    "counted_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_count_lines_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "item_stock_company_id_item_id_key" ON "item_stock"("company_id", "item_id");

-- CreateIndex
CREATE INDEX "reservations_company_id_created_at_id_idx" ON "reservations"("company_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "reservations_warehouse_id_item_id_status_expires_at_idx" ON "reservations"("warehouse_id", "item_id", "status", "expires_at");

-- CreateIndex
CREATE INDEX "reservations_status_expires_at_idx" ON "reservations"("status", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "reservations_company_id_id_key" ON "reservations"("company_id", "id");

-- CreateIndex
CREATE INDEX "stock_counts_company_id_created_at_id_idx" ON "stock_counts"("company_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "stock_counts_company_id_id_key" ON "stock_counts"("company_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "stock_count_lines_count_id_item_id_key" ON "stock_count_lines"("count_id", "item_id");

-- CreateIndex
CREATE INDEX "transactions_as_of_idx" ON "transactions"("warehouse_id", "item_id", "created_at", "sequence", "balance_after");

-- CreateIndex
CREATE INDEX "transactions_company_id_transfer_id_idx" ON "transactions"("company_id", "transfer_id");

-- CreateIndex
CREATE UNIQUE INDEX "transactions_item_id_item_sequence_key" ON "transactions"("item_id", "item_sequence");

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_company_id_reservation_id_fkey" FOREIGN KEY ("company_id", "reservation_id") REFERENCES "reservations"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_company_id_stock_count_id_fkey" FOREIGN KEY ("company_id", "stock_count_id") REFERENCES "stock_counts"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_stock" ADD CONSTRAINT "item_stock_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_stock" ADD CONSTRAINT "item_stock_company_id_item_id_fkey" FOREIGN KEY ("company_id", "item_id") REFERENCES "items"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_company_id_warehouse_id_fkey" FOREIGN KEY ("company_id", "warehouse_id") REFERENCES "warehouses"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_company_id_item_id_fkey" FOREIGN KEY ("company_id", "item_id") REFERENCES "items"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_company_id_created_by_fkey" FOREIGN KEY ("company_id", "created_by") REFERENCES "users"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_company_id_warehouse_id_fkey" FOREIGN KEY ("company_id", "warehouse_id") REFERENCES "warehouses"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_company_id_created_by_fkey" FOREIGN KEY ("company_id", "created_by") REFERENCES "users"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_company_id_count_id_fkey" FOREIGN KEY ("company_id", "count_id") REFERENCES "stock_counts"("company_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_company_id_item_id_fkey" FOREIGN KEY ("company_id", "item_id") REFERENCES "items"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_company_id_counted_by_fkey" FOREIGN KEY ("company_id", "counted_by") REFERENCES "users"("company_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Hand-written: CHECKs, backfill of the new ledger columns, row-level security of the new tables.
-- (The new TransactionType values cannot be used as literals in the transaction that adds them,
-- so the CHECKs compare type::text.)
-- ---------------------------------------------------------------------------------------------

-- Existing ledger: per-row time and the item's company-wide order and stock (cost unknown: 0).
UPDATE "inventory" inv SET "last_movement_at" = l.last_at
  FROM (SELECT warehouse_id, item_id, max(created_at) AS last_at FROM "transactions" GROUP BY warehouse_id, item_id) l
 WHERE l.warehouse_id = inv.warehouse_id AND l.item_id = inv.item_id;

ALTER TABLE "transactions" DISABLE TRIGGER "transactions_no_update_delete";
UPDATE "transactions" t SET "item_sequence" = o.n, "average_cost_after" = 0
  FROM (SELECT id, row_number() OVER (PARTITION BY item_id ORDER BY created_at, id)::int AS n FROM "transactions") o
 WHERE o.id = t.id;
ALTER TABLE "transactions" ENABLE TRIGGER "transactions_no_update_delete";

INSERT INTO "item_stock" ("item_id", "company_id", "quantity", "average_cost", "last_sequence")
SELECT it.id, it.company_id, coalesce(s.quantity, 0), 0, coalesce(m.n, 0)
  FROM "items" it
  LEFT JOIN (SELECT item_id, sum(quantity) AS quantity FROM "inventory" GROUP BY item_id) s ON s.item_id = it.id
  LEFT JOIN (SELECT item_id, count(*)::int AS n FROM "transactions" GROUP BY item_id) m ON m.item_id = it.id
 WHERE s.item_id IS NOT NULL OR m.item_id IS NOT NULL;

ALTER TABLE "transactions" DROP CONSTRAINT "transactions_quantity_positive";
-- Adjustments carry a signed change; every other movement a positive quantity (its type gives the direction).
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_quantity_sign"
  CHECK ("quantity" > 0 OR ("type"::text = 'ADJUSTMENT' AND "quantity" < 0));
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_unit_cost_non_negative" CHECK ("unit_cost" IS NULL OR "unit_cost" >= 0);
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_transfer_leg"
  CHECK (("type"::text IN ('TRANSFER_OUT', 'TRANSFER_IN')) = ("transfer_id" IS NOT NULL));
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_adjustment_reason"
  CHECK (("type"::text = 'ADJUSTMENT') = ("reason" IS NOT NULL));
ALTER TABLE "inventory" ADD CONSTRAINT "inventory_reserved_within_quantity" CHECK ("reserved" >= 0 AND "reserved" <= "quantity");
ALTER TABLE "item_stock" ADD CONSTRAINT "item_stock_quantity_non_negative" CHECK ("quantity" >= 0);
ALTER TABLE "item_stock" ADD CONSTRAINT "item_stock_average_cost_non_negative" CHECK ("average_cost" >= 0);
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_quantity_positive" CHECK ("quantity" > 0);
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_fulfilled_within_quantity"
  CHECK ("fulfilled_quantity" IS NULL OR ("fulfilled_quantity" > 0 AND "fulfilled_quantity" <= "quantity"));
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_counted_non_negative" CHECK ("counted_quantity" >= 0);
ALTER TABLE "items" ADD CONSTRAINT "items_reorder_quantity_positive" CHECK ("reorder_quantity" IS NULL OR "reorder_quantity" > 0);
ALTER TABLE "companies" ADD CONSTRAINT "companies_currency_iso4217" CHECK ("currency" ~ '^[A-Z]{3}$');

-- Row-level security (issue 11): every tenant table sees only the company in app.company_id.
ALTER TABLE "item_stock" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "item_stock" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "item_stock" USING (company_id = current_setting('app.company_id', true)::uuid)
  WITH CHECK (company_id = current_setting('app.company_id', true)::uuid);
ALTER TABLE "reservations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "reservations" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "reservations" USING (company_id = current_setting('app.company_id', true)::uuid)
  WITH CHECK (company_id = current_setting('app.company_id', true)::uuid);
ALTER TABLE "stock_counts" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "stock_counts" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "stock_counts" USING (company_id = current_setting('app.company_id', true)::uuid)
  WITH CHECK (company_id = current_setting('app.company_id', true)::uuid);
ALTER TABLE "stock_count_lines" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "stock_count_lines" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "stock_count_lines" USING (company_id = current_setting('app.company_id', true)::uuid)
  WITH CHECK (company_id = current_setting('app.company_id', true)::uuid);
