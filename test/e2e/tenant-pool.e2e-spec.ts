import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import QueryStream from 'pg-query-stream';
import { PrismaClient } from '@app/generated/prisma/client';
import { runWithDatabaseSettings } from '@app/database/tenant-context';
import { TenantAwareClient, TenantPool } from '@app/database/tenant-pool';
import { e2eDatabaseUrl } from '../support/app';

/** The pool that sends `app.company_id` in front of each statement, in the same round trip. */
describe('TenantPool: tenant settings travel with each statement', () => {
  const pool = new TenantPool({ connectionString: e2eDatabaseUrl(), max: 3 });
  const as = <T>(companyId: string, fn: () => T): T => runWithDatabaseSettings({ companyId }, fn);
  const setting = async (): Promise<string | null> =>
    (await pool.query<{ c: string | null }>("SELECT current_setting('app.company_id', true) AS c")).rows[0]?.c ?? null;

  afterAll(() => pool.end());

  it('sets the company for the statement and leaves nothing behind on the connection', async () => {
    const company = randomUUID();
    expect(await as(company, setting)).toBe(company);
    // Same pool, no context: the transaction-local setting died with the statement's transaction.
    const after = await Promise.all([setting(), setting(), setting()]);
    for (const value of after) expect(value ?? '').toBe('');
  });

  it('sends all three settings (the login and refresh-token look-ups have no company)', async () => {
    const read = () =>
      pool.query<{ c: string; e: string; h: string }>(
        "SELECT current_setting('app.company_id', true) AS c, current_setting('app.login_email', true) AS e, current_setting('app.refresh_token_hash', true) AS h",
      );
    const { rows } = await runWithDatabaseSettings({ loginEmail: 'a@example.test', refreshTokenHash: 'f'.repeat(64) }, read);
    expect(rows).toEqual([{ c: '', e: 'a@example.test', h: 'f'.repeat(64) }]);
  });

  it('an error in the query reaches the caller and the connection stays usable', async () => {
    const client = (await pool.connect()) as unknown as TenantAwareClient & { release(): void };
    try {
      const company = randomUUID();
      await expect(as(company, () => client.query('SELECT 1 / $1::int AS x', [0]))).rejects.toThrow(/division by zero/);
      await expect(as(company, () => client.query('SELECT nope FROM nowhere'))).rejects.toThrow(/does not exist/);
      const { rows } = await as(company, () => client.query<{ c: string }>("SELECT current_setting('app.company_id', true) AS c, 1 AS n"));
      expect(rows).toEqual([{ c: company, n: 1 }]);
      // Named statements: parsed once, prefixed every time.
      for (const id of [randomUUID(), randomUUID()]) {
        const named = await as(id, () =>
          client.query<{ c: string }>({
            name: 'probe',
            text: "SELECT current_setting('app.company_id', true) AS c WHERE $1::int = 1",
            values: [1],
          }),
        );
        expect(named.rows).toEqual([{ c: id }]);
      }
    } finally {
      client.release();
    }
  });

  it('inside an explicit transaction: isolation level, errors and ROLLBACK work', async () => {
    const client = await pool.connect();
    const company = randomUUID();
    try {
      await as(company, async () => {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const { rows } = await client.query<{ c: string; iso: string }>(
          "SELECT current_setting('app.company_id', true) AS c, current_setting('transaction_isolation') AS iso",
        );
        expect(rows[0]).toEqual({ c: company, iso: 'repeatable read' });
        await expect(client.query('SELECT 1 / 0')).rejects.toThrow(/division by zero/);
        // The transaction is aborted: the prefix is not sent, the query fails as PostgreSQL says, ROLLBACK works.
        await expect(client.query('SELECT 1')).rejects.toThrow(/current transaction is aborted/);
        await client.query('ROLLBACK');
        expect((await client.query<{ n: number }>('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
      });
    } finally {
      client.release();
    }
  });

  it('a streamed query (pg-query-stream, a portal read across round trips) carries the setting throughout', async () => {
    const client = await pool.connect();
    const company = randomUUID();
    try {
      const rows = await as(company, async () => {
        const stream = client.query(
          new QueryStream("SELECT current_setting('app.company_id', true) AS c, n FROM generate_series(1, 25) n", [], { batchSize: 4 }),
        );
        const seen: Array<{ c: string; n: number }> = [];
        for await (const row of stream) seen.push(row as { c: string; n: number });
        return seen;
      });
      expect(rows).toHaveLength(25);
      expect(new Set(rows.map((r) => r.c))).toEqual(new Set([company]));
      expect((await client.query<{ n: number }>('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
    } finally {
      client.release();
    }
  });

  it('keeps each statement with its own caller under concurrency', async () => {
    const companies = Array.from({ length: 200 }, () => randomUUID());
    const seen = await Promise.all(
      companies.map((id, i) =>
        as(id, async () => {
          // Mix the pool path, named statements and failures.
          if (i % 7 === 0) await pool.query('SELECT 1 / 0').catch(() => undefined);
          const res = await pool.query<{ c: string }>({
            name: i % 2 ? 'conc_named' : undefined,
            text: "SELECT current_setting('app.company_id', true) AS c, $1::int AS i",
            values: [i],
          });
          return res.rows[0]?.c;
        }),
      ),
    );
    expect(seen).toEqual(companies);
  });

  it('through Prisma (adapter-pg): raw queries and interactive transactions carry the setting', async () => {
    const prismaPool = new TenantPool({ connectionString: e2eDatabaseUrl(), max: 2 });
    const prisma = new PrismaClient({ adapter: new PrismaPg(prismaPool) });
    try {
      const company = randomUUID();
      // A PrismaPromise runs when awaited: await it inside the context, as repositories do.
      const raw = await as(
        company,
        async () => await prisma.$queryRaw<Array<{ c: string }>>`SELECT current_setting('app.company_id', true) AS c`,
      );
      expect(raw).toEqual([{ c: company }]);
      const inTx = await as(company, () =>
        prisma.$transaction(
          async (tx) => {
            const a = await tx.$queryRaw<Array<{ c: string }>>`SELECT current_setting('app.company_id', true) AS c`;
            const b = await tx.$queryRaw<Array<{ c: string }>>`SELECT current_setting('app.company_id', true) AS c`;
            return [a[0]?.c, b[0]?.c];
          },
          { isolationLevel: 'Serializable' },
        ),
      );
      expect(inTx).toEqual([company, company]);
    } finally {
      await prisma.$disconnect();
      await prismaPool.end();
    }
  });
});
