/**
 * INBOUND movement: upserts the inventory row (adds the quantity), then writes the ledger row with the
 * resulting balance and sequence. The same statement keeps the item's company-wide stock and moving-average
 * cost (item_stock, locked after the inventory row) and stamps the row with a time that never goes back
 * for its inventory row (last_movement_at), so asOf reads are exact.
 *
 * One statement: the inventory row lock is taken and released inside PostgreSQL. It also re-checks the
 * caller (active, same company and role, login not revoked): no separate authentication query.
 * Answers one row: the ledger row's columns (null when nothing moved), whether the caller and the target
 * passed. Why a refusal happened (available stock, deleted target) is read only on refusal, by the service.
 * Parameters: $1 company (bound by TenantSql), $2 warehouse, $3 item, $4 quantity, $5 notes, $6 user, $7 session
 * (refresh-token family), $8 role, $9 unit cost (INBOUND: null enters at the current average).
 */
export const INBOUND_SQL = `
WITH
  principal AS MATERIALIZED (
    SELECT EXISTS (
      SELECT 1 FROM users u
       WHERE u.id = $6::uuid AND u.company_id = $1::uuid AND u.is_active AND u.role = $8::"Role"
         AND EXISTS (SELECT 1 FROM refresh_tokens rt
                      WHERE rt.family_id = $7::uuid AND rt.user_id = u.id AND NOT rt.is_revoked AND rt.expires_at > now())) AS ok),
  target AS (
    SELECT w.id AS warehouse_id, it.id AS item_id
      FROM warehouses w, items it
     WHERE w.id = $2::uuid AND w.company_id = $1::uuid AND w.deleted_at IS NULL
       AND it.id = $3::uuid AND it.company_id = $1::uuid AND it.deleted_at IS NULL
       AND (SELECT ok FROM principal)),
  moved AS (
    INSERT INTO inventory AS inv (company_id, warehouse_id, item_id, quantity, last_sequence, last_movement_at, last_restocked_at, updated_at)
    SELECT $1::uuid, warehouse_id, item_id, $4::numeric, 1, clock_timestamp(), now(), now() FROM target
    ON CONFLICT (warehouse_id, item_id)
      DO UPDATE SET quantity = inv.quantity + EXCLUDED.quantity, last_sequence = inv.last_sequence + 1,
                    last_movement_at = greatest(clock_timestamp(), inv.last_movement_at), last_restocked_at = now(), updated_at = now()
    RETURNING inv.quantity, inv.last_sequence, inv.last_movement_at),
  stock AS (
    INSERT INTO item_stock AS s (item_id, company_id, quantity, average_cost, last_sequence, updated_at)
    SELECT $3::uuid, $1::uuid, $4::numeric, coalesce($9::numeric, 0), 1, now() FROM moved
    ON CONFLICT (item_id)
      DO UPDATE SET quantity = s.quantity + EXCLUDED.quantity, last_sequence = s.last_sequence + 1, updated_at = now(),
                    average_cost = CASE WHEN $9::numeric IS NULL THEN s.average_cost
                                        ELSE round((s.quantity * s.average_cost + EXCLUDED.quantity * $9::numeric) / (s.quantity + EXCLUDED.quantity), 6) END
    -- The ledger time is taken here, under the item's lock, so created_at orders an item's movements as
    -- item_sequence (and the average cost) does; greatest() keeps it from going back for the row.
    RETURNING s.average_cost, s.last_sequence, clock_timestamp() AS at),
  ledger AS (
    INSERT INTO transactions (company_id, type, warehouse_id, item_id, quantity, balance_after, sequence, notes, created_by,
                              created_at, unit_cost, average_cost_after, item_sequence)
    SELECT $1::uuid, 'INBOUND', $2::uuid, $3::uuid, $4::numeric, moved.quantity, moved.last_sequence, $5::text, $6::uuid,
           greatest(stock.at, moved.last_movement_at), $9::numeric, stock.average_cost, stock.last_sequence
      FROM moved, stock
    RETURNING id, warehouse_id, item_id, quantity, balance_after, created_by, created_at, unit_cost)
-- The answer's columns as text; the response object is assembled in Node (transactions.repository.ts).
SELECT l.id::text AS id, l.warehouse_id::text AS "warehouseId", l.item_id::text AS "itemId", l.quantity::text AS quantity,
       l.balance_after::text AS "balanceAfter", l.created_by::text AS "createdBy",
       to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", l.unit_cost::text AS "unitCost",
       (SELECT ok FROM principal) AS "principalOk", EXISTS (SELECT 1 FROM target) AS "targetFound"
  FROM (SELECT) one LEFT JOIN ledger l ON true
`;
