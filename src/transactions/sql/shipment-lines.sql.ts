/**
 * Posting a shipment: every line as an OUTBOUND movement that ships its reservation, in ONE
 * statement, the same ledger rules as outbound.sql.ts and a reservation fulfilment line by line —
 * the inventory row loses the quantity and its reserved counter the same amount, the ledger row
 * carries the resulting balance, the row's next sequence and the reservation, item_stock loses the
 * quantity (the average does not move: stock leaves at it, recorded as the row's unit cost), and the
 * reservations become FULFILLED.
 *
 * Runs inside the posting transaction (src/documents/shipments.service.ts) after the document row,
 * its reservations, the inventory rows (sorted by warehouse, item) and the item_stock rows (sorted by
 * item) are locked and every reservation was found ACTIVE: shipped stock is held stock, so no check
 * can fail here (the CHECKs on inventory stay the backstop).
 *
 * $1 company, $2 document, $3 customer, $4 notes (the document's reference), $5 user.
 */
export const POST_SHIPMENT_LINES = `
WITH
  lines AS MATERIALIZED (
    SELECT l.line_no, l.warehouse_id, l.item_id, l.quantity, l.reservation_id
      FROM document_lines l WHERE l.company_id = $1::uuid AND l.document_id = $2::uuid),
  clock AS MATERIALIZED (SELECT clock_timestamp() AS at),
  placed AS MATERIALIZED (
    SELECT ln.line_no, ln.warehouse_id, ln.item_id, ln.quantity, ln.reservation_id,
           inv.quantity - sum(ln.quantity) OVER w AS balance_after,
           inv.last_sequence + (row_number() OVER w)::int AS sequence,
           greatest((SELECT at FROM clock), inv.last_movement_at) AS created_at
      FROM lines ln
      JOIN inventory inv ON inv.company_id = $1::uuid AND inv.warehouse_id = ln.warehouse_id AND inv.item_id = ln.item_id
    WINDOW w AS (PARTITION BY ln.warehouse_id, ln.item_id ORDER BY ln.line_no)),
  costed AS MATERIALIZED (
    SELECT ln.line_no, s.average_cost, s.last_sequence + (row_number() OVER (PARTITION BY ln.item_id ORDER BY ln.line_no))::int AS item_sequence
      FROM lines ln JOIN item_stock s ON s.company_id = $1::uuid AND s.item_id = ln.item_id),
  inventory_moved AS (
    UPDATE inventory inv
       SET quantity = inv.quantity - g.quantity, reserved = inv.reserved - g.quantity, last_sequence = inv.last_sequence + g.lines,
           last_movement_at = g.created_at, updated_at = now()
      FROM (SELECT warehouse_id, item_id, sum(quantity) AS quantity, count(*)::int AS lines, max(created_at) AS created_at
              FROM placed GROUP BY warehouse_id, item_id) g
     WHERE inv.company_id = $1::uuid AND inv.warehouse_id = g.warehouse_id AND inv.item_id = g.item_id
    RETURNING 1),
  stock_moved AS (
    UPDATE item_stock s SET quantity = s.quantity - g.quantity, last_sequence = s.last_sequence + g.lines, updated_at = now()
      FROM (SELECT item_id, sum(quantity) AS quantity, count(*)::int AS lines FROM lines GROUP BY item_id) g
     WHERE s.company_id = $1::uuid AND s.item_id = g.item_id
    RETURNING 1),
  fulfilled AS (
    UPDATE reservations r SET status = 'FULFILLED', fulfilled_quantity = r.quantity, updated_at = now()
      FROM lines ln
     WHERE r.company_id = $1::uuid AND r.id = ln.reservation_id AND r.status = 'ACTIVE'
    RETURNING 1),
  ledger AS (
    INSERT INTO transactions (company_id, type, warehouse_id, item_id, quantity, balance_after, sequence, notes, created_by, created_at,
                              unit_cost, average_cost_after, item_sequence, reservation_id, document_id, customer_id)
    SELECT $1::uuid, 'OUTBOUND', p.warehouse_id, p.item_id, p.quantity, p.balance_after, p.sequence, $4::text, $5::uuid, p.created_at,
           round(c.average_cost, 4), c.average_cost, c.item_sequence, p.reservation_id, $2::uuid, $3::uuid
      FROM placed p JOIN costed c ON c.line_no = p.line_no
     ORDER BY p.line_no
    RETURNING 1)
SELECT (SELECT count(*)::int FROM lines) AS lines, (SELECT count(*)::int FROM ledger) AS movements,
       (SELECT count(*)::int FROM fulfilled) AS fulfilled, (SELECT count(*)::int FROM inventory_moved) AS "inventoryRows",
       (SELECT count(*)::int FROM stock_moved) AS items`;
