/**
 * The SQL of multi-row stock operations (transfers, adjustments, count posting, reservations),
 * each statement whole. They run inside one transaction opened by StockTransactions, in the global
 * lock order of docs/architecture.md: idempotency advisory lock → reservation row(s) → inventory rows
 * sorted by (warehouse_id, item_id) → item_stock rows sorted by item_id.
 *
 * READ COMMITTED: after waiting for a row lock PostgreSQL re-checks only that row, so every check
 * below reads the locked row itself (quantity, reserved), never a sum over other rows.
 */

/**
 * Creates the missing inventory rows of active (warehouse, item) pairs of the company, in lock order,
 * so a transfer into a warehouse that never held the item has a row to lock.
 * $1 company, $2 warehouse ids, $3 item ids (parallel arrays).
 */
export const ENSURE_ROWS = `
INSERT INTO inventory (company_id, warehouse_id, item_id)
SELECT $1::uuid, w.id, it.id
  FROM unnest($2::uuid[], $3::uuid[]) AS r(warehouse_id, item_id)
  JOIN warehouses w ON w.id = r.warehouse_id AND w.company_id = $1::uuid AND w.deleted_at IS NULL
  JOIN items it ON it.id = r.item_id AND it.company_id = $1::uuid AND it.deleted_at IS NULL
 ORDER BY w.id, it.id
ON CONFLICT (warehouse_id, item_id) DO NOTHING`;

/**
 * Locks the inventory rows of active (warehouse, item) pairs in (warehouse_id, item_id) order and
 * returns them; a pair missing from the answer is unknown or deleted. Same parameters as ENSURE_ROWS.
 */
export const LOCK_ROWS = `
SELECT inv.warehouse_id::text AS "warehouseId", inv.item_id::text AS "itemId",
       inv.quantity::text AS quantity, inv.reserved::text AS reserved, (inv.quantity - inv.reserved)::text AS available
  FROM inventory inv
  JOIN warehouses w ON w.id = inv.warehouse_id AND w.deleted_at IS NULL
  JOIN items it ON it.id = inv.item_id AND it.deleted_at IS NULL
 WHERE inv.company_id = $1::uuid
   AND (inv.warehouse_id, inv.item_id) IN (SELECT * FROM unnest($2::uuid[], $3::uuid[]))
 ORDER BY inv.warehouse_id, inv.item_id
   FOR UPDATE OF inv`;

/**
 * Creates the missing item_stock rows of items of the company (quantity 0, average 0: what a first
 * movement would start from), then locks them in item_id order: the last step of the lock order,
 * for operations that write many ledger rows in one statement (document posting).
 * $1 company, $2 item ids.
 */
export const ENSURE_ITEM_STOCK = `
INSERT INTO item_stock (item_id, company_id, quantity, average_cost, last_sequence)
SELECT it.id, $1::uuid, 0, 0, 0
  FROM items it WHERE it.company_id = $1::uuid AND it.id = ANY($2::uuid[])
 ORDER BY it.id
ON CONFLICT (item_id) DO NOTHING`;
export const LOCK_ITEM_STOCK = `
SELECT item_id::text AS "itemId" FROM item_stock
 WHERE company_id = $1::uuid AND item_id = ANY($2::uuid[])
 ORDER BY item_id
   FOR UPDATE`;

/**
 * For transactions that write several statements (transfers, count posts): takes, in the lock order of the
 * running totals (docs/architecture.md, "Running totals"), the items' item_stock rows ($2, FOR SHARE for a
 * transfer, which does not change the company total) and then the warehouse_totals rows of the
 * (warehouse, item) pairs, in key order, before the first leg. Otherwise a leg's trigger would take its
 * totals row and a later leg wait for an item_stock row, the reverse of the order every single statement
 * follows. $1 company, $2 warehouses, $3 items.
 */
export const SHARE_ITEM_STOCK = `
SELECT item_id FROM item_stock WHERE company_id = $1::uuid AND item_id = ANY($2::uuid[]) ORDER BY item_id FOR SHARE`;
export const LOCK_WAREHOUSE_TOTALS = `
INSERT INTO warehouse_totals AS t (company_id, warehouse_id, slot)
SELECT DISTINCT $1::uuid, k.warehouse_id, stock_totals_slot(k.item_id)
  FROM unnest($2::uuid[], $3::uuid[]) AS k(warehouse_id, item_id)
 ORDER BY 2, 3
ON CONFLICT (warehouse_id, slot) DO UPDATE SET quantity = t.quantity`;

/**
 * One ledger row on an inventory row this transaction has locked: changes quantity by $4 (signed)
 * and releases $7 of reserved stock, refusing (no row returned) if available would go below zero;
 * keeps item_stock (quantity and sequence; the average does not move: stock enters and leaves at it)
 * unless $14 is false (transfer legs: the company total does not change).
 *
 * $1 company, $2 warehouse, $3 item, $4 signed change of on-hand, $5 type, $6 ledger quantity,
 * $7 reserved released, $8 notes, $9 user, $10 reason, $11 transfer id, $12 reservation id,
 * $13 stock count id, $14 changes the company total.
 */
