/**
 * The SQL of cycle counts, each statement whole. A count's row is locked (FOR UPDATE) by every
 * statement that changes it, so recording lines and posting serialize per count; posting then
 * takes the inventory rows in the global lock order (see src/ledger/ledger.sql.ts).
 */

export const COUNT_JSON = `jsonb_build_object(
  'id', c.id, 'warehouseId', c.warehouse_id, 'status', c.status, 'notes', c.notes, 'createdBy', c.created_by,
  'createdAt', to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'postedAt', to_char(c.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'cancelledAt', to_char(c.cancelled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'lines', coalesce((
    SELECT jsonb_agg(jsonb_build_object(
             'itemId', l.item_id, 'countedQuantity', l.counted_quantity::text, 'expectedQuantity', l.expected_quantity::text,
             'variance', (l.counted_quantity - l.expected_quantity)::text, 'countedBy', l.counted_by,
             'updatedAt', to_char(l.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY l.item_id)
      FROM stock_count_lines l WHERE l.count_id = c.id), '[]'::jsonb))`;

/** Opens a count of an active warehouse. $1 company, $2 warehouse, $3 notes, $4 user. */
export const OPEN_COUNT = `
WITH c AS (
  INSERT INTO stock_counts (company_id, warehouse_id, notes, created_by)
  SELECT $1::uuid, w.id, $3::text, $4::uuid FROM warehouses w WHERE w.id = $2::uuid AND w.company_id = $1::uuid AND w.deleted_at IS NULL
  RETURNING *)
SELECT ${COUNT_JSON} AS body FROM c`;

/** Locks a count of the company. $1 company, $2 id. */
export const LOCK_COUNT = `
SELECT id::text AS id, warehouse_id::text AS "warehouseId", status::text AS status
  FROM stock_counts WHERE company_id = $1::uuid AND id = $2::uuid FOR UPDATE`;

/** Active items of the company among $2 (to name an unknown one). */
export const KNOWN_ITEMS = `
SELECT id::text AS id FROM items WHERE company_id = $1::uuid AND deleted_at IS NULL AND id = ANY($2::uuid[])`;

/**
 * Records (or re-records) lines of a locked OPEN count: counted quantity, and the on-hand of that
 * moment as the expected quantity. $1 company, $2 count, $3 warehouse, $4 items, $5 counted, $6 user.
 */
export const UPSERT_LINES = `
INSERT INTO stock_count_lines (company_id, count_id, item_id, counted_quantity, expected_quantity, counted_by)
SELECT $1::uuid, $2::uuid, x.item_id, x.counted,
       coalesce((SELECT inv.quantity FROM inventory inv WHERE inv.warehouse_id = $3::uuid AND inv.item_id = x.item_id), 0), $6::uuid
  FROM unnest($4::uuid[], $5::numeric[]) AS x(item_id, counted)
ON CONFLICT (count_id, item_id)
  DO UPDATE SET counted_quantity = EXCLUDED.counted_quantity, expected_quantity = EXCLUDED.expected_quantity,
                counted_by = EXCLUDED.counted_by, updated_at = now()`;

/** The lines of a count with their variance, in item order (the lock order). $1 company, $2 count. */
export const COUNT_LINES = `
SELECT item_id::text AS "itemId", (counted_quantity - expected_quantity)::text AS variance,
       (counted_quantity <> expected_quantity) AS changed
  FROM stock_count_lines WHERE company_id = $1::uuid AND count_id = $2::uuid ORDER BY item_id`;

/** Closes a locked count. $1 company, $2 id, $3 POSTED | CANCELLED. */
export const CLOSE_COUNT = `
WITH c AS (
  UPDATE stock_counts SET status = $3::text::"StockCountStatus", updated_at = now(),
         posted_at = CASE WHEN $3::text = 'POSTED' THEN now() END, cancelled_at = CASE WHEN $3::text = 'CANCELLED' THEN now() END
   WHERE company_id = $1::uuid AND id = $2::uuid
  RETURNING *)
SELECT ${COUNT_JSON} AS body FROM c`;

export const FIND_COUNT = `SELECT ${COUNT_JSON} AS body FROM stock_counts c WHERE c.company_id = $1::uuid AND c.id = $2::uuid`;

/** Body of a count inside the transaction that changed it. $1 company, $2 id. */
export const COUNT_BODY = FIND_COUNT;
