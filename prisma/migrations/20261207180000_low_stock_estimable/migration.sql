-- Issue 15: the low-item count of a large company planned on what it holds.
--
-- The count and the low-stock page filtered on `active_quantity <= reorder_threshold`, a comparison of two
-- columns, which PostgreSQL estimates at a fixed third of the rows. For the bench's company L (10,000 items,
-- 1,000 low) it expected 3,333 and scanned all of item_stock instead of the low items' index entries
-- (10 ms against 0.1 ms; GET /dashboard/stats and /dashboard/low-stock at 0.40 and 0.42 of their rate for a
-- company of 1,000 stock rows). The same condition is now written on the index's own expression, the
-- margin (stock minus threshold), which the index's predicate and the queries share, and statistics on that
-- expression tell the planner how many rows are at or under zero.
DROP INDEX "item_stock_low_idx";
CREATE INDEX "item_stock_low_idx" ON "item_stock" ("company_id", ("active_quantity" - "reorder_threshold"), "sku")
  WHERE ("active_quantity" - "reorder_threshold") <= 0;
CREATE STATISTICS "item_stock_margin" ON (("active_quantity" - "reorder_threshold")) FROM "item_stock";
ANALYZE "item_stock";