export const APPLY_LEG = `
WITH moved AS (
  UPDATE inventory inv
     SET quantity = inv.quantity + $4::numeric, reserved = inv.reserved - $7::numeric, last_sequence = inv.last_sequence + 1,
         last_movement_at = greatest(clock_timestamp(), inv.last_movement_at), updated_at = now(),
         last_restocked_at = CASE WHEN $4::numeric > 0 AND $5::text = 'TRANSFER_IN' THEN now() ELSE inv.last_restocked_at END
   WHERE inv.company_id = $1::uuid AND inv.warehouse_id = $2::uuid AND inv.item_id = $3::uuid
     AND (inv.quantity + $4::numeric) - (inv.reserved - $7::numeric) >= 0
  RETURNING inv.quantity, inv.last_sequence, inv.last_movement_at),
stock AS (
  INSERT INTO item_stock AS s (item_id, company_id, quantity, average_cost, last_sequence, updated_at)
  SELECT $3::uuid, $1::uuid, greatest($4::numeric, 0), 0, 1, now() FROM moved WHERE $14::boolean
  ON CONFLICT (item_id)
    -- (the proposed row must pass the CHECKs even when it conflicts: hence greatest() above and $4 here)
    DO UPDATE SET quantity = s.quantity + $4::numeric, last_sequence = s.last_sequence + 1, updated_at = now()
  -- (the ledger time is taken under the item's lock: created_at orders the item's movements as item_sequence does)
  RETURNING s.average_cost, s.last_sequence, clock_timestamp() AS at),
cost AS (
  SELECT coalesce((SELECT average_cost FROM stock), (SELECT average_cost FROM item_stock WHERE item_id = $3::uuid), 0) AS average),
ledger AS (
  INSERT INTO transactions (company_id, type, warehouse_id, item_id, quantity, balance_after, sequence, notes, created_by, created_at,
                            unit_cost, average_cost_after, item_sequence, reason, transfer_id, reservation_id, stock_count_id)
  SELECT $1::uuid, $5::text::"TransactionType", $2::uuid, $3::uuid, $6::numeric, moved.quantity, moved.last_sequence, $8::text, $9::uuid,
         greatest((SELECT at FROM stock), moved.last_movement_at), round(cost.average, 4), (SELECT average_cost FROM stock), (SELECT last_sequence FROM stock),
         $10::text::"AdjustmentReason", $11::uuid, $12::uuid, $13::uuid
    FROM moved, cost
  RETURNING *)
SELECT jsonb_build_object(
         'id', id, 'type', type, 'warehouseId', warehouse_id, 'itemId', item_id,
         'quantity', quantity::text, 'balanceAfter', balance_after::text, 'notes', notes, 'createdBy', created_by,
         'createdAt', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'unitCost', unit_cost::text, 'reason', reason, 'transferId', transfer_id, 'reservationId', reservation_id,
         'stockCountId', stock_count_id) AS body
  FROM ledger`;

/** Why a set of (warehouse, item) pairs could not be locked: each warehouse and item is ok, missing or deleted. */
export const DESCRIBE_TARGETS = `
SELECT r.id::text AS id, r.kind,
       CASE WHEN r.kind = 'warehouse' THEN (SELECT CASE WHEN deleted_at IS NULL THEN 'ok' ELSE 'deleted' END FROM warehouses WHERE id = r.id AND company_id = $1::uuid)
            ELSE (SELECT CASE WHEN deleted_at IS NULL THEN 'ok' ELSE 'deleted' END FROM items WHERE id = r.id AND company_id = $1::uuid) END AS state
  FROM unnest($2::uuid[], $3::text[]) AS r(id, kind)`;

/**
 * Idempotency: try the transaction-scoped advisory lock of the key ($1 company, $2 "user|route|key"),
 * then read an earlier answer ($1 company, $2 user, $3 route, $4 key).
 */
export const IDEMPOTENCY_LOCK = `SELECT pg_try_advisory_xact_lock(hashtextextended($1::text || '|' || $2::text, 0)) AS ok`;
export const IDEMPOTENCY_PRIOR = `
SELECT request_hash, response_status, response_body FROM idempotency_keys
 WHERE company_id = $1::uuid AND user_id = $2::uuid AND route = $3::text AND key = $4::text`;
export const IDEMPOTENCY_SAVE = `
INSERT INTO idempotency_keys (company_id, user_id, route, key, request_hash, response_status, response_body)
VALUES ($1::uuid, $2::uuid, $3::text, $4::text, $5::text, $6::int, $7::jsonb)`;

/**
 * Expiry counts at once: marks the overdue ACTIVE reservations of one inventory row EXPIRED and
 * gives their quantity back to available, in lock order (reservations, then the inventory row: the
 * inventory update needs the whole sum first). A concurrent run re-checks status on each locked
 * reservation and skips it, so nothing is released twice. $1 company, $2 warehouse, $3 item.
 */
export const EXPIRE_OVERDUE_FOR_ROW = `
WITH expired AS (
  UPDATE reservations r SET status = 'EXPIRED', updated_at = now()
   WHERE r.company_id = $1::uuid AND r.warehouse_id = $2::uuid AND r.item_id = $3::uuid
     AND r.status = 'ACTIVE' AND r.expires_at <= now()
  RETURNING r.quantity),
released AS (
  UPDATE inventory inv SET reserved = inv.reserved - (SELECT sum(quantity) FROM expired), updated_at = now()
   WHERE inv.company_id = $1::uuid AND inv.warehouse_id = $2::uuid AND inv.item_id = $3::uuid AND EXISTS (SELECT 1 FROM expired)
  RETURNING 1)
SELECT (SELECT count(*)::int FROM expired) AS expired, (SELECT count(*)::int FROM released) AS released`;
