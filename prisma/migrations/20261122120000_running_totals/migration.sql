-- Issue 15: running totals, so the dashboard, warehouse fields and list totals are index look-ups that do
-- not grow with the company (docs/architecture.md, "Running totals").
--
--   warehouse_totals  per warehouse and slot: Σ quantity, Σ quantity × item volume, Σ quantity × item average
--                     cost, rows holding stock, rows that ever moved — over the warehouse's rows of items that
--                     are not deleted. A warehouse has up to 8 slot rows (slot = top 3 bits of the item id), so
--                     movements of different items in one warehouse rarely wait for the same totals row;
--                     readers sum 8 rows.
--   company_totals    per company: items not deleted.
--   item_stock        + active_quantity (Σ over warehouses not deleted), reorder_threshold (the item's, NULL
--                     once deleted: the partial index below lists low items without reading the others),
--                     valued_cost (the average cost warehouse_totals.value reflects).
--
-- Kept by triggers, in the statement that changes stock, for every writer (movements, documents, counts,
-- transfers, imports, seeds). Lock order, the same everywhere so nothing deadlocks: inventory rows → item_stock
-- rows → company_totals → warehouse_totals, each set in key order. Writers that change on-hand of an item hold
-- its item_stock row (transfers: FOR SHARE, src/ledger/stock-transactions.ts lockTotals), which is what makes
-- re-valuing the item's other warehouses on a cost change exact.

ALTER TABLE "item_stock" ADD COLUMN "active_quantity" DECIMAL(16,2) NOT NULL DEFAULT 0,
                         ADD COLUMN "valued_cost" DECIMAL(20,6) NOT NULL DEFAULT 0,
                         ADD COLUMN "reorder_threshold" INTEGER;

-- Creating an item now creates its item_stock row (below), so an import of 50,000 items checks 50,000 item_stock
-- rows against items in one statement. The check of the tenant key (company_id, item_id) → items(company_id, id)
-- was planned while items was tiny, on an index that leads with company_id, and then scanned the company's
-- whole item list per row (50,000 items: 207 s). The same key ordered (item_id, company_id) is checked through
-- an index that leads with the item id: one probe per row whatever the statistics (50,000 items: 15 s, of
-- which the audit trigger is most).
ALTER TABLE "item_stock" DROP CONSTRAINT "item_stock_company_id_item_id_fkey";
DROP INDEX "item_stock_company_id_item_id_key";
CREATE UNIQUE INDEX "item_stock_item_id_company_id_key" ON "item_stock"("item_id", "company_id");
CREATE UNIQUE INDEX "items_id_company_id_key" ON "items"("id", "company_id");
ALTER TABLE "item_stock" ADD CONSTRAINT "item_stock_item_id_company_id_fkey" FOREIGN KEY ("item_id", "company_id") REFERENCES "items"("id", "company_id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "warehouse_totals" (
    "warehouse_id" UUID NOT NULL,
    "slot" SMALLINT NOT NULL,
    "company_id" UUID NOT NULL,
    "quantity" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "volume" DECIMAL(30,6) NOT NULL DEFAULT 0,
    "value" DECIMAL(36,8) NOT NULL DEFAULT 0,
    "item_count" INTEGER NOT NULL DEFAULT 0,
    "row_count" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "warehouse_totals_pkey" PRIMARY KEY ("warehouse_id","slot")
);
CREATE INDEX "warehouse_totals_company_id_warehouse_id_idx" ON "warehouse_totals"("company_id", "warehouse_id");
ALTER TABLE "warehouse_totals" ADD CONSTRAINT "warehouse_totals_company_id_warehouse_id_fkey" FOREIGN KEY ("company_id", "warehouse_id") REFERENCES "warehouses"("company_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "company_totals" (
    "company_id" UUID NOT NULL,
    "item_count" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "company_totals_pkey" PRIMARY KEY ("company_id")
);
ALTER TABLE "company_totals" ADD CONSTRAINT "company_totals_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Low items by index: the rows whose company-wide available-in-active-warehouses total is at or under the threshold.
CREATE INDEX "item_stock_low_idx" ON "item_stock" ("company_id", "item_id") WHERE "active_quantity" <= "reorder_threshold";

