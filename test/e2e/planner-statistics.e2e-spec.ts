import { Client } from 'pg';
import { DashboardRepository } from '@app/dashboard/dashboard.repository';
import { InventoryRepository } from '@app/inventory/inventory.repository';
import { CLAIM } from '@app/webhooks/webhook-dispatch.repository';
import { applyMigrations } from '@app/tooling/schema-engine';
import { captureSql, type CapturedSql } from '../support/captured-sql';
import { createAppRole, createDatabase, dropAppRole, uniqueDatabaseName, urlWith, type AppRole } from '../support/test-database';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

/**
 * Plans that depend on the planner's statistics, on a database of its own: the estimates come from the
 * whole table, so the shape of the data must be this test's alone (and ANALYZE must not run under other
 * suites' feet). Planned as production plans them: as a role row-level security applies to, with the
 * tenant set (the superuser's plans, without the policies' filters, differ).
 */
describe('planner statistics (issue 15)', () => {
  const admin = process.env.E2E_ADMIN_URL as string;
  const name = uniqueDatabaseName('planner_stats');
  const L = '00000000-0000-4000-8000-000000000011';
  let role: AppRole;
  let db: Client;
  let app: Client;

  beforeAll(async () => {
    role = await createAppRole(admin);
    await createDatabase(admin, name, role.name);
    await applyMigrations(urlWith(admin, name, role));
    db = new Client({ connectionString: urlWith(admin, name) });
    await db.connect();
    app = new Client({ connectionString: urlWith(admin, name, role) });
    await app.connect();
    // 10 companies of 4 warehouses × 1,000 items, every warehouse stocking every item (40,000 stock rows): a
    // warehouse holds 1,000 of them, and company and warehouse taken as independent would predict 100.
    await db.query(`
      INSERT INTO companies (id, name, email)
      SELECT ('00000000-0000-4000-8000-' || lpad(c::text, 12, '0'))::uuid, 'planner ' || c, 'planner' || c || '@example.com'
        FROM generate_series(1, 11) c`);
    await db.query(`
      INSERT INTO warehouses (id, company_id, name, location, capacity)
      SELECT ('00000000-0000-4000-8001-' || lpad((c * 100 + w)::text, 12, '0'))::uuid,
             ('00000000-0000-4000-8000-' || lpad(c::text, 12, '0'))::uuid, 'W' || w, 'here', 1000000
        FROM generate_series(1, 10) c, generate_series(1, 4) w`);
    await db.query(`
      INSERT INTO items (id, company_id, sku, name, unit_of_measure)
      SELECT ('00000000-0000-4000-8002-' || lpad((c * 1000 + i)::text, 12, '0'))::uuid,
             ('00000000-0000-4000-8000-' || lpad(c::text, 12, '0'))::uuid, 'SKU-' || i, 'item ' || i, 'pcs'
        FROM generate_series(1, 10) c, generate_series(1, 1000) i`);
    await db.query(`
      INSERT INTO inventory (company_id, warehouse_id, item_id, quantity, last_sequence, updated_at)
      SELECT w.company_id, w.id, i.id, 5, 1, now() - random() * interval '300 days'
        FROM warehouses w JOIN items i ON i.company_id = w.company_id`);
    // Company 11 (L): 10,000 items with a reorder threshold, 1,000 of them low (as the bench's company L).
    await db.query(`
      INSERT INTO items (id, company_id, sku, name, unit_of_measure, reorder_threshold)
      SELECT ('00000000-0000-4000-8002-' || lpad((11000000 + i)::text, 12, '0'))::uuid, '${L}', 'L-' || lpad(i::text, 5, '0'), 'item ' || i, 'pcs', 10
        FROM generate_series(1, 10000) i`);
    await db.query(`UPDATE item_stock SET active_quantity = CASE WHEN sku <= 'L-01000' THEN 0 ELSE 100 END WHERE company_id = '${L}'`);
    await db.query('ANALYZE');
  }, 120_000);

  afterAll(async () => {
    await app?.end();
    await db?.end();
    await dropAppRole(admin, role.name);
  });

  /** The query GET /inventory?warehouseId sends for its first page, taken from the repository itself. */
  const inventoryPage = async (companyId: string, warehouseId: string): Promise<CapturedSql> =>
    (await captureSql(companyId, companyId, (sql) => new InventoryRepository(sql).list({ warehouseId }, 0, 20)))[0];

  /** Runs `fn` in a transaction of the RLS-bound connection with the tenant set, then rolls it back. */
  async function asTenant<T>(companyId: string, fn: () => Promise<T>): Promise<T> {
    await app.query('BEGIN');
    try {
      await app.query("SELECT set_config('app.company_id', $1, true)", [companyId]);
      return await fn();
    } finally {
      await app.query('ROLLBACK');
    }
  }

  /** The nodes of an `EXPLAIN (ANALYZE, FORMAT JSON)` of `sql`. */
  async function explain(sql: string, values?: unknown[]): Promise<PlanNode[]> {
    const { rows } = await app.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, values);
    return nodes(rows[0]['QUERY PLAN'][0].Plan);
  }

  const plan = (companyId: string, query: CapturedSql): Promise<PlanNode[]> => asTenant(companyId, () => explain(query.text, query.values));

  /**
   * The plan of `query` as the API runs it (TenantSql.prepared: a named statement) once PostgreSQL's plan
   * cache has settled (plan_cache_mode auto: five custom plans, then the generic one if it is no costlier),
   * and how many executions used the generic plan.
   */
  const cachedPlan = (companyId: string, query: CapturedSql, statement: string): Promise<{ nodes: PlanNode[]; generic: number }> =>
    asTenant(companyId, async () => {
      for (let i = 0; i < 8; i++) await app.query({ name: statement, text: query.text, values: query.values });
      // EXECUTE takes no bind parameters: the values as literals.
      const args = query.values.map((v) => app.escapeLiteral(v instanceof Date ? v.toISOString() : String(v))).join(', ');
      const planned = await explain(`EXECUTE ${statement}(${args})`);
      const cache = await app.query<{ generic: number }>(
        'SELECT generic_plans::int AS generic FROM pg_prepared_statements WHERE name = $1',
        [statement],
      );
      return { nodes: planned, generic: cache.rows[0]?.generic ?? 0 };
    });

  it('as the prepared statements the API sends, the inventory page and the low-stock count keep their plans when planned generically', async () => {
    // The generic plan knows neither the company, the warehouse nor the LIMIT: the plan cache must still
    // read one page in index order, and only the low items (the custom plans' shapes, tested below).
    const company = '00000000-0000-4000-8000-000000000003';
    const page = await cachedPlan(company, await inventoryPage(company, '00000000-0000-4000-8001-000000000302'), 'cached_page');
    expect(page.generic).toBeGreaterThan(0);
    expect(page.nodes.find((n) => n['Relation Name'] === 'inventory')?.['Actual Rows']).toBeLessThanOrEqual(21);
    expect(page.nodes.map((n) => n['Node Type'])).not.toContain('Sort');

    const [stats] = await captureSql(L, L, (sql) => new DashboardRepository(sql).stats());
    const cached = await cachedPlan(L, stats, 'cached_stats');
    expect(cached.generic).toBeGreaterThan(0);
    expect(cached.nodes.filter((n) => n['Relation Name'] === 'item_stock').map((n) => n['Node Type'])).not.toContain('Seq Scan');
    expect(cached.nodes.map((n) => n['Index Name'])).toContain('item_stock_low_idx');
  });

  it('the inventory page of one warehouse reads 20 rows in index order, not every row of the warehouse sorted', async () => {
    const company = '00000000-0000-4000-8000-000000000003';
    const page = await inventoryPage(company, '00000000-0000-4000-8001-000000000302');
    const withStatistics = await plan(company, page);
    const inventoryScan = withStatistics.find((n) => n['Relation Name'] === 'inventory');
    expect(inventoryScan?.['Actual Rows']).toBeLessThanOrEqual(21);
    expect(withStatistics.map((n) => n['Node Type'])).not.toContain('Sort');

    // The fixture is one where the statistics decide it: without them, company and warehouse are taken as
    // independent, and the planner sorts the warehouse's every row.
    await db.query('DROP STATISTICS inventory_tenant_dependencies');
    await db.query('ANALYZE inventory');
    const without = await plan(company, page);
    expect(without.find((n) => n['Relation Name'] === 'inventory')?.['Actual Rows']).toBe(1000);
    expect(without.map((n) => n['Node Type'])).toContain('Sort');
  });

  it('the low-stock count reads only the low items of a large company, not every stock row', async () => {
    const [stats] = await captureSql(L, L, (sql) => new DashboardRepository(sql).stats());
    const nodes = await plan(L, stats);
    const itemStock = nodes.filter((n) => n['Relation Name'] === 'item_stock');
    expect(itemStock.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    // An index scan of it, or a bitmap scan whose index node carries the name.
    expect(nodes.map((n) => n['Index Name'])).toContain('item_stock_low_idx');
  });

  it("the dispatcher's claim reads the deliveries it takes, not every company's backlog due before them", async () => {
    const busy = '00000000-0000-4000-8000-000000000001';
    const quiet = '00000000-0000-4000-8000-000000000002';
    // One endpoint each; the busy company has 20,000 deliveries due for a day, the quiet one 20 due for a
    // minute and 20,000 delivered (so its rows are half the table: the statistics cannot tell the two apart).
    for (const [company, pending, delivered, dueFor] of [
      [busy, 20_000, 0, '1 day'],
      [quiet, 20, 20_000, '1 minute'],
    ] as const) {
      const endpoint = (
        await db.query<{ id: string }>(
          `INSERT INTO webhook_endpoints (company_id, url, events, secret) VALUES ($1, 'https://example.com/hook', '{stock.moved}', 'whsec_planner')
           RETURNING id`,
          [company],
        )
      ).rows[0].id;
      await db.query(
        `WITH ev AS (
           INSERT INTO webhook_events (company_id, type, payload, fanned_out)
           SELECT $1, 'stock.moved', '{}', true FROM generate_series(1, $2::int + $3::int) RETURNING id)
         INSERT INTO webhook_deliveries (company_id, event_id, endpoint_id, status, next_attempt_at)
         SELECT $1, id, $4, CASE WHEN row_number() OVER () <= $2 THEN 'PENDING' ELSE 'SUCCEEDED' END,
                now() - $5::interval + random() * interval '1 second'
           FROM ev`,
        [company, pending, delivered, endpoint, dueFor],
      );
    }
    await db.query('ANALYZE webhook_deliveries');

    const claim = await plan(quiet, { text: CLAIM, values: [quiet, 60, 16] });
    // The scans of the deliveries, but the update's look-up of each claimed row by its key.
    const due = claim.filter(
      (n) =>
        n['Node Type'].endsWith('Scan') && n['Relation Name'] === 'webhook_deliveries' && n['Index Name'] !== 'webhook_deliveries_pkey',
    );
    expect(due.map((n) => `${n['Node Type']} ${n['Index Name']}`)).toStrictEqual(['Index Scan webhook_deliveries_pending_idx']);
    expect(due[0]['Actual Rows']).toBe(16);
    expect(due[0]['Rows Removed by Filter'] ?? 0).toBe(0);
  });
});
