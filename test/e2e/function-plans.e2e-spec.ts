import { Client } from 'pg';
import { MOVEMENT_SQL } from '../../src/transactions/movement.sql';
import { adminUrlFor, bootApp, e2eDatabaseUrl, registerCompany, type TestApp } from '../support/app';
import { createItem, createWarehouse } from '../support/fixtures';

/**
 * A LANGUAGE sql function that PostgreSQL cannot inline (a sub-SELECT or an aggregate in its body) is parsed,
 * analysed and planned again at every execution of the statement that calls it — under row-level security
 * with its policies expanded each time. On a movement's path that was 10–12 % of PostgreSQL's CPU
 * (migration 20261207130000_cached_function_plans). PostgreSQL counts only functions it actually calls
 * (`track_functions = all`), never inlined ones: so a movement, with webhook endpoints wanting its events,
 * must leave no SQL-language function in this transaction's function statistics.
 */
describe('function plans on the movement path', () => {
  let t: TestApp;
  let db: Client;
  beforeAll(async () => {
    t = await bootApp({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
    db = new Client({ connectionString: adminUrlFor(t.config.databaseUrl ?? e2eDatabaseUrl()) });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('a movement and its webhook events call no SQL-language function that is not inlined', async () => {
    const s = await registerCompany(t, 'fnplans');
    const w = await createWarehouse(t, s);
    const item = await createItem(t, s, { reorderThreshold: 5 });
    await t
      .http()
      .post('/api/v1/webhooks')
      .set(s.auth)
      .send({ url: 'http://127.0.0.1:9/hook', events: ['stock.moved', 'stock.low', 'item.updated'] })
      .expect(201);
    const family = await db.query<{ family_id: string }>('SELECT family_id FROM refresh_tokens WHERE user_id = $1 LIMIT 1', [s.userId]);
    const session = family.rows[0]?.family_id;
    expect(session).toBeDefined();

    await db.query('BEGIN');
    try {
      await db.query(`SET LOCAL track_functions = 'all'`);
      // As the API runs them: prepared, on a generic plan (a custom plan would fold an immutable function of a
      // constant at planning time, which is a call, once per plan, not per execution).
      await db.query(`SET LOCAL plan_cache_mode = force_generic_plan`);
      await db.query(`SELECT set_config('app.company_id', $1, true), set_config('app.user_id', $2, true)`, [s.companyId, s.userId]);
      const move = (variant: 'INBOUND' | 'OUTBOUND', quantity: number) =>
        db.query<{ id: string | null }>({
          name: `fn-plans-${variant}`,
          text: MOVEMENT_SQL[variant],
          values: [s.companyId, w.id, item.id, quantity, 'fn-plans', s.userId, session, 'ADMIN', null],
        });
      expect((await move('INBOUND', 10)).rows[0]?.id).toEqual(expect.any(String));
      // 10 → 4: crosses the threshold of 5, so stock.low is built too.
      expect((await move('OUTBOUND', 6)).rows[0]?.id).toEqual(expect.any(String));
      await db.query('UPDATE items SET name = $2 WHERE id = $1', [item.id, 'renamed']);

      const events = await db.query<{ type: string }>('SELECT type FROM webhook_events WHERE company_id = $1 ORDER BY type', [s.companyId]);
      expect(events.rows.map((r) => r.type)).toEqual(['item.updated', 'stock.low', 'stock.moved', 'stock.moved']);
      // The stock.moved payload, built field by field in the trigger, is the ledger row under the API's names:
      // every column but the company, none missing (a column added to transactions must be added there).
      const payloads = await db.query<{ built: Record<string, unknown>; row: Record<string, unknown> }>(
        `SELECT e.payload AS built, jsonb_camel_keys(to_jsonb(t) - 'company_id') AS row
           FROM webhook_events e JOIN transactions t ON t.company_id = e.company_id AND t.id = (e.payload->>'id')::uuid
          WHERE e.company_id = $1 AND e.type = 'stock.moved'`,
        [s.companyId],
      );
      expect(payloads.rows).toHaveLength(2);
      for (const { built, row } of payloads.rows) expect(built).toEqual(row);
      const called = await db.query<{ name: string; language: string; calls: string }>(
        `SELECT p.proname AS name, l.lanname AS language, f.calls::text AS calls
           FROM pg_stat_xact_user_functions f JOIN pg_proc p ON p.oid = f.funcid JOIN pg_language l ON l.oid = p.prolang
          ORDER BY 1`,
      );
      // The statistics do see this transaction's calls (the PL/pgSQL trigger functions)...
      expect(called.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['webhook_stock_event', 'webhook_entity_event', 'jsonb_camel_keys']));
      // ...and none of them runs through the SQL-function executor.
      expect(called.rows.filter((r) => r.language === 'sql')).toEqual([]);
    } finally {
      await db.query('ROLLBACK');
    }
  });
});
