import type { Client } from 'pg';

/** Sizes of the benchmark data set. */
export interface BenchShape {
  companies: number;
  warehouses: number;
  items: number;
  movementsPerRow: number;
}

export const FULL: BenchShape = { companies: 10, warehouses: 10, items: 1000, movementsPerRow: 10 };
export const QUICK: BenchShape = { companies: 2, warehouses: 2, items: 100, movementsPerRow: 10 };

/** Deterministic UUIDs, so pgbench can name the same rows the API gets: kind 1 company, 2 warehouse, 3 item, 4 user, 5 login. */
export const benchUuid = (kind: number, n: number): string => `0000000${kind}-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const companyId = (c: number) => benchUuid(1, c);
export const warehouseId = (c: number, w: number) => benchUuid(2, c * 100 + w);
export const itemId = (c: number, i: number) => benchUuid(3, c * 100_000 + i);
export const userId = (c: number) => benchUuid(4, c);
export const userEmail = (c: number) => `bench-admin-${c}@bench.test`;
export const OPENING_STOCK = 1_000_000;

/**
 * Seeds companies, one admin each, warehouses, items, inventory and a year of movements, all in
 * SQL. Every (warehouse, item) opens with an INBOUND of 1,000,000 and then alternates OUTBOUND 1 /
 * INBOUND 1, so balances, sequences and inventory agree with the ledger invariant.
 */
export async function seedBench(client: Client, shape: BenchShape, passwordHash: string): Promise<number> {
  const seeded = await seedCompanies(client, 1, shape, passwordHash);
  await client.query('VACUUM ANALYZE');
  return seeded;
}

/**
 * `shape.companies` companies numbered from `first` (so extra companies of another size can sit beside
 * the main ones: bench/arms/sizes.ts, bench/arms/integration.ts), in the same bulk statements.
 */
export async function seedCompanies(client: Client, first: number, shape: BenchShape, passwordHash: string): Promise<number> {
  // Only immutable operations in the body (kind::text, not `|| kind`, which is stable), so PostgreSQL inlines
  // it: a SQL function it cannot inline is parsed and planned again at every execution of the statement
  // calling it, which made every pgbench arm (each names its rows through bench_uuid) ~25 % dearer in
  // PostgreSQL's CPU than the statement itself (perf, 2026-12-07).
  await client.query(`
    CREATE OR REPLACE FUNCTION bench_uuid(kind int, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE AS
    $$ SELECT ('0000000' || kind::text || '-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid $$`);
  const { warehouses: W, items: I, movementsPerRow: M } = shape;
  // generate_series(F, C) c: companies F..C (the statements below take C as their last company).
  const F = first;
  const C = first + shape.companies - 1;
  await client.query(
    `INSERT INTO companies (id, name, email) SELECT bench_uuid(1, c), 'Bench Co ' || c, 'bench-' || c || '@bench.test' FROM generate_series(${F}, $1) c`,
    [C],
  );
  await client.query(
    `INSERT INTO users (id, email, password, name, role, company_id)
     SELECT bench_uuid(4, c), 'bench-admin-' || c || '@bench.test', $2, 'Bench Admin ' || c, 'ADMIN', bench_uuid(1, c) FROM generate_series(${F}, $1) c`,
    [C, passwordHash],
  );
  // A live login per admin (refresh-token family bench_uuid(5, c)), for pgbench's movements.
  await client.query(
    `INSERT INTO refresh_tokens (token, user_id, company_id, family_id, expires_at)
     SELECT md5('bench-' || c) || md5('token-' || c), bench_uuid(4, c), bench_uuid(1, c), bench_uuid(5, c), now() + interval '7 days'
       FROM generate_series(${F}, $1) c`,
    [C],
  );
  await client.query(
    `INSERT INTO warehouses (id, name, location, capacity, company_id)
     SELECT bench_uuid(2, c * 100 + w), 'Warehouse ' || w, 'Site ' || w, 100000000, bench_uuid(1, c)
       FROM generate_series(${F}, $1) c, generate_series(1, $2) w`,
    [C, W],
  );
  await client.query(
    `INSERT INTO items (id, sku, name, category, unit_of_measure, reorder_threshold, volume_per_unit, company_id)
     SELECT bench_uuid(3, c * 100000 + i), 'SKU-' || lpad(i::text, 5, '0'), 'Item ' || i, 'Category ' || (i % 20),
            'EA', CASE WHEN i % 10 = 0 THEN ${OPENING_STOCK * W + 10} ELSE NULL END, 0.001, bench_uuid(1, c)
       FROM generate_series(${F}, $1) c, generate_series(1, $2) i`,
    [C, I],
  );
  // Movement k of a row: 1 is the opening INBOUND; even k OUTBOUND 1; odd k > 1 INBOUND 1.
  await client.query(
    `INSERT INTO transactions (company_id, type, warehouse_id, item_id, quantity, balance_after, sequence, notes, created_by, created_at,
                               item_sequence, average_cost_after)
     SELECT bench_uuid(1, c), CASE WHEN k = 1 OR k % 2 = 1 THEN 'INBOUND' ELSE 'OUTBOUND' END::"TransactionType",
            bench_uuid(2, c * 100 + w), bench_uuid(3, c * 100000 + i),
            CASE WHEN k = 1 THEN ${OPENING_STOCK} ELSE 1 END,
            CASE WHEN k % 2 = 0 THEN ${OPENING_STOCK - 1} ELSE ${OPENING_STOCK} END,
            k, 'seed', bench_uuid(4, c),
            now() - interval '365 days' + (interval '365 days' * ((k - 1)::float8 / $4)) + (interval '1 second' * ((w * 7919 + i * 104729) % 86400)),
            (w - 1) * $4 + k, 0
       FROM generate_series(${F}, $1) c, generate_series(1, $2) w, generate_series(1, $3) i, generate_series(1, $4) k`,
    [C, W, I, M],
  );
  await client.query(
    `INSERT INTO inventory (company_id, warehouse_id, item_id, quantity, last_sequence, last_restocked_at, last_movement_at)
     SELECT bench_uuid(1, c), bench_uuid(2, c * 100 + w), bench_uuid(3, c * 100000 + i),
            CASE WHEN $4 % 2 = 0 THEN ${OPENING_STOCK - 1} ELSE ${OPENING_STOCK} END, $4, now() - interval '1 day',
            now() - interval '365 days' + (interval '365 days' * (($4 - 1)::float8 / $4)) + (interval '1 second' * ((w * 7919 + i * 104729) % 86400))
       FROM generate_series(${F}, $1) c, generate_series(1, $2) w, generate_series(1, $3) i`,
    [C, W, I, M],
  );
  // The company-wide stock of each item (what every movement keeps in the same statement), cost unknown: 0.
  await client.query(
    `INSERT INTO item_stock (company_id, item_id, quantity, average_cost, last_sequence)
     SELECT bench_uuid(1, c), bench_uuid(3, c * 100000 + i), $2 * CASE WHEN $4 % 2 = 0 THEN ${OPENING_STOCK - 1} ELSE ${OPENING_STOCK} END, 0, $2 * $4
       FROM generate_series(${F}, $1) c, generate_series(1, $3) i
     -- (creating an item already created its item_stock row: migration 20261122120000_running_totals)
     ON CONFLICT (item_id) DO UPDATE SET quantity = EXCLUDED.quantity, last_sequence = EXCLUDED.last_sequence`,
    [C, W, I, M],
  );
  return shape.companies * W * I * M;
}
