-- Issue 15: the first page of a list reads a page, not the company.
--
-- Measured at 100,000 stock rows (10 warehouses × 10,000 items; bench/arms/sizes.ts) before this
-- migration, each list below sorted every row of the company (or of the warehouse) to answer 20:
--   GET /items (default order: newest first)          25 ms per query, 0.11 of the same read at 1,000 rows
--   GET /inventory?warehouseId (default: last change)  60 ms per query, 0.16
--   GET /dashboard/low-stock (most urgent first)       joined every item of the company to sort the low ones
-- With these indexes PostgreSQL walks the index in the list's order and stops after the page.
--
-- Items are created and edited, never touched by a movement: an index on them costs movements nothing.
CREATE INDEX "items_company_id_created_at_id_idx" ON "items" ("company_id", "created_at" DESC, "id" DESC)
  WHERE "deleted_at" IS NULL;

-- Inventory rows are updated by every movement and updated_at changes each time, so this index makes
-- those updates non-HOT. Measured with pgbench running the API's movement statement (16 clients, random
-- rows of the 100,000-row company, alternating with and without, 3 rounds of 15 s): 0.95–0.97 of the
-- throughput without it. One index only, per warehouse (the list a warehouse screen shows); the
-- company-wide list without warehouseId still sorts the company's rows (a second index cost 0.87–0.92).
CREATE INDEX "inventory_company_id_warehouse_id_updated_at_id_idx"
  ON "inventory" ("company_id", "warehouse_id", "updated_at" DESC, "id" DESC)
  WHERE "last_sequence" > 0;

-- Low items, most urgent first: the same partial index as before (only low items
-- have an entry, so a movement on a well-stocked item does not touch it), now keyed by stock minus threshold (most negative = most urgent) so
-- the page is read in order (src/dashboard/dashboard.repository.ts) instead of sorting every low item.
DROP INDEX "item_stock_low_idx";
CREATE INDEX "item_stock_low_idx" ON "item_stock" ("company_id", ("active_quantity" - "reorder_threshold"))
  WHERE "active_quantity" <= "reorder_threshold";
