import { bootApp, createMember, registerCompany, type Session, type TestApp } from '../support/app';
import { createItem, createWarehouse, move } from '../support/fixtures';

describe('catalog: companies, users, warehouses, items', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await bootApp();
    s = await registerCompany(t, 'catalog');
  });
  afterAll(() => t.close());
  const http = () => t.http();
  const messages = (res: { body: { message: unknown } }) => JSON.stringify(res.body.message);

  describe('companies', () => {
    it('reads and updates the own company; validates phone (E.164), name and address', async () => {
      const me = await http().get('/api/v1/companies/me').set(s.auth);
      expect(me.body).toMatchObject({ id: s.companyId, phone: null, address: null });
      const ok = await http()
        .patch('/api/v1/companies/me')
        .set(s.auth)
        .send({ name: 'Renamed Co', phone: '+821012345678', address: '1 Harbour Road' });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ name: 'Renamed Co', phone: '+821012345678', address: '1 Harbour Road' });
      for (const phone of ['010-1234-5678', '+0123', '12345', '+1234567890123456']) {
        const bad = await http().patch('/api/v1/companies/me').set(s.auth).send({ phone });
        expect(bad.status).toBe(400);
        expect(messages(bad)).toContain('phone');
      }
      expect((await http().patch('/api/v1/companies/me').set(s.auth).send({ name: 'x' })).status).toBe(400);
      expect((await http().patch('/api/v1/companies/me').set(s.auth).send({ email: 'new@x.test' })).status).toBe(400);
      const cleared = await http().patch('/api/v1/companies/me').set(s.auth).send({ phone: null });
      expect(cleared.body.phone).toBeNull();
    });
  });

  describe('users', () => {
    it('creates users with a role, never returns passwords, and keeps emails unique system-wide', async () => {
      const res = await http()
        .post('/api/v1/users')
        .set(s.auth)
        .send({ email: 'Manager.One@Example.test', name: 'Manager One', password: 'long enough pass', role: 'MANAGER' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ email: 'manager.one@example.test', role: 'MANAGER', companyId: s.companyId });
      expect(JSON.stringify(res.body)).not.toMatch(/password|\$2b\$/);
      const other = await registerCompany(t, 'catalog-other');
      const dup = await http()
        .post('/api/v1/users')
        .set(other.auth)
        .send({ email: 'manager.one@example.test', name: 'Dup', password: 'long enough pass' });
      expect(dup.status).toBe(409);
      const list = await http().get('/api/v1/users').set(s.auth);
      expect(JSON.stringify(list.body)).not.toMatch(/password|\$2b\$/);
      expect(list.body).toMatchObject({ page: 1, limit: 20, total: 2 });
      for (const body of [
        { role: 'OWNER' },
        { isActive: 'yes' },
        { email: 'x@y.z' },
        { companyId: s.companyId },
        { id: s.userId },
        { createdAt: '2020-01-01' },
      ]) {
        const bad = await http().patch(`/api/v1/users/${res.body.id}`).set(s.auth).send(body);
        expect(bad.status).toBe(400);
      }
    });

    it('an admin cannot deactivate or demote themselves', async () => {
      expect((await http().patch(`/api/v1/users/${s.userId}`).set(s.auth).send({ isActive: false })).status).toBe(409);
      expect((await http().patch(`/api/v1/users/${s.userId}`).set(s.auth).send({ role: 'USER' })).status).toBe(409);
      expect((await http().delete(`/api/v1/users/${s.userId}`).set(s.auth)).status).toBe(409);
      expect((await http().patch(`/api/v1/users/${s.userId}`).set(s.auth).send({ name: 'Still Admin' })).status).toBe(200);
    });

    it('the last active admin cannot be removed, even by two admins demoting each other at once', async () => {
      const co = await registerCompany(t, 'lastadmin');
      const second = await createMember(t, co, 'ADMIN');
      const [x, y] = await Promise.all([
        http().patch(`/api/v1/users/${second.userId}`).set(co.auth).send({ role: 'USER' }),
        http().patch(`/api/v1/users/${co.userId}`).set(second.auth).send({ role: 'USER' }),
      ]);
      expect([x.status, y.status].sort()).toEqual([200, expect.any(Number)]);
      expect(await t.prisma.user.count({ where: { companyId: co.companyId, role: 'ADMIN', isActive: true } })).toBeGreaterThanOrEqual(1);
    });

    it('deactivation via DELETE keeps the user and their history', async () => {
      const member = await createMember(t, s, 'USER');
      const res = await http().delete(`/api/v1/users/${member.userId}`).set(s.auth);
      expect(res.status).toBe(200);
      expect(res.body.isActive).toBe(false);
      expect(await t.prisma.user.count({ where: { id: member.userId } })).toBe(1);
    });
  });

  describe('warehouses', () => {
    it.each([
      [{ name: 'x' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ location: 'y' }, 'location'],
      [{ location: 'y'.repeat(201) }, 'location'],
      [{ capacity: 0 }, 'capacity'],
      [{ capacity: -5 }, 'capacity'],
      [{ capacity: 10.555 }, 'capacity'],
      [{ capacity: '12abc' }, 'capacity'],
      [{ capacity: [1] }, 'capacity'],
      [{ capacity: 99999999999 }, 'capacity'],
      [{ name: { $ne: 1 } }, 'name'],
      [{ id: '00000000-0000-4000-8000-000000000000' }, 'id'],
      [{ companyId: '00000000-0000-4000-8000-000000000000' }, 'companyId'],
      [{ deletedAt: null }, 'deletedAt'],
    ])('refuses %j with a 400 naming %s', async (patch, field) => {
      const res = await http()
        .post('/api/v1/warehouses')
        .set(s.auth)
        .send({ name: 'Valid name', location: 'Valid place', capacity: '100.50', ...patch });
      expect(res.status).toBe(400);
      expect(messages(res)).toContain(field);
    });

    it('creates with computed fields, updates, and soft-deletes (hidden from reads and lists, history kept)', async () => {
      const wh = await createWarehouse(t, s, { capacity: 1000.5, name: "O'Brien; DROP TABLE warehouses;--" });
      expect(wh).toMatchObject({
        capacity: '1000.50',
        currentUtilization: '0.00',
        itemCount: 0,
        totalQuantity: '0.00',
        capacityWarning: false,
      });
      const item = await createItem(t, s, { volumePerUnit: '2' });
      await move(t, s, 'INBOUND', { warehouseId: wh.id, itemId: item.id }, 10).expect(201);
      const updated = await http().patch(`/api/v1/warehouses/${wh.id}`).set(s.auth).send({ capacity: '40' });
      expect(updated.body).toMatchObject({ capacity: '40.00', currentUtilization: '50.00', itemCount: 1, totalQuantity: '10.00' });
      expect((await http().delete(`/api/v1/warehouses/${wh.id}`).set(s.auth)).status).toBe(204);
      expect((await http().get(`/api/v1/warehouses/${wh.id}`).set(s.auth)).status).toBe(404);
      expect((await http().patch(`/api/v1/warehouses/${wh.id}`).set(s.auth).send({ name: 'Back' })).status).toBe(404);
      expect((await http().delete(`/api/v1/warehouses/${wh.id}`).set(s.auth)).status).toBe(404);
      const list = await http().get('/api/v1/warehouses').set(s.auth).query({ limit: 100 });
      expect(list.body.items.map((w: { id: string }) => w.id)).not.toContain(wh.id);
      expect(await t.prisma.transaction.count({ where: { warehouseId: wh.id } })).toBe(1);
    });

    it('paginates with limit and page, refuses limit over 100, and searches', async () => {
      const co = await registerCompany(t, 'wh-pages');
      for (let i = 0; i < 5; i++) await createWarehouse(t, co, { name: `Page WH ${i}` });
      const page2 = await http().get('/api/v1/warehouses').set(co.auth).query({ limit: 2, page: 2, sort: 'name' });
      expect(page2.body).toMatchObject({ page: 2, limit: 2, total: 5, hasNext: true });
      expect(page2.body.items.map((w: { name: string }) => w.name)).toEqual(['Page WH 2', 'Page WH 3']);
      expect((await http().get('/api/v1/warehouses').set(co.auth).query({ search: 'wh 4' })).body.total).toBe(1);
      expect((await http().get('/api/v1/warehouses').set(co.auth).query({ search: '%' })).body.total).toBe(0);
      for (const query of [{ limit: 101 }, { limit: 0 }, { page: 0 }, { limit: 'ten' }, { unknown: 1 }]) {
        expect((await http().get('/api/v1/warehouses').set(co.auth).query(query)).status).toBe(400);
      }
      expect((await http().get('/api/v1/warehouses/not-a-uuid').set(co.auth)).status).toBe(400);
    });
  });

  describe('items', () => {
    it.each([
      [{ sku: 'A' }, 'sku'],
      [{ sku: 'x'.repeat(51) }, 'sku'],
      [{ sku: 'HAS SPACE' }, 'sku'],
      [{ sku: 'UNDER_SCORE' }, 'sku'],
      [{ name: 'x' }, 'name'],
      [{ category: 'x' }, 'category'],
      [{ unitOfMeasure: 'PARSEC' }, 'unitOfMeasure'],
      [{ reorderThreshold: -1 }, 'reorderThreshold'],
      [{ reorderThreshold: 1.5 }, 'reorderThreshold'],
      [{ volumePerUnit: '0.12345' }, 'volumePerUnit'],
      [{ description: 'x'.repeat(2001) }, 'description'],
      [{ createdAt: '2020-01-01T00:00:00Z' }, 'createdAt'],
    ])('refuses %j with a 400 naming %s', async (patch, field) => {
      const res = await http()
        .post('/api/v1/items')
        .set(s.auth)
        .send({ sku: 'VALID-1', name: 'Valid item', unitOfMeasure: 'EA', ...patch });
      expect(res.status).toBe(400);
      expect(messages(res)).toContain(field);
    });

    it('SKUs are unique per company (409), and computed fields and filters work', async () => {
      const co = await registerCompany(t, 'items');
      const first = await createItem(t, co, {
        sku: 'BOLT-10',
        name: 'Hex bolt',
        category: 'Fasteners',
        reorderThreshold: 20,
        unitOfMeasure: 'box',
      });
      expect(first).toMatchObject({ unitOfMeasure: 'BOX', totalQuantity: '0.00', warehouseCount: 0, lowStockWarning: true });
      const dup = await http().post('/api/v1/items').set(co.auth).send({ sku: 'BOLT-10', name: 'Other', unitOfMeasure: 'EA' });
      expect(dup.status).toBe(409);
      expect(dup.body.message).toMatch(/BOLT-10/);
      const nut = await createItem(t, co, { sku: 'NUT-10', name: 'Hex nut', category: 'Fasteners' });
      await createItem(t, co, { sku: 'GLUE-1', name: 'Glue', category: 'Chemicals' });
      const w1 = await createWarehouse(t, co);
      const w2 = await createWarehouse(t, co);
      await move(t, co, 'INBOUND', { warehouseId: w1.id, itemId: first.id }, 15).expect(201);
      await move(t, co, 'INBOUND', { warehouseId: w2.id, itemId: first.id }, 10).expect(201);
      const detail = await http().get(`/api/v1/items/${first.id}`).set(co.auth);
      expect(detail.body).toMatchObject({ totalQuantity: '25.00', warehouseCount: 2, lowStockWarning: false });
      expect((await http().get('/api/v1/items').set(co.auth).query({ category: 'Fasteners' })).body.total).toBe(2);
      expect((await http().get('/api/v1/items').set(co.auth).query({ search: 'hex' })).body.total).toBe(2);
      expect((await http().get('/api/v1/items').set(co.auth).query({ search: 'nut-1' })).body.items[0].id).toBe(nut.id);
      const renamed = await http().patch(`/api/v1/items/${nut.id}`).set(co.auth).send({ sku: 'BOLT-10' });
      expect(renamed.status).toBe(409);
      expect((await http().delete(`/api/v1/items/${nut.id}`).set(co.auth)).status).toBe(204);
      expect((await http().get(`/api/v1/items/${nut.id}`).set(co.auth)).status).toBe(404);
      expect((await http().get('/api/v1/items').set(co.auth).query({ category: 'Fasteners' })).body.total).toBe(1);
    });
  });

  it('hostile and oversized input never produces a 500', async () => {
    const bodies: unknown[] = [
      [],
      'string',
      42,
      null,
      { name: null },
      { name: '\u0000\u0000' },
      { name: 'a'.repeat(100_000) },
      { capacity: 1e308 },
      { capacity: 'NaN' },
      { __proto__: { admin: true } },
    ];
    for (const body of bodies) {
      const res = await http().post('/api/v1/warehouses').set(s.auth).set('content-type', 'application/json').send(JSON.stringify(body));
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    const text = await http().post('/api/v1/warehouses').set(s.auth).set('content-type', 'text/plain').send('hello');
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(text.status).toBeLessThan(500);
  });
});
