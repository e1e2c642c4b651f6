/**
 * The SQL of receipts and shipments (documents), each statement whole; `$1` is always the company
 * (bound by the door). The ledger writes of posting live with the other movement statements, in
 * src/transactions/sql/document-lines.sql.ts; the reservations of a shipment in
 * src/reservations/reservations.sql.ts. A document's row is locked (FOR UPDATE) by every statement
 * sequence that changes it, first in the global lock order (docs/architecture.md): document row →
 * reservation rows → inventory rows in (warehouse_id, item_id) order → item_stock rows in item_id order.
 */

const AT = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Header fields shared by receipts and shipments (`d` is the documents row). */
const HEADER = `
  'id', d.id, 'status', d.status, 'reference', d.reference, 'notes', d.notes,
  'lineCount', (SELECT count(*)::int FROM document_lines l WHERE l.document_id = d.id),
  'totalQuantity', (SELECT coalesce(sum(l.quantity), 0)::text FROM document_lines l WHERE l.document_id = d.id),
  'createdBy', d.created_by, 'createdAt', ${AT('d.created_at')}, 'updatedAt', ${AT('d.updated_at')},
  'postedAt', ${AT('d.posted_at')}, 'cancelledAt', ${AT('d.cancelled_at')}`;

const RECEIPT_LINES = `
  'lines', coalesce((SELECT jsonb_agg(jsonb_build_object(
             'lineNo', l.line_no, 'itemId', l.item_id, 'warehouseId', l.warehouse_id, 'quantity', l.quantity::text,
             'unitCost', l.unit_cost::text) ORDER BY l.line_no)
      FROM document_lines l WHERE l.document_id = d.id), '[]'::jsonb)`;

const SHIPMENT_LINES = `
  'lines', coalesce((SELECT jsonb_agg(jsonb_build_object(
             'lineNo', l.line_no, 'itemId', l.item_id, 'warehouseId', l.warehouse_id, 'quantity', l.quantity::text,
             'reservationId', l.reservation_id) ORDER BY l.line_no)
      FROM document_lines l WHERE l.document_id = d.id), '[]'::jsonb)`;

/** The answer shapes: list entries (no lines) and whole documents. */
export const RECEIPT_ENTRY_JSON = `jsonb_build_object(${HEADER}, 'supplierId', d.supplier_id)`;
export const SHIPMENT_ENTRY_JSON = `jsonb_build_object(${HEADER}, 'customerId', d.customer_id, 'confirmedAt', ${AT('d.confirmed_at')})`;
const RECEIPT_JSON = `(${RECEIPT_ENTRY_JSON} || jsonb_build_object(${RECEIPT_LINES}))`;
const SHIPMENT_JSON = `(${SHIPMENT_ENTRY_JSON} || jsonb_build_object(${SHIPMENT_LINES}))`;

/** A whole receipt / shipment of the company. $1 company, $2 id. */
export const FIND_RECEIPT = `SELECT ${RECEIPT_JSON} AS body FROM documents d WHERE d.company_id = $1::uuid AND d.id = $2::uuid AND d.kind = 'RECEIPT'`;
export const FIND_SHIPMENT = `SELECT ${SHIPMENT_JSON} AS body FROM documents d WHERE d.company_id = $1::uuid AND d.id = $2::uuid AND d.kind = 'SHIPMENT'`;

/**
 * Whether a supplier ($3 = 'supplier') or customer ($3 = 'customer') of the company exists and is
 * deleted, holding a share lock until the end of the transaction, so a concurrent soft delete waits
 * for the document that names it. $1 company, $2 partner id. No row: not in this company.
 */
export const LOCK_SUPPLIER = `SELECT deleted_at IS NOT NULL AS deleted FROM suppliers WHERE company_id = $1::uuid AND id = $2::uuid FOR SHARE`;
export const LOCK_CUSTOMER = `SELECT deleted_at IS NOT NULL AS deleted FROM customers WHERE company_id = $1::uuid AND id = $2::uuid FOR SHARE`;

/**
 * The lines whose warehouse or item is not an active one of the company, with what is wrong
 * ('missing' | 'deleted' | 'ok'), in line order. $1 company, $2 warehouse ids, $3 item ids (one per line, in order).
 */
