/**
 * OUTBOUND movement: the conditional update `quantity >= n` takes the quantity out or matches nothing
 * (insufficient stock), then writes the ledger row with the resulting balance and sequence.
 *
 * Idempotent variant: a transaction-scoped advisory lock on (company, user, route, key), the earlier
 * response if there is one, and the key stored with the response in the same statement as the movement.
 *
 * One statement: the inventory row lock is taken and released inside PostgreSQL. It also re-checks the
 * caller (active, same company and role, login not revoked): no separate authentication query.
 * Parameters: $1 company (bound by TenantSql), $2 warehouse, $3 item, $4 quantity, $5 notes, $6 user, $7 session
 * (refresh-token family), $8 role, $9 advisory-lock key, $10 route, $11 Idempotency-Key, $12 request hash,
 * $13 unit cost (always null: stock leaves at the average).
 */
export const OUTBOUND_IDEMPOTENT_SQL = `
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
    SELECT w.id AS warehouse_id, it.id AS item_id, coalesce(it.volume_per_unit, 0) AS volume
      FROM warehouses w, items it
     WHERE w.id = $2::uuid AND w.company_id = $1::uuid AND w.deleted_at IS NULL
       AND it.id = $3::uuid AND it.company_id = $1::uuid AND it.deleted_at IS NULL
       AND (SELECT ok FROM principal) AND (SELECT ok FROM lock) AND NOT EXISTS (SELECT 1 FROM prior)),
  moved AS (
    UPDATE inventory inv SET quantity = inv.quantity - $4::numeric, last_sequence = inv.last_sequence + 1,
                             last_movement_at = greatest(clock_timestamp(), inv.last_movement_at), updated_at = now()
      FROM target
     WHERE inv.warehouse_id = target.warehouse_id AND inv.item_id = target.item_id
       AND inv.quantity - inv.reserved >= $4::numeric AND $13::numeric IS NULL
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
