/**
 * The SQL of one stock movement, reviewed as a unit. Each variant is ONE statement, so the
 * inventory row lock is taken and released inside PostgreSQL with no application round trip in
 * between: the conditional update (quantity >= n) or the upsert locks the row, the ledger insert
 * follows in the same statement, and the implicit commit releases it.
 *
 * Parameters: $1 company, $2 warehouse, $3 item, $4 quantity, $5 notes, $6 user,
 * and for the idempotent variants $7 lock key, $8 route, $9 idempotency key, $10 request hash.
 */

const TARGET = `
  target AS (
    SELECT w.id AS warehouse_id, it.id AS item_id
      FROM warehouses w, items it
     WHERE w.id = $2 AND w.company_id = $1 AND w.deleted_at IS NULL
       AND it.id = $3 AND it.company_id = $1 AND it.deleted_at IS NULL
       %GUARD%)`;

const INBOUND = `
  moved AS (
    INSERT INTO inventory AS inv (company_id, warehouse_id, item_id, quantity, last_sequence, last_restocked_at, updated_at)
    SELECT $1, warehouse_id, item_id, $4, 1, now(), now() FROM target
    ON CONFLICT (warehouse_id, item_id)
      DO UPDATE SET quantity = inv.quantity + EXCLUDED.quantity, last_sequence = inv.last_sequence + 1,
                    last_restocked_at = now(), updated_at = now()
    RETURNING inv.quantity, inv.last_sequence)`;

const OUTBOUND = `
  moved AS (
    UPDATE inventory inv SET quantity = inv.quantity - $4, last_sequence = inv.last_sequence + 1, updated_at = now()
      FROM target
     WHERE inv.warehouse_id = target.warehouse_id AND inv.item_id = target.item_id AND inv.quantity >= $4
    RETURNING inv.quantity, inv.last_sequence)`;

const LEDGER = (type: 'INBOUND' | 'OUTBOUND') => `
  ledger AS (
    INSERT INTO transactions (company_id, type, warehouse_id, item_id, quantity, balance_after, sequence, notes, created_by)
    SELECT $1, '${type}', $2, $3, $4, moved.quantity, moved.last_sequence, $5, $6 FROM moved
    RETURNING id, type, warehouse_id, item_id, quantity, balance_after, notes, created_by, created_at),
  body AS (
    SELECT jsonb_build_object(
      'id', id, 'type', type, 'warehouseId', warehouse_id, 'itemId', item_id,
      'quantity', quantity::text, 'balanceAfter', balance_after::text, 'notes', notes, 'createdBy', created_by,
      'createdAt', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS b
    FROM ledger)`;

/** Only for the idempotent variants: the key is stored in the same statement as the movement. */
const IDEMPOTENCY = `
  lock AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(hashtextextended($7, 0)) AS ok),
  prior AS MATERIALIZED (
    SELECT request_hash, response_status, response_body FROM idempotency_keys
     WHERE company_id = $1 AND user_id = $6 AND route = $8 AND key = $9),`;

const SAVE = `,
  saved AS (
    INSERT INTO idempotency_keys (company_id, user_id, route, key, request_hash, response_status, response_body)
    SELECT $1, $6, $8, $9, $10, 201, b FROM body
    RETURNING id)`;

const RESULT = (idempotent: boolean) => `
SELECT (SELECT b FROM body) AS body,
       EXISTS (SELECT 1 FROM target) AS "targetFound",
       (SELECT quantity::text FROM inventory WHERE warehouse_id = $2 AND item_id = $3 AND company_id = $1) AS available
       ${idempotent ? `, (SELECT ok FROM lock) AS "lockAcquired", (SELECT row_to_json(prior) FROM prior) AS prior` : ''}`;

const PARAM_TYPES: Record<string, string> = {
  1: 'uuid',
  2: 'uuid',
  3: 'uuid',
  4: 'numeric',
  5: 'text',
  6: 'uuid',
  7: 'text',
  8: 'text',
  9: 'text',
  10: 'text',
};

/** Every parameter gets an explicit type, so PostgreSQL never has to guess one per statement. */
const typed = (sql: string): string => sql.replace(/\$(\d+)\b/g, (_, n: string) => `$${n}::${PARAM_TYPES[n] ?? 'text'}`);

function build(type: 'INBOUND' | 'OUTBOUND', idempotent: boolean): string {
  const guard = idempotent ? 'AND (SELECT ok FROM lock) AND NOT EXISTS (SELECT 1 FROM prior)' : '';
  return typed(`WITH ${idempotent ? IDEMPOTENCY : ''}${TARGET.replace('%GUARD%', guard)},${type === 'INBOUND' ? INBOUND : OUTBOUND},${LEDGER(type)}${idempotent ? SAVE : ''}
${RESULT(idempotent)}`);
}

export const MOVEMENT_SQL = {
  INBOUND: build('INBOUND', false),
  OUTBOUND: build('OUTBOUND', false),
  INBOUND_IDEMPOTENT: build('INBOUND', true),
  OUTBOUND_IDEMPOTENT: build('OUTBOUND', true),
} as const;

export type MovementVariant = keyof typeof MOVEMENT_SQL;
