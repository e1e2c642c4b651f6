/**
 * INBOUND movement: upserts the inventory row (adds the quantity), then writes the ledger row with the
 * resulting balance and sequence. The same statement keeps the item's company-wide stock and moving-average
 * cost (item_stock, locked after the inventory row) and stamps the row with a time that never goes back
 * for its inventory row (last_movement_at), so asOf reads are exact.
 *
 * Idempotent variant: a transaction-scoped advisory lock on (company, user, route, key), the earlier
 * response if there is one, and the key stored with the response in the same statement as the movement.
 *
 * One statement: the inventory row lock is taken and released inside PostgreSQL. It also re-checks the
 * caller (active, same company and role, login not revoked): no separate authentication query.
 * Parameters: $1 company (bound by TenantSql), $2 warehouse, $3 item, $4 quantity, $5 notes, $6 user, $7 session
 * (refresh-token family), $8 role, $9 advisory-lock key, $10 route, $11 Idempotency-Key, $12 request hash,
 * $13 unit cost (null: enters at the current average).
 */
export const INBOUND_IDEMPOTENT_SQL = `
WITH
  principal AS MATERIALIZED (
    SELECT EXISTS (
      SELECT 1 FROM users u
       WHERE u.id = $6::uuid AND u.company_id = $1::uuid AND u.is_active AND u.role = $8::"Role"
         AND EXISTS (SELECT 1 FROM refresh_tokens rt
                      WHERE rt.family_id = $7::uuid AND rt.user_id = u.id AND NOT rt.is_revoked AND rt.expires_at > now())) AS ok),
  lock AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(hashtextextended($9::text, 0)) AS ok),
  prior AS MATERIALIZED (
    SELECT request_hash, response_status, response_body FROM idempotency_keys
     WHERE company_id = $1::uuid AND user_id = $6::uuid AND route = $10::text AND key = $11::text),
  target AS (
    SELECT w.id AS warehouse_id, it.id AS item_id
      FROM warehouses w, items it
     WHERE w.id = $2::uuid AND w.company_id = $1::uuid AND w.deleted_at IS NULL
       AND it.id = $3::uuid AND it.company_id = $1::uuid AND it.deleted_at IS NULL
       AND (SELECT ok FROM principal) AND (SELECT ok FROM lock) AND NOT EXISTS (SELECT 1 FROM prior)),
  moved AS (
    INSERT INTO inventory AS inv (company_id, warehouse_id, item_id, quantity, last_sequence, last_movement_at, last_restocked_at, updated_at)
    SELECT $1::uuid, warehouse_id, item_id, $4::numeric, 1, clock_timestamp(), now(), now() FROM target
    ON CONFLICT (warehouse_id, item_id)
      DO UPDATE SET quantity = inv.quantity + EXCLUDED.quantity, last_sequence = inv.last_sequence + 1,
                    last_movement_at = greatest(clock_timestamp(), inv.last_movement_at), last_restocked_at = now(), updated_at = now()
    RETURNING inv.quantity, inv.last_sequence, inv.last_movement_at),
  stock AS (
    INSERT INTO item_stock AS s (item_id, company_id, quantity, average_cost, last_sequence, updated_at)
    SELECT $3::uuid, $1::uuid, $4::numeric, coalesce($13::numeric, 0), 1, now() FROM moved
    ON CONFLICT (item_id)
      DO UPDATE SET quantity = s.quantity + EXCLUDED.quantity, last_sequence = s.last_sequence + 1, updated_at = now(),
                    average_cost = CASE WHEN $13::numeric IS NULL THEN s.average_cost
                                        ELSE round((s.quantity * s.average_cost + EXCLUDED.quantity * $13::numeric) / (s.quantity + EXCLUDED.quantity), 6) END
    -- The ledger time is taken here, under the item's lock, so created_at orders an item's movements as
    -- item_sequence (and the average cost) does; greatest() keeps it from going back for the row.
    RETURNING s.average_cost, s.last_sequence, clock_timestamp() AS at),
  ledger AS (
    INSERT INTO transactions (company_id, type, warehouse_id, item_id, quantity, balance_after, sequence, notes, created_by,
                              created_at, unit_cost, average_cost_after, item_sequence)
    SELECT $1::uuid, 'INBOUND', $2::uuid, $3::uuid, $4::numeric, moved.quantity, moved.last_sequence, $5::text, $6::uuid,
           greatest(stock.at, moved.last_movement_at), $13::numeric, stock.average_cost, stock.last_sequence
      FROM moved, stock
    RETURNING id, type, warehouse_id, item_id, quantity, balance_after, notes, created_by, created_at, unit_cost),
  body AS (
    SELECT jsonb_build_object(
      'id', id, 'type', type, 'warehouseId', warehouse_id, 'itemId', item_id,
      'quantity', quantity::text, 'balanceAfter', balance_after::text, 'notes', notes, 'createdBy', created_by,
      'createdAt', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'unitCost', unit_cost::text, 'reason', NULL, 'transferId', NULL, 'reservationId', NULL, 'stockCountId', NULL) AS b
    FROM ledger),
  saved AS (
    INSERT INTO idempotency_keys (company_id, user_id, route, key, request_hash, response_status, response_body)
    SELECT $1::uuid, $6::uuid, $10::text, $11::text, $12::text, 201, b FROM body
    RETURNING id)
SELECT (SELECT b FROM body) AS body,
       (SELECT ok FROM principal) AS "principalOk",
       EXISTS (SELECT 1 FROM target) AS "targetFound",
       (SELECT (quantity - reserved)::text FROM inventory WHERE warehouse_id = $2::uuid AND item_id = $3::uuid AND company_id = $1::uuid) AS available,
       (SELECT ok FROM lock) AS "lockAcquired",
       (SELECT row_to_json(prior) FROM prior) AS prior
`;
