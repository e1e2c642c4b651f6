/**
 * Posting a receipt: every line of the document as an INBOUND movement, in ONE statement, the same
 * ledger rules as inbound.sql.ts line by line — the inventory row gains the quantity, the ledger row
 * carries the resulting balance and the row's next sequence, item_stock keeps the company-wide
 * quantity and moving-average cost, and every row stores average_cost_after and item_sequence.
 *
 * Runs inside the posting transaction (src/documents/receipts.service.ts) after the document row,
 * the inventory rows (sorted by warehouse, item) and the item_stock rows (sorted by item) are locked,
 * so this statement reads values no one else can change. Lines of the same (warehouse, item) follow
 * each other in line order (running balance and sequence); lines of the same item update the average
 * one after the other, in line order (the recursive `costed`), exactly as single INBOUND movements
 * in that order would, so stock:verify replays it. All rows of one inventory row share one timestamp,
 * never earlier than the row's last movement (asOf).
 *
 * $1 company, $2 document, $3 supplier, $4 notes (the document's reference), $5 user.
 */
export const POST_RECEIPT_LINES = `
WITH RECURSIVE
  lines AS MATERIALIZED (
    SELECT l.line_no, l.warehouse_id, l.item_id, l.quantity, l.unit_cost
      FROM document_lines l WHERE l.company_id = $1::uuid AND l.document_id = $2::uuid),
  clock AS MATERIALIZED (SELECT clock_timestamp() AS at),
  placed AS MATERIALIZED (
    SELECT ln.line_no, ln.warehouse_id, ln.item_id, ln.quantity, ln.unit_cost,
           inv.quantity + sum(ln.quantity) OVER w AS balance_after,
           inv.last_sequence + (row_number() OVER w)::int AS sequence,
           greatest((SELECT at FROM clock), inv.last_movement_at) AS created_at
      FROM lines ln
      JOIN inventory inv ON inv.company_id = $1::uuid AND inv.warehouse_id = ln.warehouse_id AND inv.item_id = ln.item_id
    WINDOW w AS (PARTITION BY ln.warehouse_id, ln.item_id ORDER BY ln.line_no)),
  by_item AS MATERIALIZED (
    SELECT ln.line_no, ln.item_id, ln.quantity, ln.unit_cost, row_number() OVER (PARTITION BY ln.item_id ORDER BY ln.line_no) AS k
      FROM lines ln),
  costed (item_id, k, line_no, quantity_after, average_cost, item_sequence) AS (
    SELECT b.item_id, b.k, b.line_no, (s.quantity + b.quantity)::numeric,
           (CASE WHEN b.unit_cost IS NULL THEN s.average_cost
                 ELSE round((s.quantity * s.average_cost + b.quantity * b.unit_cost) / (s.quantity + b.quantity), 6) END)::numeric,
           s.last_sequence + 1
      FROM by_item b JOIN item_stock s ON s.company_id = $1::uuid AND s.item_id = b.item_id
     WHERE b.k = 1
    UNION ALL
    SELECT b.item_id, b.k, b.line_no, (c.quantity_after + b.quantity)::numeric,
           (CASE WHEN b.unit_cost IS NULL THEN c.average_cost
                 ELSE round((c.quantity_after * c.average_cost + b.quantity * b.unit_cost) / (c.quantity_after + b.quantity), 6) END)::numeric,
           c.item_sequence + 1
      FROM costed c JOIN by_item b ON b.item_id = c.item_id AND b.k = c.k + 1),
  inventory_moved AS (
    UPDATE inventory inv
       SET quantity = inv.quantity + g.quantity, last_sequence = inv.last_sequence + g.lines, last_movement_at = g.created_at,
           last_restocked_at = now(), updated_at = now()
      FROM (SELECT warehouse_id, item_id, sum(quantity) AS quantity, count(*)::int AS lines, max(created_at) AS created_at
              FROM placed GROUP BY warehouse_id, item_id) g
     WHERE inv.company_id = $1::uuid AND inv.warehouse_id = g.warehouse_id AND inv.item_id = g.item_id
    RETURNING 1),
  stock_moved AS (
    UPDATE item_stock s
       SET quantity = s.quantity + g.quantity, average_cost = f.average_cost, last_sequence = f.item_sequence, updated_at = now()
      FROM (SELECT item_id, sum(quantity) AS quantity FROM lines GROUP BY item_id) g
      JOIN (SELECT DISTINCT ON (item_id) item_id, average_cost, item_sequence FROM costed ORDER BY item_id, k DESC) f USING (item_id)
     WHERE s.company_id = $1::uuid AND s.item_id = g.item_id
    RETURNING 1),
  ledger AS (
    INSERT INTO transactions (company_id, type, warehouse_id, item_id, quantity, balance_after, sequence, notes, created_by, created_at,
                              unit_cost, average_cost_after, item_sequence, document_id, supplier_id)
    SELECT $1::uuid, 'INBOUND', p.warehouse_id, p.item_id, p.quantity, p.balance_after, p.sequence, $4::text, $5::uuid, p.created_at,
           p.unit_cost, c.average_cost, c.item_sequence, $2::uuid, $3::uuid
      FROM placed p JOIN costed c ON c.line_no = p.line_no
     ORDER BY p.line_no
    RETURNING 1)
SELECT (SELECT count(*)::int FROM lines) AS lines, (SELECT count(*)::int FROM ledger) AS movements,
       (SELECT count(*)::int FROM inventory_moved) AS "inventoryRows", (SELECT count(*)::int FROM stock_moved) AS items`;
