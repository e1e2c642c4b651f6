/**
 * The SQL of reservations, each statement whole. Reserving is a counter on the locked inventory row
 * (inventory.reserved), so the availability check reads only that row: under READ COMMITTED a waiting
 * reservation re-checks the row it locked and never over-commits. Lock order (docs/architecture.md):
 * reservation row → inventory row.
 */

/** The answer shape; an ACTIVE reservation past its expiry reads as EXPIRED (it stopped counting). */
export const RESERVATION_JSON = `jsonb_build_object(
  'id', r.id, 'warehouseId', r.warehouse_id, 'itemId', r.item_id, 'quantity', r.quantity::text,
  'fulfilledQuantity', r.fulfilled_quantity::text,
  'status', CASE WHEN r.status = 'ACTIVE' AND r.expires_at <= now() THEN 'EXPIRED' ELSE r.status::text END,
  'reference', r.reference,
  'expiresAt', to_char(r.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'createdBy', r.created_by,
  'createdAt', to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'updatedAt', to_char(r.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

/**
 * Holds $4 of the (locked) inventory row if available, and records the reservation.
 * $1 company, $2 warehouse, $3 item, $4 quantity, $5 reference, $6 expires at, $7 user.
 */
export const RESERVE = `
WITH held AS (
  UPDATE inventory inv SET reserved = inv.reserved + $4::numeric, updated_at = now()
   WHERE inv.company_id = $1::uuid AND inv.warehouse_id = $2::uuid AND inv.item_id = $3::uuid
     AND inv.quantity - inv.reserved >= $4::numeric
  RETURNING inv.warehouse_id, inv.item_id),
r AS (
  INSERT INTO reservations (company_id, warehouse_id, item_id, quantity, reference, expires_at, created_by)
  SELECT $1::uuid, warehouse_id, item_id, $4::numeric, $5::text, $6::timestamptz, $7::uuid FROM held
  RETURNING *)
SELECT ${RESERVATION_JSON} AS body FROM r`;

/** Locks one reservation of the company (first in the lock order). $1 company, $2 id. */
export const LOCK_RESERVATION = `
SELECT r.id::text AS id, r.warehouse_id::text AS "warehouseId", r.item_id::text AS "itemId", r.quantity::text AS quantity,
       r.status::text AS status, r.expires_at <= now() AS overdue
  FROM reservations r
 WHERE r.company_id = $1::uuid AND r.id = $2::uuid
   FOR UPDATE`;

/** Gives a locked reservation's quantity back to available. $1 company, $2 warehouse, $3 item, $4 quantity. */
export const UNRESERVE = `
UPDATE inventory SET reserved = reserved - $4::numeric, updated_at = now()
 WHERE company_id = $1::uuid AND warehouse_id = $2::uuid AND item_id = $3::uuid`;

/** Closes a locked reservation. $1 company, $2 id, $3 status, $4 fulfilled quantity. */
export const CLOSE_RESERVATION = `
UPDATE reservations r SET status = $3::text::"ReservationStatus", fulfilled_quantity = $4::numeric, updated_at = now()
 WHERE r.company_id = $1::uuid AND r.id = $2::uuid
