-- Issue 15: the inventory page of one warehouse planned on what the warehouse holds, not a tenth of it.
--
-- A warehouse belongs to one company, so `company_id = $c AND warehouse_id = $w` selects the warehouse's
-- rows; PostgreSQL, assuming the columns independent, multiplies their selectivities and expects rows /
-- companies of them (bench, 10 companies: 108 of 1,000). For so few it hashed the warehouse's every row
-- with the company's items and sorted them to keep a page of 20 (9 ms at 1,000 rows, p50 13 ms for
-- GET /inventory even at a quarter of its rate), instead of reading inventory_company_id_warehouse_id_updated_at_id_idx
-- in the page's order and stopping after 20 rows (0.9 ms). Functional-dependency statistics tell it that
-- the warehouse (or the item) determines the company.
CREATE STATISTICS "inventory_tenant_dependencies" (dependencies) ON "company_id", "warehouse_id", "item_id" FROM "inventory";
ANALYZE "inventory";
