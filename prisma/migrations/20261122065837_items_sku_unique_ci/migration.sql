-- SKUs are unique per company case-insensitively ("PUMP-100" and "pump-100" are the same SKU), the
-- spelling as entered is kept. Deleted items keep their SKU, as before, so the index is not partial.
-- Hand-edited: Prisma's schema language cannot express an index on an expression.

-- Existing case-only duplicates cannot be merged automatically: say which ones, and stop.
-- The check reads every company's items: row-level security (forced, even for the owner) is lifted for it
-- inside this migration's transaction and forced again right after.
ALTER TABLE "items" NO FORCE ROW LEVEL SECURITY;
DO $$
DECLARE
  clash text;
BEGIN
  SELECT string_agg(format('company %s: %s', company_id, skus), '; ')
    INTO clash
    FROM (SELECT company_id, string_agg(sku, ', ' ORDER BY sku) AS skus
            FROM items GROUP BY company_id, lower(sku) HAVING count(*) > 1) d;
  IF clash IS NOT NULL THEN
    RAISE EXCEPTION 'SKUs that differ only in case exist; rename all but one of each group, then migrate again: %', clash;
  END IF;
END $$;
ALTER TABLE "items" FORCE ROW LEVEL SECURITY;

-- DropIndex
DROP INDEX "items_company_id_sku_key";

-- CreateIndex (hand-written)
CREATE UNIQUE INDEX "items_company_id_lower_sku_key" ON "items" ("company_id", lower("sku"));
