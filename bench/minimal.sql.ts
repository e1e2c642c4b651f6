/**
 * The minimal movement: what any implementation of an OUTBOUND must do at the least — one statement,
 * the conditional update of the stock row and the ledger insert (balance and sequence from the locked
 * row). No caller check, no target check, no item_stock, no response body. The yardstick of issue 15:
 * pgbench runs it (bench/arms/pgbench.ts) and so does the bare Fastify + pg server (bench/ceiling-server.ts).
 *
 * $1 warehouse, $2 item, $3 quantity, $4 notes, $5 user (created_by; the ledger's foreign key wants one).
 */
export const MINIMAL_MOVEMENT_SQL = `
WITH moved AS (
  UPDATE inventory SET quantity = quantity - $3::numeric, last_sequence = last_sequence + 1
   WHERE warehouse_id = $1::uuid AND item_id = $2::uuid AND quantity - reserved >= $3::numeric
  RETURNING company_id, quantity, last_sequence)
INSERT INTO transactions (company_id, type, warehouse_id, item_id, quantity, balance_after, sequence, notes, created_by)
SELECT company_id, 'OUTBOUND', $1::uuid, $2::uuid, $3::numeric, quantity, last_sequence, $4::text, $5::uuid FROM moved
RETURNING id, balance_after`;
