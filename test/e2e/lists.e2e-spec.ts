import { bootApp, createMember, registerCompany, type Session, type TestApp } from '../support/app';
import { createItem, createWarehouse, move } from '../support/fixtures';

type Row = { id: string } & Record<string, unknown>;

/** The order a list promises by default: newest first, ties broken by id (descending). */
const newestFirst = (key: string) => (a: Row, b: Row) => {
  const x = new Date(a[key] as string).getTime();
  const y = new Date(b[key] as string).getTime();
  return x !== y ? y - x : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
};

describe('lists: order, sort, filters; catalog extras', () => {
  let t: TestApp;
  let co: Session;
  const http = () => t.http();

  beforeAll(async () => {
    t = await bootApp();
    co = await registerCompany(t, 'lists');
    // Five of each list's rows, in this company only.
    const warehouses = [];
    for (const name of ['Delta', 'alpha', 'Echo', 'Bravo', 'charlie'])
      warehouses.push(await createWarehouse(t, co, { name: `${name} WH` }));
    const items = [];
    for (const [i, sku] of ['SKU-D', 'SKU-A', 'SKU-E', 'SKU-B', 'SKU-C'].entries()) {
      items.push(await createItem(t, co, { sku, name: `Item ${sku}`, category: i % 2 ? 'Odd' : 'Even' }));
    }
    for (const [i, item] of items.entries()) {
      await move(t, co, 'INBOUND', { warehouseId: warehouses[i % 2].id, itemId: item.id }, 10 + i).expect(201);
    }
    for (const role of ['MANAGER', 'USER', 'USER', 'MANAGER'] as const) await createMember(t, co, role);
  }, 60_000);
  afterAll(() => t.close());

  const LISTS = [
    { path: '/api/v1/warehouses', newest: 'createdAt', field: 'name' },
    { path: '/api/v1/items', newest: 'createdAt', field: 'sku' },
    { path: '/api/v1/users', newest: 'createdAt', field: 'email' },
    { path: '/api/v1/inventory', newest: 'updatedAt', field: 'itemSku' },
  ];

  describe.each(LISTS)('$path', ({ path, newest, field }) => {
    const all = async (query: Record<string, unknown> = {}): Promise<Row[]> => {
      const res = await http()
        .get(path)
        .set(co.auth)
        .query({ limit: 100, ...query });
      expect(res.status).toBe(200);
      return res.body.items as Row[];
    };

    it('answers newest first by default', async () => {
      const rows = await all();
      expect(rows.length).toBeGreaterThanOrEqual(5);
      expect(rows.map((r) => r.id)).toEqual([...rows].sort(newestFirst(newest)).map((r) => r.id));
      expect(rows.map((r) => r.id)).toEqual((await all({ sort: `-${newest}` })).map((r) => r.id));
    });

    it('pages follow the sort: consecutive pages add up to the whole list, without overlap', async () => {
      for (const sort of [undefined, field, `-${field}`]) {
        const whole = (await all(sort ? { sort } : {})).map((r) => r.id);
        const paged: string[] = [];
        for (let page = 1; paged.length < whole.length; page++) {
          const res = await http()
            .get(path)
            .set(co.auth)
            .query({ limit: 2, page, ...(sort ? { sort } : {}) });
          expect(res.body.hasNext).toBe(page * 2 < whole.length);
          paged.push(...(res.body.items as Row[]).map((r) => r.id));
        }
        expect(paged).toEqual(whole);
      }
    });

    it(`sorts by ${field}, ascending or descending with "-"`, async () => {
      const asc = (await all({ sort: field })).map((r) => String(r[field]).toLowerCase());
      expect(asc).toEqual([...asc].sort());
      const desc = (await all({ sort: `-${field}` })).map((r) => String(r[field]).toLowerCase());
      expect(desc).toEqual([...asc].reverse());
    });

    it('refuses an unknown sort field with a 400 naming it', async () => {
      for (const sort of ['bogus', `${field},-bogus`, '-', 'password', 'company_id']) {
        const res = await http().get(path).set(co.auth).query({ sort });
        expect({ sort, status: res.status }).toEqual({ sort, status: 400 });
        expect(String(res.body.message)).toMatch(/^sort: unknown sort field/);
        expect(String(res.body.message)).toContain(`"${sort.split(',').pop()!.replace(/^-/, '')}"`);
      }
    });
  });

  it('items sort by total quantity and category', async () => {
    const res = await http().get('/api/v1/items').set(co.auth).query({ sort: '-totalQuantity' });
    const totals = (res.body.items as Array<{ totalQuantity: string }>).map((i) => Number(i.totalQuantity));
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    const byCategory = await http().get('/api/v1/items').set(co.auth).query({ sort: 'category,-sku' });
    expect((byCategory.body.items as Array<{ sku: string }>).map((i) => i.sku)).toEqual(['SKU-E', 'SKU-D', 'SKU-C', 'SKU-B', 'SKU-A']);
  });

  describe('GET /users filters', () => {
    let team: Session;
    beforeAll(async () => {
      team = await registerCompany(t, 'user-filters');
      const manager = await createMember(t, team, 'MANAGER');
      const quiet = await createMember(t, team, 'USER');
      await http().patch(`/api/v1/users/${quiet.userId}`).set(team.auth).send({ isActive: false }).expect(200);
      await http().patch(`/api/v1/users/${manager.userId}`).set(team.auth).send({ name: '100% Sure_Thing' }).expect(200);
    });
    const names = async (query: Record<string, unknown>) => {
      const res = await http().get('/api/v1/users').set(team.auth).query(query);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(res.body.items.length);
      return (res.body.items as Array<{ name: string }>).map((u) => u.name).sort();
    };

    it('by role, by isActive, and by a search on name or email (wildcards match only themselves)', async () => {
      expect(await names({ role: 'MANAGER' })).toEqual(['100% Sure_Thing']);
      expect(await names({ role: 'ADMIN' })).toEqual(['Admin User']);
      expect(await names({ isActive: false })).toEqual(['USER user']);
      expect(await names({ isActive: true })).toEqual(['100% Sure_Thing', 'Admin User']);
      expect(await names({ search: 'sure' })).toEqual(['100% Sure_Thing']);
      expect(await names({ search: 'ADMIN-USER-FILTERS' })).toEqual(['Admin User']); // the email
      expect(await names({ search: '%' })).toEqual(['100% Sure_Thing']);
      expect(await names({ search: '_' })).toEqual(['100% Sure_Thing']);
      expect(await names({ search: '0%_S' })).toEqual([]);
      expect(await names({ search: '\\' })).toEqual([]);
      expect(await names({ role: 'USER', isActive: true })).toEqual([]);
    });

    it('refuses bad filter values with a 400 naming the parameter', async () => {
      for (const [query, name] of [
        [{ role: 'OWNER' }, 'role'],
        [{ isActive: 'yes' }, 'isActive'],
        [{ search: 'x'.repeat(101) }, 'search'],
      ] as const) {
        const res = await http().get('/api/v1/users').set(team.auth).query(query);
        expect(res.status).toBe(400);
        expect(String(res.body.message)).toContain(name);
      }
    });
  });

  it('user responses carry updatedAt; registration records the login it starts', async () => {
    const fresh = await registerCompany(t, 'lastlogin');
    const me = await http().get(`/api/v1/users/${fresh.userId}`).set(fresh.auth);
    expect(me.body.lastLoginAt).not.toBeNull();
    expect(new Date(me.body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(me.body.createdAt).getTime());
    const renamed = await http().patch(`/api/v1/users/${fresh.userId}`).set(fresh.auth).send({ name: 'New Name' });
    expect(new Date(renamed.body.updatedAt).getTime()).toBeGreaterThan(new Date(me.body.updatedAt).getTime());
    const listed = await http().get('/api/v1/users').set(fresh.auth);
    expect(listed.body.items[0]).toHaveProperty('updatedAt');
  });

  it('GET /items/categories: distinct categories of items that are not deleted, with counts', async () => {
    const cat = await registerCompany(t, 'categories');
    await createItem(t, cat, { category: 'Tools' });
    await createItem(t, cat, { category: 'Tools' });
    await createItem(t, cat, { category: 'Bolts' });
    await createItem(t, cat, { category: null });
    const gone = await createItem(t, cat, { category: 'Gone' });
    await http().delete(`/api/v1/items/${gone.id}`).set(cat.auth).expect(204);
    const res = await http().get('/api/v1/items/categories').set(cat.auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        { category: 'Bolts', itemCount: 1 },
        { category: 'Tools', itemCount: 2 },
      ],
    });
  });

  it('GET /units lists the unit-of-measure codes items accept', async () => {
    const u = await registerCompany(t, 'units');
    const res = await http().get('/api/v1/units').set(u.auth);
    expect(res.status).toBe(200);
    expect(res.body.items).toContainEqual({ code: 'EA', name: 'Each' });
    for (const { code } of res.body.items as Array<{ code: string }>) {
      const created = await http()
        .post('/api/v1/items')
        .set(u.auth)
        .send({ sku: `U-${code}`, name: 'Unit probe', unitOfMeasure: code });
      expect({ code, status: created.status }).toEqual({ code, status: 201 });
    }
  });

  it('GET /warehouses/:id?include=inventory embeds its stock rows; without it, none', async () => {
    const wh = (await http().get('/api/v1/warehouses').set(co.auth).query({ sort: 'name', limit: 1 })).body.items[0] as Row;
    const plain = await http().get(`/api/v1/warehouses/${wh.id}`).set(co.auth);
    expect(plain.body).not.toHaveProperty('inventory');
    const res = await http().get(`/api/v1/warehouses/${wh.id}`).set(co.auth).query({ include: 'inventory' });
    expect(res.status).toBe(200);
    const rows = (await http().get('/api/v1/inventory').set(co.auth).query({ warehouseId: wh.id })).body.items;
    expect(res.body.inventory).toEqual({
      items: rows,
      total: rows.length,
      hasNext: false,
      link: `/api/v1/inventory?warehouseId=${wh.id}`,
    });
    expect(res.body.inventory.items.length).toBeGreaterThan(0);
    const bad = await http().get(`/api/v1/warehouses/${wh.id}`).set(co.auth).query({ include: 'items' });
    expect(bad.status).toBe(400);
    expect(String(bad.body.message)).toContain('include');
  });

  it('SKUs are unique per company ignoring case, kept as entered; 409 SKU_TAKEN on create and on update', async () => {
    const sk = await registerCompany(t, 'sku-case');
    const pump = await createItem(t, sk, { sku: 'PUMP-100' });
    const dup = await http().post('/api/v1/items').set(sk.auth).send({ sku: 'pump-100', name: 'Pump', unitOfMeasure: 'EA' });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'SKU_TAKEN' });
    expect(dup.body.message).toMatch(/pump-100/);
    const other = await createItem(t, sk, { sku: 'Valve-1' });
    expect(other.sku).toBe('Valve-1');
    const clash = await http().patch(`/api/v1/items/${other.id}`).set(sk.auth).send({ sku: 'Pump-100' });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ code: 'SKU_TAKEN' });
    const recased = await http().patch(`/api/v1/items/${pump.id}`).set(sk.auth).send({ sku: 'Pump-100' });
    expect(recased.status).toBe(200);
    expect(recased.body.sku).toBe('Pump-100');
    // Deleted items keep their SKU, whatever its case.
    await http().delete(`/api/v1/items/${pump.id}`).set(sk.auth).expect(204);
    expect((await http().post('/api/v1/items').set(sk.auth).send({ sku: 'PUMP-100', name: 'Pump', unitOfMeasure: 'EA' })).status).toBe(409);
    // Another company may use it.
    const elsewhere = await registerCompany(t, 'sku-case-2');
    expect(
      (await http().post('/api/v1/items').set(elsewhere.auth).send({ sku: 'pump-100', name: 'Pump', unitOfMeasure: 'EA' })).status,
    ).toBe(201);
  });

  it('warehouses count only items that are not deleted, exactly as the dashboard does', async () => {
    const d = await registerCompany(t, 'deleted-stock');
    const wh = await createWarehouse(t, d, { capacity: '100' });
    const kept = await createItem(t, d, { volumePerUnit: '5' });
    const dropped = await createItem(t, d, { volumePerUnit: '8' });
    await move(t, d, 'INBOUND', { warehouseId: wh.id, itemId: kept.id }, 10).expect(201);
    await move(t, d, 'INBOUND', { warehouseId: wh.id, itemId: dropped.id }, 5).expect(201);
    const before = await http().get(`/api/v1/warehouses/${wh.id}`).set(d.auth);
    expect(before.body).toMatchObject({ currentUtilization: '90.00', capacityWarning: true, itemCount: 2, totalQuantity: '15.00' });
    const statsBefore = await http().get('/api/v1/dashboard/stats').set(d.auth);
    expect(statsBefore.body).toMatchObject({ warehousesOverUtilizationThreshold: 1, totalQuantity: '15.00' });
    expect(statsBefore.body.busyWarehouses).toEqual([{ id: wh.id, name: wh.name, utilization: '90.00' }]);

    await http().delete(`/api/v1/items/${dropped.id}`).set(d.auth).expect(204);
    const after = await http().get(`/api/v1/warehouses/${wh.id}`).set(d.auth);
    expect(after.body).toMatchObject({ currentUtilization: '50.00', capacityWarning: false, itemCount: 1, totalQuantity: '10.00' });
    const listed = (await http().get('/api/v1/warehouses').set(d.auth)).body.items[0];
    expect(listed).toEqual(after.body);
    const statsAfter = await http().get('/api/v1/dashboard/stats').set(d.auth);
    expect(statsAfter.body).toMatchObject({ warehousesOverUtilizationThreshold: 0, busyWarehouses: [], totalQuantity: '10.00' });
  });

  it('totals past numeric(14,2) and numeric(16,2) are exact strings, never a 500', async () => {
    const big = await registerCompany(t, 'overflow');
    const w1 = await createWarehouse(t, big);
    const w2 = await createWarehouse(t, big);
    // Stock rows written directly: the API moves at most 1,000,000 per request.
    const MAX = '999999999999.99'; // the largest inventory quantity, numeric(14,2)
    await t.prisma.item.createMany({
      data: Array.from({ length: 101 }, (_, i) => ({ companyId: big.companyId, sku: `BIG-${i}`, name: `Big ${i}`, unitOfMeasure: 'EA' })),
    });
    const items = await t.prisma.item.findMany({ where: { companyId: big.companyId }, select: { id: true, sku: true } });
    await t.prisma.inventory.createMany({
      data: [
        ...items.map((it) => ({ companyId: big.companyId, warehouseId: w1.id, itemId: it.id, quantity: MAX })),
        { companyId: big.companyId, warehouseId: w2.id, itemId: items.find((it) => it.sku === 'BIG-0')!.id, quantity: MAX },
      ],
    });
    const wh = await http().get(`/api/v1/warehouses/${w1.id}`).set(big.auth);
    expect(wh.status).toBe(200);
    expect(wh.body).toMatchObject({ totalQuantity: '100999999999998.99', itemCount: 101 });
    const list = await http().get('/api/v1/warehouses').set(big.auth).query({ sort: '-totalQuantity' });
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ id: w1.id, totalQuantity: '100999999999998.99' });
    const item = await http()
      .get(`/api/v1/items/${items.find((it) => it.sku === 'BIG-0')!.id}`)
      .set(big.auth);
    expect(item.status).toBe(200);
    expect(item.body).toMatchObject({ totalQuantity: '1999999999999.98', warehouseCount: 2 });
    expect((await http().get('/api/v1/items').set(big.auth).query({ sort: '-totalQuantity', limit: 1 })).body.items[0].totalQuantity).toBe(
      '1999999999999.98',
    );
    const stats = await http().get('/api/v1/dashboard/stats').set(big.auth);
    expect(stats.status).toBe(200);
    expect(stats.body.totalQuantity).toBe('101999999999998.98');
    expect((await http().get('/api/v1/dashboard/low-stock').set(big.auth)).status).toBe(200);
    expect((await http().get('/api/v1/inventory').set(big.auth)).status).toBe(200);
  });

  it('documents the new routes and parameters in OpenAPI, every status with its body schema', async () => {
    type Op = {
      parameters?: Array<{ name: string; in: string; schema?: { enum?: string[]; pattern?: string }; description?: string }>;
      responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
    };
    const doc = (await http().get('/docs-json')).body as { paths: Record<string, Record<string, Op>> };
    const op = (path: string, method = 'get'): Op => doc.paths[path][method];
    for (const path of ['/api/v1/items/categories', '/api/v1/units']) {
      expect(Object.keys(op(path).responses).sort()).toEqual(['200', '401', '403']);
      for (const r of Object.values(op(path).responses)) expect(r.content?.['application/json']?.schema).toBeDefined();
    }
    const detail = op('/api/v1/warehouses/{id}');
    expect(detail.parameters?.find((p) => p.name === 'include')).toMatchObject({ in: 'query', schema: { enum: ['inventory'] } });
    expect(Object.keys(detail.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
    for (const [path, fields] of [
      ['/api/v1/warehouses', ['createdAt', 'name', 'totalQuantity']],
      ['/api/v1/items', ['createdAt', 'sku', 'category']],
      ['/api/v1/users', ['createdAt', 'email', 'lastLoginAt']],
      ['/api/v1/inventory', ['updatedAt', 'quantity', 'itemSku']],
    ] as const) {
      const sort = op(path).parameters?.find((p) => p.name === 'sort');
      for (const f of fields) expect(sort?.description).toContain(f);
      expect(op(path).responses['400']).toBeDefined();
    }
    expect(op('/api/v1/users').parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['role', 'isActive', 'search']));
    for (const method of ['post'] as const) expect(op('/api/v1/items', method).responses['409']).toBeDefined();
    expect(op('/api/v1/items/{id}', 'patch').responses['409']).toBeDefined();
  });

  it('hostile values of the new parameters are 400s naming them, never a 500', async () => {
    const wh = (await http().get('/api/v1/warehouses').set(co.auth)).body.items[0] as Row;
    const cases: Array<[string, string]> = [
      ['/api/v1/warehouses?sort=name%00', 'sort'],
      ['/api/v1/warehouses?sort=name&sort=-name', 'sort'],
      ['/api/v1/items?sort=', 'sort'],
      ['/api/v1/items?sort=' + 'sku,'.repeat(60), 'sort'],
      ['/api/v1/inventory?sort=%D8%00', 'sort'],
      ['/api/v1/users?search=a%00', 'search'],
      ['/api/v1/users?role=ADMIN&role=USER', 'role'],
      ['/api/v1/users?isActive=true&isActive=false', 'isActive'],
      ['/api/v1/users?sort=__proto__', 'sort'],
      [`/api/v1/warehouses/${wh.id}?include=inventory&include=inventory`, 'include'],
      [`/api/v1/warehouses/${wh.id}?include=%00`, 'include'],
    ];
    for (const [url, name] of cases) {
      const res = await http().get(url).set(co.auth);
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(String(res.body.message)).toContain(name);
    }
  });
});
