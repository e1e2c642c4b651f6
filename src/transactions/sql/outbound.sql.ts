/**
 * OUTBOUND movement: the conditional update `quantity >= n` takes the quantity out or matches nothing
 * (insufficient stock), then writes the ledger row with the resulting balance and sequence.
 *
 * One statement: the inventory row lock is taken and released inside PostgreSQL. It also re-checks the
 * caller (active, same company and role, login not revoked): no separate authentication query.
 * Answers one row: the ledger row's columns (null when nothing moved), whether the caller and the target
 * passed. Why a refusal happened (available stock, deleted target) is read only on refusal, by the service.
 * Parameters: $1 company (bound by TenantSql), $2 warehouse, $3 item, $4 quantity, $5 notes, $6 user, $7 session
 * (refresh-token family), $8 role, $9 unit cost (always null: stock leaves at the average).
 */
export const OUTBOUND_SQL = `
WITH
  principal AS MATERIALIZED (
    SELECT EXISTS (
      SELECT 1 FROM users u
       WHERE u.id = $6::uuid AND u.company_id = $1::uuid AND u.is_active AND u.role = $8::"Role"
         AND EXISTS (SELECT 1 FROM refresh_tokens rt
                      WHERE rt.family_id = $7::uuid AND rt.user_id = u.id AND NOT rt.is_revoked AND rt.expires_at > now())) AS ok),
  target AS (
    SELECT w.id AS warehouse_id, it.id AS item_id, coalesce(it.volume_per_unit, 0) AS volume
      FROM warehouses w, items it
     WHERE w.id = $2::uuid AND w.company_id = $1::uuid AND w.deleted_at IS NULL
       AND it.id = $3::uuid AND it.company_id = $1::uuid AND it.deleted_at IS NULL
       AND (SELECT ok FROM principal)),
  moved AS (
    UPDATE inventory inv SET quantity = inv.quantity - $4::numeric, last_sequence = inv.last_sequence + 1,
                             last_movement_at = greatest(clock_timestamp(), inv.last_movement_at), updated_at = now()
      FROM target
     WHERE inv.warehouse_id = target.warehouse_id AND inv.item_id = target.item_id
       AND inv.quantity - inv.reserved >= $4::numeric AND $9::numeric IS NULL
    RETURNING inv.quantity, inv.last_sequence, inv.last_movement_at),
  stock AS (
    -- An upsert, so a missing item_stock row (data written around the API) can never drop the ledger row;
    -- the proposed row must pass the CHECKs even when it conflicts, hence 0 there.
    INSERT INTO item_stock AS s (item_id, company_id, quantity, average_cost, last_sequence, updated_at)
    SELECT $3::uuid, $1::uuid, 0, 0, 1, now() FROM moved
    ON CONFLICT (item_id)
      DO UPDATE SET quantity = s.quantity - $4::numeric, last_sequence = s.last_sequence + 1, updated_at = now(),
                    -- running total (below: kept here unless the warehouse values need re-valuing first)
                    active_quantity = s.active_quantity - CASE WHEN s.average_cost = s.valued_cost THEN $4::numeric ELSE 0 END
    -- The ledger time is taken here, under the item's lock, so created_at orders an item's movements as
    -- item_sequence (and the average cost) does; greatest() keeps it from going back for the row.
    RETURNING s.average_cost, s.valued_cost, s.last_sequence, clock_timestamp() AS at),
  -- Running totals (docs/architecture.md, "Running totals") kept in this statement, after the item's lock as
  -- everywhere: the warehouse's slot row loses the quantity, its volume and its value at the average (which an
  -- OUTBOUND does not move). It tells the inventory trigger it is done (app.totals_inline, transaction-local);
  -- if the item's warehouse values lag its average (written around the API), it leaves everything to the trigger.
  totals AS (
    INSERT INTO warehouse_totals AS t (company_id, warehouse_id, slot, quantity, volume, value, item_count, row_count)
    SELECT $1::uuid, $2::uuid, stock_totals_slot($3::uuid), -$4::numeric, -$4::numeric * target.volume, -$4::numeric * stock.valued_cost,
           (moved.quantity > 0)::int - (moved.quantity + $4::numeric > 0)::int, 0
      FROM moved, stock, target
     WHERE stock.average_cost = stock.valued_cost
    ON CONFLICT (warehouse_id, slot) DO UPDATE
      SET quantity = t.quantity + EXCLUDED.quantity, volume = t.volume + EXCLUDED.volume, value = t.value + EXCLUDED.value,
          item_count = t.item_count + EXCLUDED.item_count
    RETURNING set_config('app.totals_inline', 'on', true)),
  ledger AS (
    INSERT INTO transactions (company_id, type, warehouse_id, item_id, quantity, balance_after, sequence, notes, created_by,
                              created_at, unit_cost, average_cost_after, item_sequence)
    SELECT $1::uuid, 'OUTBOUND', $2::uuid, $3::uuid, $4::numeric, moved.quantity, moved.last_sequence, $5::text, $6::uuid,
           greatest(stock.at, moved.last_movement_at), round(stock.average_cost, 4), stock.average_cost, stock.last_sequence
      FROM moved, stock
    RETURNING id, warehouse_id, item_id, quantity, balance_after, created_by, created_at, unit_cost)
-- The answer's columns as text; the response object is assembled in Node (transactions.repository.ts).
SELECT l.id::text AS id, l.warehouse_id::text AS "warehouseId", l.item_id::text AS "itemId", l.quantity::text AS quantity,
       l.balance_after::text AS "balanceAfter", l.created_by::text AS "createdBy",
       to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", l.unit_cost::text AS "unitCost",
       (SELECT ok FROM principal) AS "principalOk", EXISTS (SELECT 1 FROM target) AS "targetFound"
  FROM (SELECT) one LEFT JOIN ledger l ON true
`;
