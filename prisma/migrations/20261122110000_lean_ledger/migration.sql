-- Issue 15: a cheaper ledger insert. Every movement inserts one transactions row, so every index and
-- foreign key on it is paid per movement, inside the row lock of the stock row. Each one dropped here
-- is covered by another (docs/benchmarks.md lists every index kept and why).

-- (company_id) is a prefix of (company_id, created_at, id), (company_id, item_id, …), (company_id, warehouse_id, …),
-- (company_id, type) and (company_id, transfer_id).
DROP INDEX "transactions_company_id_idx";
-- Every read of the ledger carries the company (the door binds it; row-level security adds it anyway), so
-- (company_id, warehouse_id, created_at DESC, id DESC) and (company_id, item_id, created_at DESC, id DESC)
-- serve what (warehouse_id, created_at DESC) and (item_id, created_at DESC) served, in the same order.
DROP INDEX "transactions_warehouse_id_created_at_idx";
DROP INDEX "transactions_item_id_created_at_idx";

-- The ledger's company is already pinned by its composite keys: (company_id, warehouse_id) references
-- warehouses(company_id, id), whose company_id references companies. The direct key added one more
-- referential check per movement, and a FOR KEY SHARE lock on the company row that every concurrent movement
-- of the company shares (a new MultiXact each time).
ALTER TABLE "transactions" DROP CONSTRAINT "transactions_company_id_fkey";

-- inventory: (warehouse_id) is a prefix of the unique (warehouse_id, item_id); (item_id) is served by
-- (company_id, item_id), as every read carries the company.
DROP INDEX "inventory_warehouse_id_idx";
DROP INDEX "inventory_item_id_idx";