ALTER TABLE "warehouse_totals" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "warehouse_totals" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "warehouse_totals"
  USING ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid))
  WITH CHECK ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid));
ALTER TABLE "company_totals" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "company_totals" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "company_totals"
  USING ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid))
  WITH CHECK ("company_id" = (SELECT NULLIF(current_setting('app.company_id', true), '')::uuid));

CREATE FUNCTION "stock_totals_slot"(item uuid) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (get_byte(uuid_send(item), 0) >> 5)::smallint
$$;

-- One changed inventory row: the change of its quantity, of "holds stock" (0/1) and of "ever moved" (0/1).
CREATE TYPE "stock_total_change" AS (company_id uuid, warehouse_id uuid, item_id uuid, dq numeric, dpos int, drow int);

-- Applies a statement's changes to item_stock and warehouse_totals. Plans here are made once per session and
-- reused, so they must suit 1 row and 50,000 alike: every query reads the changes through unnest() (planned
-- as ~100 rows whatever the size) and reaches the tables by primary key. (The trigger functions themselves only
-- aggregate their transition tables, with no join whose plan could be cached for the wrong size: a nested loop
-- between two 50,000-row transition tables, planned on a 1-row statement, took minutes.)
CREATE FUNCTION "stock_totals_apply"(changes stock_total_change[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  revalue boolean;
BEGIN
  -- The items' item_stock rows, before reading their average: a movement already holds them (FOR UPDATE), a
  -- transfer FOR SHARE; an import takes them here, so a cost change of the item waits for it or it for that.
  PERFORM 1 FROM item_stock st WHERE st.item_id IN (SELECT c.item_id FROM unnest(changes) c) ORDER BY st.item_id FOR SHARE OF st;

  -- 1. item_stock: on-hand in warehouses not deleted (and the rows whose average moved, locked for step 3).
  WITH d AS MATERIALIZED (
    SELECT c.company_id, c.item_id, sum(c.dq) FILTER (WHERE w.deleted_at IS NULL) AS dactive,
           bool_or(coalesce(st.average_cost <> st.valued_cost, false)) AS cost_changed
      FROM unnest(changes) c
      JOIN warehouses w ON w.id = c.warehouse_id
      LEFT JOIN item_stock st ON st.item_id = c.item_id
     GROUP BY c.company_id, c.item_id)
  , up AS (
    INSERT INTO item_stock AS s (item_id, company_id, quantity, average_cost, last_sequence, active_quantity)
    SELECT d.item_id, d.company_id, 0, 0, 0, coalesce(d.dactive, 0) FROM d
     WHERE coalesce(d.dactive, 0) <> 0 OR d.cost_changed
     ORDER BY d.item_id
    ON CONFLICT (item_id) DO UPDATE SET active_quantity = s.active_quantity + EXCLUDED.active_quantity)
  SELECT coalesce(bool_or(d.cost_changed), false) INTO revalue FROM d;

  -- 2. warehouse_totals. Value: a row is worth q·a (a = the item's average now); the totals hold q·a_old
  --    (a_old = valued_cost). The moved rows add Δq·a_old; when the average moved, every row of the item adds
  --    q_now·(a − a_old). Sum for a moved row: q_now·a − (q_now − Δq)·a_old, as required.
  INSERT INTO warehouse_totals AS t (company_id, warehouse_id, slot, quantity, volume, value, item_count, row_count)
  SELECT x.company_id, x.warehouse_id, stock_totals_slot(x.item_id),
         sum(x.dq), sum(x.dvolume), sum(x.dvalue), sum(x.dpos), sum(x.drow)
    FROM (
      SELECT c.company_id, c.warehouse_id, c.item_id, c.dq, c.dq * coalesce(it.volume_per_unit, 0) AS dvolume,
             c.dq * coalesce(st.valued_cost, 0) AS dvalue, c.dpos, c.drow
        FROM unnest(changes) c
        JOIN items it ON it.id = c.item_id AND it.deleted_at IS NULL
        LEFT JOIN item_stock st ON st.item_id = c.item_id
      UNION ALL
      SELECT inv.company_id, inv.warehouse_id, inv.item_id, 0, 0, inv.quantity * (st.average_cost - st.valued_cost), 0, 0
        FROM item_stock st
        JOIN items it ON it.id = st.item_id AND it.deleted_at IS NULL
        JOIN inventory inv ON inv.company_id = st.company_id AND inv.item_id = st.item_id
       WHERE st.item_id IN (SELECT c.item_id FROM unnest(changes) c) AND st.average_cost <> st.valued_cost
    ) x
   GROUP BY x.company_id, x.warehouse_id, stock_totals_slot(x.item_id)
   ORDER BY x.warehouse_id, stock_totals_slot(x.item_id)
  ON CONFLICT (warehouse_id, slot) DO UPDATE
     SET quantity = t.quantity + EXCLUDED.quantity, volume = t.volume + EXCLUDED.volume, value = t.value + EXCLUDED.value,
         item_count = t.item_count + EXCLUDED.item_count, row_count = t.row_count + EXCLUDED.row_count;

  -- 3. The warehouse values now reflect the average (rows locked in step 1).
  IF revalue THEN
    UPDATE item_stock st SET valued_cost = st.average_cost
     WHERE st.item_id IN (SELECT c.item_id FROM unnest(changes) c) AND st.average_cost <> st.valued_cost;
  END IF;
END
$$;

-- AFTER INSERT / AFTER UPDATE statement trigger on inventory (transition tables new_rows, old_rows): aggregates
-- the statement's rows per (warehouse, item) — new minus old, no join, so one plan fits every size — and applies.
CREATE FUNCTION "inventory_stock_totals"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changes stock_total_change[];
BEGIN
  -- The hot path (an OUTBOUND: src/transactions/sql/outbound*.sql.ts) keeps its totals in its own statement
  -- and says so: nothing to do here but clear the flag. Every other writer is totalled here.
  IF current_setting('app.totals_inline', true) = 'on' THEN
    PERFORM set_config('app.totals_inline', 'off', true);
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(ROW(n.company_id, n.warehouse_id, n.item_id, n.quantity, (n.quantity > 0)::int, (n.last_sequence > 0)::int)::stock_total_change)
      INTO changes
      FROM new_rows n
     WHERE n.quantity <> 0 OR n.last_sequence > 0;
  ELSE
    SELECT array_agg(ROW(d.company_id, d.warehouse_id, d.item_id, d.dq, d.dpos, d.drow)::stock_total_change)
      INTO changes
      FROM (SELECT r.company_id, r.warehouse_id, r.item_id, sum(r.q) AS dq, sum(r.pos) AS dpos, sum(r.moved) AS drow
              FROM (SELECT n.company_id, n.warehouse_id, n.item_id, n.quantity AS q, (n.quantity > 0)::int AS pos,
                           (n.last_sequence > 0)::int AS moved FROM new_rows n
                    UNION ALL
                    SELECT o.company_id, o.warehouse_id, o.item_id, -o.quantity, -(o.quantity > 0)::int,
                           -(o.last_sequence > 0)::int FROM old_rows o) r
             GROUP BY r.company_id, r.warehouse_id, r.item_id
            HAVING sum(r.q) <> 0 OR sum(r.moved) <> 0) d;
  END IF;
  IF changes IS NOT NULL THEN  -- (none when only reservations changed)
    PERFORM stock_totals_apply(changes);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "inventory_totals_insert" AFTER INSERT ON "inventory"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "inventory_stock_totals"();
CREATE TRIGGER "inventory_totals_update" AFTER UPDATE ON "inventory"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "inventory_stock_totals"();

-- Items created: counted, and given their item_stock row (threshold copied) so low items are found by index.
CREATE FUNCTION "items_created_totals"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO item_stock AS s (item_id, company_id, quantity, average_cost, last_sequence, reorder_threshold)
  SELECT n.id, n.company_id, 0, 0, 0, CASE WHEN n.deleted_at IS NULL THEN n.reorder_threshold END
    FROM new_rows n ORDER BY n.id
  ON CONFLICT (item_id) DO UPDATE SET reorder_threshold = EXCLUDED.reorder_threshold;
  INSERT INTO company_totals AS t (company_id, item_count)
  SELECT n.company_id, count(*) FILTER (WHERE n.deleted_at IS NULL) FROM new_rows n GROUP BY n.company_id ORDER BY n.company_id
  ON CONFLICT (company_id) DO UPDATE SET item_count = t.item_count + EXCLUDED.item_count;
  RETURN NULL;
END
$$;
CREATE TRIGGER "items_totals_insert" AFTER INSERT ON "items"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "items_created_totals"();

-- Items deleted (or restored), volume or threshold changed: their contribution to warehouse_totals is taken
-- out at the old state and put back at the new one; the threshold copy follows.
CREATE FUNCTION "items_changed_totals"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  relevant boolean;
BEGIN
  -- Dynamic SQL (planned for each statement's size): these join the old and new transition tables, and a plan
  -- cached for a 1-row PATCH would be a nested loop over a 50,000-row import. Items change far less often than stock.
  EXECUTE $q$SELECT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                  WHERE n.deleted_at IS DISTINCT FROM o.deleted_at OR n.volume_per_unit IS DISTINCT FROM o.volume_per_unit
                     OR n.reorder_threshold IS DISTINCT FROM o.reorder_threshold)$q$ INTO relevant;
  IF NOT relevant THEN
    RETURN NULL;
  END IF;
  -- Serialises with the items' movements, which all hold their item_stock row.
  EXECUTE $q$
  INSERT INTO item_stock AS s (item_id, company_id, quantity, average_cost, last_sequence, reorder_threshold)
  SELECT n.id, n.company_id, 0, 0, 0, CASE WHEN n.deleted_at IS NULL THEN n.reorder_threshold END
    FROM new_rows n JOIN old_rows o ON o.id = n.id
   WHERE n.deleted_at IS DISTINCT FROM o.deleted_at OR n.volume_per_unit IS DISTINCT FROM o.volume_per_unit
      OR n.reorder_threshold IS DISTINCT FROM o.reorder_threshold
   ORDER BY n.id
  ON CONFLICT (item_id) DO UPDATE SET reorder_threshold = EXCLUDED.reorder_threshold$q$;
  EXECUTE $q$
  INSERT INTO company_totals AS t (company_id, item_count)
  SELECT n.company_id, sum((n.deleted_at IS NULL)::int - (o.deleted_at IS NULL)::int)
    FROM new_rows n JOIN old_rows o ON o.id = n.id
   WHERE n.deleted_at IS DISTINCT FROM o.deleted_at
   GROUP BY n.company_id ORDER BY n.company_id
  ON CONFLICT (company_id) DO UPDATE SET item_count = t.item_count + EXCLUDED.item_count$q$;
  EXECUTE $q$
  INSERT INTO warehouse_totals AS t (company_id, warehouse_id, slot, quantity, volume, value, item_count, row_count)
  SELECT inv.company_id, inv.warehouse_id, stock_totals_slot(inv.item_id),
         sum(inv.quantity * (a.now_active - a.was_active)),
         sum(inv.quantity * (a.now_active * coalesce(n.volume_per_unit, 0) - a.was_active * coalesce(o.volume_per_unit, 0))),
         sum(inv.quantity * st.valued_cost * (a.now_active - a.was_active)),
         sum((inv.quantity > 0)::int * (a.now_active - a.was_active)),
         sum((inv.last_sequence > 0)::int * (a.now_active - a.was_active))
    FROM new_rows n
    JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL (SELECT (n.deleted_at IS NULL)::int AS now_active, (o.deleted_at IS NULL)::int AS was_active) a
    JOIN item_stock st ON st.item_id = n.id
    JOIN inventory inv ON inv.company_id = n.company_id AND inv.item_id = n.id
   WHERE n.deleted_at IS DISTINCT FROM o.deleted_at OR n.volume_per_unit IS DISTINCT FROM o.volume_per_unit
   GROUP BY inv.company_id, inv.warehouse_id, stock_totals_slot(inv.item_id)
   ORDER BY inv.warehouse_id, stock_totals_slot(inv.item_id)
  ON CONFLICT (warehouse_id, slot) DO UPDATE
     SET quantity = t.quantity + EXCLUDED.quantity, volume = t.volume + EXCLUDED.volume, value = t.value + EXCLUDED.value,
         item_count = t.item_count + EXCLUDED.item_count, row_count = t.row_count + EXCLUDED.row_count$q$;
  RETURN NULL;
END
$$;
CREATE TRIGGER "items_totals_update" AFTER UPDATE ON "items"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "items_changed_totals"();

-- Warehouses deleted (or restored): their stock leaves (or re-enters) the items' active totals.
CREATE FUNCTION "warehouses_changed_totals"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  relevant boolean;
BEGIN
  -- Dynamic SQL, as in items_changed_totals.
  EXECUTE $q$SELECT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.deleted_at IS DISTINCT FROM o.deleted_at)$q$
     INTO relevant;
  IF NOT relevant THEN
    RETURN NULL;
  END IF;
  EXECUTE $q$
  UPDATE item_stock s SET active_quantity = s.active_quantity + d.dq
    FROM (SELECT inv.item_id, sum(inv.quantity * ((n.deleted_at IS NULL)::int - (o.deleted_at IS NULL)::int)) AS dq
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            JOIN inventory inv ON inv.company_id = n.company_id AND inv.warehouse_id = n.id
           WHERE n.deleted_at IS DISTINCT FROM o.deleted_at
           GROUP BY inv.item_id) d
   WHERE s.item_id = d.item_id AND d.dq <> 0$q$;
  RETURN NULL;
END
$$;
CREATE TRIGGER "warehouses_totals_update" AFTER UPDATE ON "warehouses"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "warehouses_changed_totals"();

-- Backfill from what is there. Reads every company's rows: row-level security is lifted for it inside this
-- migration's transaction and forced again right after.
ALTER TABLE "items" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "inventory" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "warehouses" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "item_stock" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "warehouse_totals" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "company_totals" NO FORCE ROW LEVEL SECURITY;
INSERT INTO item_stock (item_id, company_id, quantity, average_cost, last_sequence)
SELECT it.id, it.company_id, 0, 0, 0 FROM items it ON CONFLICT (item_id) DO NOTHING;
UPDATE item_stock s
   SET valued_cost = s.average_cost,
       reorder_threshold = CASE WHEN it.deleted_at IS NULL THEN it.reorder_threshold END,
       active_quantity = coalesce((SELECT sum(inv.quantity) FROM inventory inv JOIN warehouses w ON w.id = inv.warehouse_id
                                    WHERE inv.item_id = s.item_id AND w.deleted_at IS NULL), 0)
  FROM items it WHERE it.id = s.item_id;
INSERT INTO company_totals (company_id, item_count)
SELECT c.id, (SELECT count(*) FROM items it WHERE it.company_id = c.id AND it.deleted_at IS NULL) FROM companies c;
INSERT INTO warehouse_totals (company_id, warehouse_id, slot, quantity, volume, value, item_count, row_count)
SELECT inv.company_id, inv.warehouse_id, stock_totals_slot(inv.item_id), sum(inv.quantity),
       sum(inv.quantity * coalesce(it.volume_per_unit, 0)), sum(inv.quantity * st.valued_cost),
       count(*) FILTER (WHERE inv.quantity > 0), count(*) FILTER (WHERE inv.last_sequence > 0)
  FROM inventory inv
  JOIN items it ON it.id = inv.item_id AND it.deleted_at IS NULL
  JOIN item_stock st ON st.item_id = inv.item_id
 GROUP BY 1, 2, 3;
ALTER TABLE "items" FORCE ROW LEVEL SECURITY;
ALTER TABLE "inventory" FORCE ROW LEVEL SECURITY;
ALTER TABLE "warehouses" FORCE ROW LEVEL SECURITY;
ALTER TABLE "item_stock" FORCE ROW LEVEL SECURITY;
ALTER TABLE "warehouse_totals" FORCE ROW LEVEL SECURITY;
ALTER TABLE "company_totals" FORCE ROW LEVEL SECURITY;
