-- Issue 15: the low-stock page (most urgent first, ties by SKU) read as a page whatever the number of ties.
--
-- item_stock_low_idx ordered low items by stock minus threshold only; the page is ordered by that margin and
-- then the SKU, which lived in items. With many items at the same margin (the bench's company L: 1,000 low
-- items, all tied), the page read every tied entry (FETCH … WITH TIES), joined each to items and sorted them
-- to keep 20: the low-stock read at 100,000 stock rows ran at 0.28 of its rate at 1,000. item_stock now
-- carries a copy of the SKU (kept by the items triggers, like the threshold), and the index is the page's
-- whole order: PostgreSQL reads the first entries of the company and stops after the page.

ALTER TABLE "item_stock" ADD COLUMN "sku" VARCHAR(50);
UPDATE "item_stock" s SET "sku" = i."sku" FROM "items" i WHERE i."id" = s."item_id" AND i."company_id" = s."company_id";

DROP INDEX "item_stock_low_idx";
CREATE INDEX "item_stock_low_idx" ON "item_stock" ("company_id", ("active_quantity" - "reorder_threshold"), "sku")
  WHERE "active_quantity" <= "reorder_threshold";

-- Items created: counted, and given their item_stock row (threshold and SKU copied).
CREATE OR REPLACE FUNCTION "items_created_totals"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO item_stock AS s (item_id, company_id, quantity, average_cost, last_sequence, reorder_threshold, sku)
  SELECT n.id, n.company_id, 0, 0, 0, CASE WHEN n.deleted_at IS NULL THEN n.reorder_threshold END, n.sku
    FROM new_rows n ORDER BY n.id
  ON CONFLICT (item_id) DO UPDATE SET reorder_threshold = EXCLUDED.reorder_threshold, sku = EXCLUDED.sku;
  INSERT INTO company_totals AS t (company_id, item_count)
  SELECT n.company_id, count(*) FILTER (WHERE n.deleted_at IS NULL) FROM new_rows n GROUP BY n.company_id ORDER BY n.company_id
  ON CONFLICT (company_id) DO UPDATE SET item_count = t.item_count + EXCLUDED.item_count;
  RETURN NULL;
END
$$;

-- Items deleted (or restored), volume, threshold or SKU changed: their contribution to warehouse_totals is
-- taken out at the old state and put back at the new one; the threshold and SKU copies follow.
CREATE OR REPLACE FUNCTION "items_changed_totals"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  relevant boolean;
BEGIN
  -- Dynamic SQL (planned for each statement's size): these join the old and new transition tables, and a plan
  -- cached for a 1-row PATCH would be a nested loop over a 50,000-row import. Items change far less often than stock.
  EXECUTE $q$SELECT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                  WHERE n.deleted_at IS DISTINCT FROM o.deleted_at OR n.volume_per_unit IS DISTINCT FROM o.volume_per_unit
                     OR n.reorder_threshold IS DISTINCT FROM o.reorder_threshold OR n.sku IS DISTINCT FROM o.sku)$q$ INTO relevant;
  IF NOT relevant THEN
    RETURN NULL;
  END IF;
  -- Serialises with the items' movements, which all hold their item_stock row.
  EXECUTE $q$
  INSERT INTO item_stock AS s (item_id, company_id, quantity, average_cost, last_sequence, reorder_threshold, sku)
  SELECT n.id, n.company_id, 0, 0, 0, CASE WHEN n.deleted_at IS NULL THEN n.reorder_threshold END, n.sku
    FROM new_rows n JOIN old_rows o ON o.id = n.id
   WHERE n.deleted_at IS DISTINCT FROM o.deleted_at OR n.volume_per_unit IS DISTINCT FROM o.volume_per_unit
      OR n.reorder_threshold IS DISTINCT FROM o.reorder_threshold OR n.sku IS DISTINCT FROM o.sku
   ORDER BY n.id
  ON CONFLICT (item_id) DO UPDATE SET reorder_threshold = EXCLUDED.reorder_threshold, sku = EXCLUDED.sku$q$;
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