export const LINE_TARGET_PROBLEMS = `
SELECT x.n::int - 1 AS line,
       coalesce((SELECT CASE WHEN w.deleted_at IS NULL THEN 'ok' ELSE 'deleted' END FROM warehouses w
                  WHERE w.company_id = $1::uuid AND w.id = x.warehouse_id), 'missing') AS warehouse,
       coalesce((SELECT CASE WHEN it.deleted_at IS NULL THEN 'ok' ELSE 'deleted' END FROM items it
                  WHERE it.company_id = $1::uuid AND it.id = x.item_id), 'missing') AS item
  FROM unnest($2::uuid[], $3::uuid[]) WITH ORDINALITY AS x(warehouse_id, item_id, n)
 WHERE NOT EXISTS (SELECT 1 FROM warehouses w WHERE w.company_id = $1::uuid AND w.id = x.warehouse_id AND w.deleted_at IS NULL)
    OR NOT EXISTS (SELECT 1 FROM items it WHERE it.company_id = $1::uuid AND it.id = x.item_id AND it.deleted_at IS NULL)
 ORDER BY x.n`;

/** A new DRAFT. $1 company, $2 kind, $3 supplier, $4 customer, $5 reference, $6 notes, $7 user. */
export const INSERT_DOCUMENT = `
INSERT INTO documents (company_id, kind, supplier_id, customer_id, reference, notes, created_by)
VALUES ($1::uuid, $2::text::"DocumentKind", $3::uuid, $4::uuid, $5::text, $6::text, $7::uuid)
RETURNING id::text AS id`;

/**
 * The lines of a DRAFT, numbered by their position in the request (0-based). $1 company, $2 document,
 * $3 warehouses, $4 items, $5 quantities, $6 unit costs (null elements: none).
 */
export const INSERT_LINES = `
INSERT INTO document_lines (company_id, document_id, line_no, warehouse_id, item_id, quantity, unit_cost)
SELECT $1::uuid, $2::uuid, x.n::int - 1, x.warehouse_id, x.item_id, x.quantity, x.unit_cost
  FROM unnest($3::uuid[], $4::uuid[], $5::numeric[], $6::numeric[]) WITH ORDINALITY AS x(warehouse_id, item_id, quantity, unit_cost, n)`;

/** Drops the lines of a locked DRAFT before its new lines are written. $1 company, $2 document. */
export const DELETE_LINES = `DELETE FROM document_lines WHERE company_id = $1::uuid AND document_id = $2::uuid`;

/**
 * Changes the header of a locked DRAFT: a null partner keeps the current one; reference and notes
 * change only when their flag is set (null then clears them). $1 company, $2 id, $3 supplier,
 * $4 customer, $5 set reference?, $6 reference, $7 set notes?, $8 notes.
 */
export const UPDATE_HEADER = `
UPDATE documents
   SET supplier_id = coalesce($3::uuid, supplier_id), customer_id = coalesce($4::uuid, customer_id),
       reference = CASE WHEN $5::boolean THEN $6::text ELSE reference END,
       notes = CASE WHEN $7::boolean THEN $8::text ELSE notes END, updated_at = now()
 WHERE company_id = $1::uuid AND id = $2::uuid`;

/**
 * Locks a document of the company and kind, with its partner and whether that partner is deleted.
 * $1 company, $2 id, $3 kind. No row: not a document of this kind in this company.
 */
export const LOCK_DOCUMENT = `
SELECT d.id::text AS id, d.status::text AS status, d.supplier_id::text AS "supplierId", d.customer_id::text AS "customerId",
       d.reference, coalesce(s.deleted_at, c.deleted_at) IS NOT NULL AS "partnerDeleted"
  FROM documents d
  LEFT JOIN suppliers s ON s.company_id = d.company_id AND s.id = d.supplier_id
  LEFT JOIN customers c ON c.company_id = d.company_id AND c.id = d.customer_id
 WHERE d.company_id = $1::uuid AND d.id = $2::uuid AND d.kind = $3::text::"DocumentKind"
   FOR UPDATE OF d`;

/** The lines of a document in line order. $1 company, $2 document. */
export const DOCUMENT_LINES = `
SELECT line_no AS "lineNo", warehouse_id::text AS "warehouseId", item_id::text AS "itemId", quantity::text AS quantity,
       reservation_id::text AS "reservationId"
  FROM document_lines WHERE company_id = $1::uuid AND document_id = $2::uuid ORDER BY line_no`;

/** Moves a locked document to $3 (CONFIRMED | POSTED | CANCELLED), stamping the time. $1 company, $2 id. */
export const SET_STATUS = `
UPDATE documents
   SET status = $3::text::"DocumentStatus", updated_at = now(),
       confirmed_at = CASE WHEN $3::text = 'CONFIRMED' THEN now() ELSE confirmed_at END,
       posted_at = CASE WHEN $3::text = 'POSTED' THEN now() ELSE posted_at END,
       cancelled_at = CASE WHEN $3::text = 'CANCELLED' THEN now() ELSE cancelled_at END
 WHERE company_id = $1::uuid AND id = $2::uuid`;
