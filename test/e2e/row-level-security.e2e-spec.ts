import { Client } from 'pg';
import { Prisma } from '@app/generated/prisma/client';
import { PrismaService } from '@app/database/prisma.service';
import { TenantContext } from '@app/database/tenant-context';
import { TenantPool } from '@app/database/tenant-pool';
import { TenantSql } from '@app/database/tenant-sql';
import { bootApp, createMember, e2eDatabaseUrl, registerCompany, type Session, type TestApp } from '../support/app';
import { move, stocked } from '../support/fixtures';

/** Every table with a company column (migrations.e2e-spec.ts checks that the list is complete). */
const TENANT_TABLES = [
  'users',
  'refresh_tokens',
  'warehouses',
  'items',
  'inventory',
  'transactions',
  'idempotency_keys',
  'audit_events',
] as const;

/**
 * The wall: row-level security alone keeps tenants apart, whatever the code forgets. The app in this
 * run serves as a role that owns the schema and is not superuser (test/support/global-setup.ts), as an
 * operator would run it.
 */
describe('row-level security', () => {
  let t: TestApp;
  let a: Session;
  let b: Session;

  beforeAll(async () => {
    t = await bootApp();
    a = await registerCompany(t, 'rls-a');
    b = await registerCompany(t, 'rls-b');
    // Rows in every tenant table for both companies: users, tokens, warehouses, items, stock, movements, keys.
    for (const s of [a, b]) {
      await createMember(t, s, 'USER');
      const target = await stocked(t, s, 10);
      const res = await move(t, s, 'OUTBOUND', target, 1, { 'Idempotency-Key': `rls-${s.companyId}` });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  const as =
    (s: Session) =>
    <T>(fn: () => Promise<T>): Promise<T> =>
      TenantContext.run({ companyId: s.companyId, userId: s.userId, role: 'ADMIN' }, fn);
  const asA = <T>(fn: () => Promise<T>): Promise<T> => as(a)(fn);
  /** The door over a pool of one connection: every call reuses the same session and its prepared statements. */
  async function withOneConnection(fn: (sql: TenantSql, pool: TenantPool) => Promise<void>): Promise<void> {
    const pool = new TenantPool({ connectionString: e2eDatabaseUrl(), max: 1 });
    try {
      await fn(new TenantSql({ pool } as unknown as PrismaService), pool);
    } finally {
      await pool.end();
    }
  }

  it('the door with the company filter left out still sees only its own company', async () => {
    const sql = t.app.get(TenantSql);
    for (const table of TENANT_TABLES) {
      // The builder ignores the bound company: a query that "forgot" its filter.
      const rows = await asA(() =>
        sql.rows<{ company: string }>(() => Prisma.sql`SELECT DISTINCT company_id::text AS company FROM ${Prisma.raw(table)}`),
      );
      expect({ table, companies: rows.map((r) => r.company) }).toEqual({ table, companies: [a.companyId] });
    }
  });

  it("a prepared read keeps to the caller's company on a connection shared by two, also once planned generically", async () => {
    // One connection, so both companies' calls reuse the one statement TenantSql.prepared names after its
    // text, past the five custom plans after which PostgreSQL may keep a generic plan for every caller.
    await withOneConnection(async (sql, pool) => {
      // With the company bound, and (the second wall) with the filter "forgotten".
      const bound = () =>
        sql.prepared<{ company: string }>(
          (company) => Prisma.sql`SELECT DISTINCT company_id::text AS company FROM inventory WHERE company_id = ${company}`,
        );
      const forgot = () =>
        sql.prepared<{ company: string }>(
          () => Prisma.sql`SELECT DISTINCT company_id::text AS company FROM transactions WHERE quantity > ${0}`,
        );
      for (let i = 0; i < 8; i++) {
        for (const s of [a, b]) {
          expect((await as(s)(bound)).map((r) => r.company)).toEqual([s.companyId]);
          expect((await as(s)(forgot)).map((r) => r.company)).toEqual([s.companyId]);
        }
      }
      const { rows } = await pool.query<{ statement: string; generic: number; custom: number }>(
        "SELECT statement, generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE name LIKE 'read\\_%' ORDER BY statement",
      );
      // Each text prepared once, run 16 times, most of them on the generic plan.
      expect(rows.map((r) => [r.generic + r.custom, r.generic > 0])).toEqual([
        [16, true],
        [16, true],
      ]);
    });
  });

  it('a prepared read still answers after a migration changed the type of a column it returns', async () => {
    const table = `prepared_probe_${a.companyId.slice(0, 8)}`;
    await withOneConnection(async (sql, pool) => {
      await pool.query(`CREATE TABLE ${table} (v varchar(10))`);
      try {
        await pool.query(`INSERT INTO ${table} VALUES ('x')`);
        const read = () => asA(() => sql.prepared<{ v: string }>(() => Prisma.sql`SELECT v FROM ${Prisma.raw(table)} WHERE ${1}::int = 1`));
        expect(await read()).toEqual([{ v: 'x' }]);
        await pool.query(`ALTER TABLE ${table} ALTER COLUMN v TYPE varchar(20)`);
        // The connection's prepared statement now fails with "cached plan must not change result type".
        expect(await read()).toEqual([{ v: 'x' }]);
        expect(await read()).toEqual([{ v: 'x' }]);
      } finally {
        await pool.query(`DROP TABLE ${table}`);
      }
    });
  });

  it('the door refuses to run without a tenant, and the unscoped client sees nothing without one', async () => {
    const sql = t.app.get(TenantSql);
    await expect(sql.rows(() => Prisma.sql`SELECT 1`)).rejects.toThrow(/No tenant in context/);
    const prisma = t.app.get(PrismaService);
    for (const table of TENANT_TABLES) {
      const rows = await prisma.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${table}`);
      expect({ table, n: rows[0]?.n }).toEqual({ table, n: 0 });
    }
    expect(await prisma.warehouse.count()).toBe(0);
    // With company A in context, the unscoped client (no filter at all) sees A's rows only.
    const companies = await asA(async () => await prisma.item.findMany({ select: { companyId: true }, distinct: ['companyId'] }));
    expect(companies).toEqual([{ companyId: a.companyId }]);
  });

  describe('connected as the runtime role with psql-like plain SQL', () => {
    let client: Client;
    beforeEach(async () => {
      client = new Client({ connectionString: e2eDatabaseUrl() });
      await client.connect();
    });
    afterEach(() => client.end());

    it('is neither superuser nor BYPASSRLS (the check the API makes at start-up)', async () => {
      const { rows } = await client.query<{ bypass: boolean }>(
        'SELECT rolsuper OR rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user',
      );
      expect(rows).toEqual([{ bypass: false }]);
    });

    it('without app.company_id: every tenant table counts 0, and nothing can be written', async () => {
      for (const table of TENANT_TABLES) {
        const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
        expect({ table, n: rows[0]?.n }).toEqual({ table, n: 0 });
      }
      const updated = await client.query('UPDATE warehouses SET name = name WHERE company_id = $1', [a.companyId]);
      expect(updated.rowCount).toBe(0);
      const deleted = await client.query('DELETE FROM idempotency_keys WHERE company_id = $1', [a.companyId]);
      expect(deleted.rowCount).toBe(0);
      await expect(
        client.query("INSERT INTO warehouses (company_id, name, location, capacity, updated_at) VALUES ($1, 'x', 'y', 1, now())", [
          a.companyId,
        ]),
      ).rejects.toThrow(/row-level security/);
      // The rows are still there, as the superuser sees.
      expect(await t.prisma.idempotencyKey.count({ where: { companyId: a.companyId } })).toBe(1);
    });

    it("with one company's id: only that company's rows, and no writes into another company", async () => {
      await client.query("SELECT set_config('app.company_id', $1, false)", [a.companyId]);
      for (const table of TENANT_TABLES) {
        const { rows } = await client.query<{ company: string; n: number }>(
          `SELECT company_id::text AS company, count(*)::int AS n FROM ${table} GROUP BY 1`,
        );
        expect({ table, companies: rows.map((r) => r.company) }).toEqual({ table, companies: [a.companyId] });
      }
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM items');
      expect(rows[0]?.n).toBe(await t.prisma.item.count({ where: { companyId: a.companyId } }));
      // Writing B's rows while being A: the update finds nothing, the insert is refused.
      const updated = await client.query('UPDATE items SET name = name WHERE company_id = $1', [b.companyId]);
      expect(updated.rowCount).toBe(0);
      await expect(
        client.query("INSERT INTO warehouses (company_id, name, location, capacity, updated_at) VALUES ($1, 'x', 'y', 1, now())", [
          b.companyId,
        ]),
      ).rejects.toThrow(/row-level security/);
    });

    it('the login and refresh look-ups show one row each, read-only', async () => {
      await client.query("SELECT set_config('app.login_email', $1, false)", [a.email]);
      const users = await client.query<{ email: string }>('SELECT email FROM users');
      expect(users.rows).toEqual([{ email: a.email }]);
      const updated = await client.query('UPDATE users SET name = name WHERE email = $1', [a.email]);
      expect(updated.rowCount).toBe(0);
      await client.query("SELECT set_config('app.login_email', '', false)");
      expect((await client.query('SELECT 1 FROM users')).rowCount).toBe(0);
    });
  });
});
