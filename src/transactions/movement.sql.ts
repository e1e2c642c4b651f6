/**
 * The SQL of one stock movement, reviewed as a unit. Each variant is ONE statement, so the
 * inventory row lock is taken and released inside PostgreSQL with no application round trip in
 * between: the conditional update (quantity >= n) or the upsert locks the row, the ledger insert
 * follows in the same statement, and the implicit commit releases it.
 *
 * The same statement also re-checks the caller (active, same company and role, login not revoked),
 * so the request needs no separate authentication query: one round trip per movement.
 *
 * The same statement keeps the item's company-wide stock and moving-average cost (item_stock) and
 * stamps the movement with a time that never goes back for its inventory row (last_movement_at),
 * so "the last balance at or before T" is exact. Lock order: inventory row, then item_stock row
 * (the item_stock CTE reads the inventory CTE's output, so it cannot run first).
 *
 * Parameters: $1 company, $2 warehouse, $3 item, $4 quantity, $5 notes, $6 user, $7 session
 * (refresh-token family), $8 role, $9 unit cost (INBOUND only; null: enters at the current average),
 * and for the idempotent variants $10 lock key, $11 route, $12 idempotency key, $13 request hash.
 */

const PRINCIPAL = `
  principal AS MATERIALIZED (
    SELECT EXISTS (
      SELECT 1 FROM users u
       WHERE u.id = $6 AND u.company_id = $1 AND u.is_active AND u.role = $8
         AND EXISTS (SELECT 1 FROM refresh_tokens rt
                      WHERE rt.family_id = $7 AND rt.user_id = u.id AND NOT rt.is_revoked AND rt.expires_at > now())) AS ok),`;

const TARGET = `
  target AS (
    SELECT w.id AS warehouse_id, it.id AS item_id
      FROM warehouses w, items it
     WHERE w.id = $2 AND w.company_id = $1 AND w.deleted_at IS NULL
       AND it.id = $3 AND it.company_id = $1 AND it.deleted_at IS NULL
       AND (SELECT ok FROM principal) %GUARD%)`;

const INBOUND = `
  moved AS (
    INSERT INTO inventory AS inv (company_id, warehouse_id, item_id, quantity, last_sequence, last_movement_at, last_restocked_at, updated_at)
    SELECT $1, warehouse_id, item_id, $4, 1, clock_timestamp(), now(), now() FROM target
    ON CONFLICT (warehouse_id, item_id)
      DO UPDATE SET quantity = inv.quantity + EXCLUDED.quantity, last_sequence = inv.last_sequence + 1,
                    last_movement_at = greatest(clock_timestamp(), inv.last_movement_at), last_restocked_at = now(), updated_at = now()
    RETURNING inv.quantity, inv.last_sequence, inv.last_movement_at),
  stock AS (
    INSERT INTO item_stock AS s (item_id, company_id, quantity, average_cost, last_sequence, updated_at)
    SELECT $3, $1, $4, coalesce($9, 0), 1, now() FROM moved
    ON CONFLICT (item_id)
      DO UPDATE SET quantity = s.quantity + EXCLUDED.quantity, last_sequence = s.last_sequence + 1, updated_at = now(),
                    average_cost = CASE WHEN $9 IS NULL THEN s.average_cost
                                        ELSE round((s.quantity * s.average_cost + EXCLUDED.quantity * $9) / (s.quantity + EXCLUDED.quantity), 6) END
    RETURNING s.average_cost, s.last_sequence)`;

const OUTBOUND = `
  moved AS (
    UPDATE inventory inv SET quantity = inv.quantity - $4, last_sequence = inv.last_sequence + 1,
                             last_movement_at = greatest(clock_timestamp(), inv.last_movement_at), updated_at = now()
      FROM target
     WHERE inv.warehouse_id = target.warehouse_id AND inv.item_id = target.item_id
       AND inv.quantity - inv.reserved >= $4 AND $9 IS NULL
    RETURNING inv.quantity, inv.last_sequence, inv.last_movement_at),
  stock AS (
    -- An upsert, so a missing item_stock row (data written around the API) can never drop the ledger row;
    -- the proposed row must pass the CHECKs even when it conflicts, hence 0 there.
    INSERT INTO item_stock AS s (item_id, company_id, quantity, average_cost, last_sequence, updated_at)
    SELECT $3, $1, 0, 0, 1, now() FROM moved
    ON CONFLICT (item_id)
      DO UPDATE SET quantity = s.quantity - $4, last_sequence = s.last_sequence + 1, updated_at = now()
    RETURNING s.average_cost, s.last_sequence)`;