RETURNING ${RESERVATION_JSON} AS body`;

export const FIND_RESERVATION = `
SELECT ${RESERVATION_JSON} AS body FROM reservations r WHERE r.company_id = $1::uuid AND r.id = $2::uuid`;

/**
 * The expiry job, one batch of one company inside a transaction: marks up to $2 overdue ACTIVE
 * reservations EXPIRED (skipping rows another transaction holds) and returns them; the caller then
 * locks the inventory rows in order and gives the quantities back (RELEASE_EXPIRED). The batch is picked
 * in a MATERIALIZED CTE, evaluated once: as `IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)` a nested-loop
 * plan may run it again per row, each run skipping the rows the last one locked, and exceed the batch.
 */
export const EXPIRE_BATCH = `
WITH due AS MATERIALIZED (
  SELECT id FROM reservations
   WHERE company_id = $1::uuid AND status = 'ACTIVE' AND expires_at <= now()
   ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
UPDATE reservations r SET status = 'EXPIRED', updated_at = now()
  FROM due
 WHERE r.company_id = $1::uuid AND r.id = due.id AND r.status = 'ACTIVE'
RETURNING r.id::text AS id, r.warehouse_id::text AS "warehouseId", r.item_id::text AS "itemId", r.quantity::text AS quantity`;

/** Gives the expired quantities back, row by row in (warehouse, item) order. $1 company, $2 warehouses, $3 items, $4 quantities. */
export const RELEASE_EXPIRED = `
WITH back AS (
  SELECT warehouse_id, item_id, sum(quantity) AS quantity
    FROM unnest($2::uuid[], $3::uuid[], $4::numeric[]) AS x(warehouse_id, item_id, quantity) GROUP BY 1, 2),
locked AS (
  SELECT inv.id FROM inventory inv JOIN back USING (warehouse_id, item_id)
   WHERE inv.company_id = $1::uuid ORDER BY inv.warehouse_id, inv.item_id FOR UPDATE OF inv)
UPDATE inventory inv SET reserved = inv.reserved - back.quantity, updated_at = now()
  FROM back
 WHERE inv.company_id = $1::uuid AND inv.warehouse_id = back.warehouse_id AND inv.item_id = back.item_id
   AND inv.id IN (SELECT id FROM locked)`;

/**
 * Confirming a shipment: reserves every line of the document in one statement, on inventory rows the
 * transaction has locked and whose available stock it has checked (quantity − reserved ≥ Σ the
 * lines of the row). One reservation per line, linked from the line; if any row could not hold its
 * lines (`held` < `rows`) the caller rolls back. $1 company, $2 document, $3 reference, $4 expires
 * at, $5 user.
 */
export const RESERVE_DOCUMENT_LINES = `
WITH
  lines AS MATERIALIZED (
    SELECT l.id, l.warehouse_id, l.item_id, l.quantity, gen_random_uuid() AS reservation_id
      FROM document_lines l WHERE l.company_id = $1::uuid AND l.document_id = $2::uuid),
  need AS (SELECT warehouse_id, item_id, sum(quantity) AS quantity FROM lines GROUP BY warehouse_id, item_id),
  held AS (
    UPDATE inventory inv SET reserved = inv.reserved + need.quantity, updated_at = now()
      FROM need
     WHERE inv.company_id = $1::uuid AND inv.warehouse_id = need.warehouse_id AND inv.item_id = need.item_id
       AND inv.quantity - inv.reserved >= need.quantity
    RETURNING 1),
  made AS (
    INSERT INTO reservations (id, company_id, warehouse_id, item_id, quantity, reference, expires_at, created_by)
    SELECT ln.reservation_id, $1::uuid, ln.warehouse_id, ln.item_id, ln.quantity, $3::text, $4::timestamptz, $5::uuid
      FROM lines ln
    RETURNING id),
  linked AS (
    UPDATE document_lines l SET reservation_id = ln.reservation_id
      FROM lines ln
     WHERE l.company_id = $1::uuid AND l.id = ln.id AND EXISTS (SELECT 1 FROM made)
    RETURNING 1)
SELECT (SELECT count(*)::int FROM need) AS rows, (SELECT count(*)::int FROM held) AS held,
       (SELECT count(*)::int FROM made) AS made, (SELECT count(*)::int FROM linked) AS linked`;

/**
 * Locks the reservations of a document's lines in id order (after the document row, before any
 * inventory row). $1 company, $2 document.
 */
export const LOCK_DOCUMENT_RESERVATIONS = `
SELECT l.line_no AS "lineNo", r.id::text AS id, r.warehouse_id::text AS "warehouseId", r.item_id::text AS "itemId",
       r.status::text AS status, r.expires_at <= now() AS overdue
  FROM document_lines l JOIN reservations r ON r.company_id = l.company_id AND r.id = l.reservation_id
 WHERE l.company_id = $1::uuid AND l.document_id = $2::uuid
 ORDER BY r.id
   FOR UPDATE OF r`;

/**
 * Cancelling a confirmed shipment: releases its reservations that are still ACTIVE and gives their
 * quantity back to available, on inventory rows the transaction has locked. $1 company, $2 document.
 */
export const RELEASE_DOCUMENT_RESERVATIONS = `
WITH
  released AS (
    UPDATE reservations r SET status = 'RELEASED', updated_at = now()
      FROM document_lines l
     WHERE l.company_id = $1::uuid AND l.document_id = $2::uuid AND r.company_id = $1::uuid AND r.id = l.reservation_id
       AND r.status = 'ACTIVE'
    RETURNING r.warehouse_id, r.item_id, r.quantity),
  back AS (SELECT warehouse_id, item_id, sum(quantity) AS quantity FROM released GROUP BY warehouse_id, item_id),
  returned AS (
    UPDATE inventory inv SET reserved = inv.reserved - back.quantity, updated_at = now()
      FROM back
     WHERE inv.company_id = $1::uuid AND inv.warehouse_id = back.warehouse_id AND inv.item_id = back.item_id
    RETURNING 1)
SELECT (SELECT count(*)::int FROM released) AS released, (SELECT count(*)::int FROM returned) AS rows`;
