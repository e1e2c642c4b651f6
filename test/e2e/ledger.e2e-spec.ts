import { Client } from 'pg';
import { adminUrlFor, appRole, bootApp, createMember, e2eDatabaseUrl, registerCompany, type Session, type TestApp } from '../support/app';
import { createItem, createWarehouse, move, stocked } from '../support/fixtures';
import { queryWhenLockFree, withOwnDatabase } from '../support/test-database';

describe('stock ledger: movements', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await bootApp();
    s = await registerCompany(t, 'ledger');
  });
  afterAll(() => t.close());

  const stockOf = async (target: { warehouseId: string; itemId: string }) =>
    (await t.prisma.inventory.findUnique({ where: { warehouseId_itemId: target } }))?.quantity.toString();

  it('INBOUND creates the inventory row, sets lastRestockedAt, and records balance and user', async () => {
    const target = await stocked(t, s);
    const res = await move(t, s, 'INBOUND', target, '12.50');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'INBOUND',
      quantity: '12.50',
      balanceAfter: '12.50',
      createdBy: s.userId,
      ...target,
      notes: null,
    });
    expect(res.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const row = await t.prisma.inventory.findUniqueOrThrow({ where: { warehouseId_itemId: target } });
    expect(row.quantity.toString()).toBe('12.5');
    expect(row.lastRestockedAt).not.toBeNull();
    const out = await move(t, s, 'OUTBOUND', target, 2);
    expect(out.body).toMatchObject({ balanceAfter: '10.50' });
    const after = await t.prisma.inventory.findUniqueOrThrow({ where: { warehouseId_itemId: target } });
    expect(after.lastRestockedAt?.getTime()).toBe(row.lastRestockedAt?.getTime()); // outbound leaves it
  });

  it('an OUTBOUND larger than the stock is 409 with the available quantity and changes nothing', async () => {
    const target = await stocked(t, s, 5);
    const before = await t.prisma.transaction.count({ where: target });
    const res = await move(t, s, 'OUTBOUND', target, '5.01');
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('Insufficient stock: 5.00 available, 5.01 requested');
    expect(await stockOf(target)).toBe('5');
    expect(await t.prisma.transaction.count({ where: target })).toBe(before);
    const none = await stocked(t, s);
    const empty = await move(t, s, 'OUTBOUND', none, 1);
    expect(empty.status).toBe(409);
    expect(empty.body.message).toMatch(/0\.00 available/);
  });

  it.each([
    [{ quantity: 0 }, 'quantity'],
    [{ quantity: -1 }, 'quantity'],
    [{ quantity: '1.001' }, 'quantity'],
    [{ quantity: 1000000.01 }, 'quantity'],
    [{ quantity: 'ten' }, 'quantity'],
    [{ quantity: 1e21 }, 'quantity'],
    [{ type: 'SIDEWAYS' }, 'type'],
    [{ warehouseId: 'nope' }, 'warehouseId'],
    [{ notes: 'x'.repeat(1001) }, 'notes'],
    [{ companyId: '00000000-0000-0000-0000-000000000000' }, 'companyId'],
  ])('refuses bad input %j with a 400 naming %s', async (patch, field) => {
    const target = await stocked(t, s, 10);
    const res = await t
      .http()
      .post('/api/v1/transactions')
      .set(s.auth)
      .send({ type: 'INBOUND', ...target, quantity: 1, ...patch });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect(await stockOf(target)).toBe('10');
  });

  it('accepts the maximum quantity and refuses stock beyond the numeric range with 422, not 500', async () => {
    const target = await stocked(t, s);
    expect((await move(t, s, 'INBOUND', target, 1000000)).status).toBe(201);
    const where = { warehouseId_itemId: target };
    await t.prisma.inventory.update({ where, data: { quantity: '999999999999.00' } });
    try {
      const res = await move(t, s, 'INBOUND', target, 1000000);
      expect(res.status).toBe(422);
      expect((await t.prisma.inventory.findUniqueOrThrow({ where })).quantity.toString()).toBe('999999999999');
    } finally {
      // Leave the ledger consistent for the integrity checks other suites run.
      await t.prisma.inventory.update({ where, data: { quantity: '1000000' } });
    }
  });

  it('refuses movements for unknown (404) or soft-deleted (409) warehouses and items', async () => {
    const target = await stocked(t, s, 10);
    expect((await move(t, s, 'INBOUND', { ...target, warehouseId: '00000000-0000-4000-8000-000000000000' }, 1)).status).toBe(404);
    expect((await move(t, s, 'INBOUND', { ...target, itemId: '00000000-0000-4000-8000-000000000000' }, 1)).status).toBe(404);
    await t.http().delete(`/api/v1/items/${target.itemId}`).set(s.auth).expect(204);
    const res = await move(t, s, 'OUTBOUND', target, 1);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ITEM_DELETED');
    const other = await stocked(t, s, 10);
    await t.http().delete(`/api/v1/warehouses/${other.warehouseId}`).set(s.auth).expect(204);
    expect((await move(t, s, 'INBOUND', other, 1)).body.code).toBe('WAREHOUSE_DELETED');
    expect(await stockOf(other)).toBe('10');
  });

  it('re-checks the caller in the movement itself: deactivated, demoted or logged-out callers get 401 and move nothing', async () => {
    const target = await stocked(t, s, 10);
    const count = () => t.prisma.transaction.count({ where: target });
    const before = await count();
    const manager = await createMember(t, s, 'MANAGER');
    expect((await move(t, manager, 'OUTBOUND', target, 1)).status).toBe(201);
    await t.http().patch(`/api/v1/users/${manager.userId}`).set(s.auth).send({ role: 'USER' }).expect(200);
    expect((await move(t, manager, 'OUTBOUND', target, 1)).status).toBe(401);
    const user = await createMember(t, s, 'USER');
    await t.http().patch(`/api/v1/users/${user.userId}`).set(s.auth).send({ isActive: false }).expect(200);
    expect((await move(t, user, 'OUTBOUND', target, 1, { 'Idempotency-Key': 'deactivated-1' })).status).toBe(401);
    const other = await createMember(t, s, 'USER');
    await t.http().post('/api/v1/auth/logout').set(other.auth).expect(204);
    expect((await move(t, other, 'INBOUND', target, 1)).status).toBe(401);
    expect(await count()).toBe(before + 1);
    expect((await t.prisma.inventory.findUniqueOrThrow({ where: { warehouseId_itemId: target } })).quantity.toString()).toBe('9');
  });

  it('has no update or delete route for transactions', async () => {
    const target = await stocked(t, s, 3);
    const id = (await t.http().get('/api/v1/transactions').set(s.auth).query({ itemId: target.itemId })).body.items[0].id;
    for (const method of ['put', 'patch', 'delete'] as const) {
      const res = await t
        .http({ undocumented: '404 probe: movements have no update or delete route' })
        [method](`/api/v1/transactions/${id}`)
        .set(s.auth)
        .send({ quantity: 1 });
      expect(res.status).toBe(404);
    }
  });

  it('the database refuses UPDATE and DELETE of a transaction row', async () => {
    const target = await stocked(t, s, 3);
    // As the superuser: row-level security would hide the rows from the app role before any trigger.
    const client = new Client({ connectionString: adminUrlFor(e2eDatabaseUrl()) });
    await client.connect();
    try {
      await expect(client.query('UPDATE transactions SET quantity = 1 WHERE item_id = $1', [target.itemId])).rejects.toThrow(/immutable/);
      await expect(client.query('DELETE FROM transactions WHERE item_id = $1', [target.itemId])).rejects.toThrow(/immutable/);
      await expect(client.query('UPDATE inventory SET quantity = -1 WHERE item_id = $1', [target.itemId])).rejects.toThrow(
        /inventory_quantity_non_negative/,
      );
    } finally {
      await client.end();
    }
    // TRUNCATE on a database of its own: it needs the strongest lock on the ledger and every table referencing it.
    await withOwnDatabase(process.env.E2E_ADMIN_URL as string, appRole(), 'ledger_truncate', async ({ admin }) => {
      const own = new Client({ connectionString: admin });
      await own.connect();
      try {
        await expect(own.query('TRUNCATE transactions CASCADE')).rejects.toThrow(/immutable/);
      } finally {
        await own.end();
      }
    });
  });

  it('an injected failure in the ledger insert leaves nothing behind', async () => {
    const target = await stocked(t, s, 7);
    const client = new Client({ connectionString: e2eDatabaseUrl() });
    await client.connect();
    const fn = `fail_${Date.now()}`;
    try {
      // A trigger that fails the ledger insert for this item only, after the inventory upsert ran.
      await client.query(
        `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.item_id = '${target.itemId}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`,
      );
      await queryWhenLockFree(client, `CREATE TRIGGER ${fn} BEFORE INSERT ON transactions FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
      // A 500 is never part of the contract: this request provokes one on purpose.
      const injected = (type: 'INBOUND' | 'OUTBOUND') =>
        t
          .http({ undocumented: 'an injected database failure answers 500' })
          .post('/api/v1/transactions')
          .set(s.auth)
          .send({ type, warehouseId: target.warehouseId, itemId: target.itemId, quantity: 5 });
      const inbound = await injected('INBOUND');
      expect(inbound.status).toBe(500);
      expect(JSON.stringify(inbound.body)).not.toMatch(/injected|trigger|sql/i);
      const outbound = await injected('OUTBOUND');
      expect(outbound.status).toBe(500);
      expect(await stockOf(target)).toBe('7');
      expect(await t.prisma.transaction.count({ where: target })).toBe(1);
    } finally {
      await queryWhenLockFree(client, `DROP TRIGGER IF EXISTS ${fn} ON transactions`);
      await client.query(`DROP FUNCTION IF EXISTS ${fn}()`);
      await client.end();
    }
  });

  it('lists history newest first with filters and a cursor that walks every row once', async () => {
    const target = await stocked(t, s, 100);
    for (let i = 0; i < 7; i++) await move(t, s, i % 2 ? 'OUTBOUND' : 'INBOUND', target, 1);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string | number> = { itemId: target.itemId, limit: 3 };
      if (cursor) query.cursor = cursor;
      const res = await t.http().get('/api/v1/transactions').set(s.auth).query(query);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((r: { id: string }) => r.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    const all = (await t.http().get('/api/v1/transactions').set(s.auth).query({ itemId: target.itemId, limit: 100 })).body.items;
    const times = all.map((r: { createdAt: string }) => r.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(all[0]).toMatchObject({ itemSku: expect.any(String), warehouseName: expect.any(String) });
    const outbound = (await t.http().get('/api/v1/transactions').set(s.auth).query({ itemId: target.itemId, type: 'OUTBOUND' })).body.items;
    expect(outbound).toHaveLength(3);
    const byUser = (await t.http().get('/api/v1/transactions').set(s.auth).query({ itemId: target.itemId, createdBy: s.userId })).body
      .items;
    expect(byUser).toHaveLength(8);
    const future = (
      await t
        .http()
        .get('/api/v1/transactions')
        .set(s.auth)
        .query({ itemId: target.itemId, from: new Date(Date.now() + 60_000).toISOString() })
    ).body.items;
    expect(future).toHaveLength(0);
    const byWarehouse = (await t.http().get('/api/v1/transactions').set(s.auth).query({ warehouseId: target.warehouseId })).body.items;
    expect(byWarehouse).toHaveLength(8);
    const one = await t.http().get(`/api/v1/transactions/${all[0].id}`).set(s.auth);
    expect(one.body).toEqual(all[0]);
    expect((await t.http().get('/api/v1/transactions').set(s.auth).query({ cursor: 'garbage!' })).status).toBe(400);
    expect((await t.http().get('/api/v1/transactions').set(s.auth).query({ cursor: 'Z2FyYmFnZQ' })).status).toBe(400);
    expect((await t.http().get('/api/v1/transactions').set(s.auth).query({ limit: 101 })).status).toBe(400);
  });

  it('inventory lists rows with names and filters by warehouse, item and low stock', async () => {
    const wh = await createWarehouse(t, s);
    const low = await createItem(t, s, { reorderThreshold: 10 });
    const fine = await createItem(t, s, { reorderThreshold: 1 });
    await move(t, s, 'INBOUND', { warehouseId: wh.id, itemId: low.id }, 5);
    await move(t, s, 'INBOUND', { warehouseId: wh.id, itemId: fine.id }, 5);
    const rows = (await t.http().get('/api/v1/inventory').set(s.auth).query({ warehouseId: wh.id })).body;
    expect(rows.total).toBe(2);
    expect(rows.items[0]).toMatchObject({ warehouseName: wh.name, quantity: '5.00' });
    const lowRows = (await t.http().get('/api/v1/inventory').set(s.auth).query({ warehouseId: wh.id, lowStock: 'true' })).body;
    expect(lowRows.items.map((r: { itemId: string }) => r.itemId)).toEqual([low.id]);
    const byItem = (await t.http().get('/api/v1/inventory').set(s.auth).query({ itemId: fine.id })).body;
    expect(byItem.items).toHaveLength(1);
    expect((await t.http().get('/api/v1/inventory').set(s.auth).query({ lowStock: 'maybe' })).status).toBe(400);
  });
});