const LEDGER = (type: 'INBOUND' | 'OUTBOUND') => `
  ledger AS (
    INSERT INTO transactions (company_id, type, warehouse_id, item_id, quantity, balance_after, sequence, notes, created_by,
                              created_at, unit_cost, average_cost_after, item_sequence)
    SELECT $1, '${type}', $2, $3, $4, moved.quantity, moved.last_sequence, $5, $6,
           moved.last_movement_at, ${type === 'INBOUND' ? '$9' : 'round(stock.average_cost, 4)'}, stock.average_cost, stock.last_sequence
      FROM moved, stock
    RETURNING id, type, warehouse_id, item_id, quantity, balance_after, notes, created_by, created_at, unit_cost),
  body AS (
    SELECT jsonb_build_object(
      'id', id, 'type', type, 'warehouseId', warehouse_id, 'itemId', item_id,
      'quantity', quantity::text, 'balanceAfter', balance_after::text, 'notes', notes, 'createdBy', created_by,
      'createdAt', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'unitCost', unit_cost::text, 'reason', NULL, 'transferId', NULL, 'reservationId', NULL, 'stockCountId', NULL) AS b
    FROM ledger)`;

/** Only for the idempotent variants: the key is stored in the same statement as the movement. */
const IDEMPOTENCY = `
  lock AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(hashtextextended($10, 0)) AS ok),
  prior AS MATERIALIZED (
    SELECT request_hash, response_status, response_body FROM idempotency_keys
     WHERE company_id = $1 AND user_id = $6 AND route = $11 AND key = $12),`;

const SAVE = `,
  saved AS (
    INSERT INTO idempotency_keys (company_id, user_id, route, key, request_hash, response_status, response_body)
    SELECT $1, $6, $11, $12, $13, 201, b FROM body
    RETURNING id)`;

const RESULT = (idempotent: boolean) => `
SELECT (SELECT b FROM body) AS body,
       (SELECT ok FROM principal) AS "principalOk",
       EXISTS (SELECT 1 FROM target) AS "targetFound",
       (SELECT (quantity - reserved)::text FROM inventory WHERE warehouse_id = $2 AND item_id = $3 AND company_id = $1) AS available
       ${idempotent ? `, (SELECT ok FROM lock) AS "lockAcquired", (SELECT row_to_json(prior) FROM prior) AS prior` : ''}`;

const PARAM_TYPES: Record<string, string> = {
  1: 'uuid',
  2: 'uuid',
  3: 'uuid',
  4: 'numeric',
  5: 'text',
  6: 'uuid',
  7: 'uuid',
  8: '"Role"',
  9: 'numeric',
  10: 'text',
  11: 'text',
  12: 'text',
  13: 'text',
};

/** Every parameter gets an explicit type, so PostgreSQL never has to guess one per statement. */
const typed = (sql: string): string => sql.replace(/\$(\d+)\b/g, (_, n: string) => `$${n}::${PARAM_TYPES[n] ?? 'text'}`);

function build(type: 'INBOUND' | 'OUTBOUND', idempotent: boolean): string {
  const guard = idempotent ? 'AND (SELECT ok FROM lock) AND NOT EXISTS (SELECT 1 FROM prior)' : '';
  return typed(`WITH ${PRINCIPAL}${idempotent ? IDEMPOTENCY : ''}${TARGET.replace('%GUARD%', guard)},${type === 'INBOUND' ? INBOUND : OUTBOUND},${LEDGER(type)}${idempotent ? SAVE : ''}
${RESULT(idempotent)}`);
}

export const MOVEMENT_SQL = {
  INBOUND: build('INBOUND', false),
  OUTBOUND: build('OUTBOUND', false),
  INBOUND_IDEMPOTENT: build('INBOUND', true),
  OUTBOUND_IDEMPOTENT: build('OUTBOUND', true),
} as const;

export type MovementVariant = keyof typeof MOVEMENT_SQL;
