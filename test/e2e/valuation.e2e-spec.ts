import { bootApp, registerCompany, type Session, type TestApp } from '../support/app';
import { createItem, createWarehouse, stocked, type Stocked } from '../support/fixtures';

describe('valuation: unit costs, moving average, values', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await bootApp();
    s = await registerCompany(t, 'valuation');
  });
  afterAll(() => t.close());

  const post = (body: Record<string, unknown>) => t.http().post('/api/v1/transactions').set(s.auth).send(body);
  const inbound = (target: Stocked, quantity: string, unitCost?: string) =>
    post({ type: 'INBOUND', ...target, quantity, ...(unitCost === undefined ? {} : { unitCost }) });

  it('keeps a moving average per item, values outgoing stock at it, and totals exactly', async () => {
    const a = await stocked(t, s);
    expect((await inbound(a, '10', '2.5')).body).toMatchObject({ unitCost: '2.5000', balanceAfter: '10.00' });
    await inbound(a, '30', '4.1235').expect(201);
    // (10 × 2.5 + 30 × 4.1235) / 40 = 3.717625
    const out = await post({ type: 'OUTBOUND', ...a, quantity: '5' }).expect(201);
    expect(out.body.unitCost).toBe('3.7176');
    const item = await t.http().get(`/api/v1/items/${a.itemId}`).set(s.auth).expect(200);
    expect(item.body).toMatchObject({ averageCost: '3.717625', totalQuantity: '35.00', value: '130.12' });

    const b = { warehouseId: (await createWarehouse(t, s)).id, itemId: (await createItem(t, s)).id };
    await inbound(b, '3', '0.3333').expect(201);
    const inv = await t.http().get('/api/v1/inventory').query({ itemId: b.itemId }).set(s.auth).expect(200);
    expect(inv.body.items[0]).toMatchObject({ quantity: '3.00', reserved: '0.00', available: '3.00', value: '1.00' });

    // An INBOUND without a cost enters at the current average: the average does not move.
    await inbound(a, '5').expect(201);
    const again = await t.http().get(`/api/v1/items/${a.itemId}`).set(s.auth).expect(200);
    expect(again.body).toMatchObject({ averageCost: '3.717625', value: '148.71' }); // 40 × 3.717625 = 148.705

    const wh = await t.http().get(`/api/v1/warehouses/${a.warehouseId}`).set(s.auth).expect(200);
    expect(wh.body.value).toBe('148.71');
    // Hand computation over the company: 148.705 + 0.9999 = 149.7049 → 149.70 (rounded once, not per row)
    const stats = await t.http().get('/api/v1/dashboard/stats').set(s.auth).expect(200);
    expect(stats.body).toMatchObject({ totalValue: '149.70', currency: 'USD' });
  });

  it('an item first received at no cost has average 0, and a later cost averages in', async () => {
    const a = await stocked(t, s);
    await inbound(a, '10').expect(201);
    await inbound(a, '10', '1').expect(201);
    const item = await t.http().get(`/api/v1/items/${a.itemId}`).set(s.auth).expect(200);
    expect(item.body).toMatchObject({ averageCost: '0.500000', value: '10.00' });
  });

  it("orders an item's ledger by time as its average cost was computed, under concurrent movements into several warehouses", async () => {
    // created_at is taken under the item's lock (item_stock), where item_sequence and the average are: a replay by
    // time (GET /inventory?asOf, stock:verify, any client) meets the movements in the order the average saw them.
    // Taken at the inventory row's lock instead, 60 parallel INBOUNDs into 4 warehouses put a quarter out of order.
    const item = (await createItem(t, s)).id;
    const warehouses = await Promise.all([1, 2, 3, 4].map(async () => (await createWarehouse(t, s)).id));
    const posts = Array.from({ length: 60 }, (_, n) =>
      post({
        type: n % 6 === 5 ? 'OUTBOUND' : 'INBOUND',
        warehouseId: warehouses[n % 4],
        itemId: item,
        quantity: 1 + (n % 3),
        ...(n % 6 === 5 ? {} : { unitCost: String(1 + (n % 7)) }),
      }),
    );
    const statuses = (await Promise.all(posts)).map((r) => r.status);
    expect(statuses.filter((st) => st !== 201 && st !== 409)).toEqual([]);
    const rows = await t.prisma.transaction.findMany({
      where: { itemId: item },
      orderBy: { itemSequence: 'asc' },
      select: { createdAt: true, itemSequence: true, averageCostAfter: true, type: true, quantity: true, unitCost: true },
    });
    expect(rows.length).toBe(statuses.filter((st) => st === 201).length);
    const outOfOrder = rows.filter((r, k) => k > 0 && r.createdAt < rows[k - 1].createdAt);
    expect(outOfOrder).toEqual([]);
    // Replayed in time order (ties by item_sequence), each average follows from the one before it and the
    // quantity on hand at that point: out of order, the quantity would be another one.
    let quantity = 0;
    let average = 0;
    for (const r of rows) {
      const q = Number(r.quantity);
      const expected =
        r.type === 'INBOUND' && r.unitCost !== null ? (quantity * average + q * Number(r.unitCost)) / (quantity + q) : average;
      expect(Number(r.averageCostAfter)).toBeCloseTo(expected, 5);
      quantity += r.type === 'INBOUND' ? q : -q;
      average = Number(r.averageCostAfter);
    }
  });

  it.each([
    [{ unitCost: '-1' }, 'unitCost'],
    [{ unitCost: '1.23456' }, 'unitCost'],
    [{ unitCost: 'cheap' }, 'unitCost'],
    [{ unitCost: '12345678901' }, 'unitCost'],
  ])('refuses %j with a 400 naming %s', async (patch, field) => {
    const a = await stocked(t, s);
    const res = await post({ type: 'INBOUND', ...a, quantity: 1, ...patch });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  it('refuses a unitCost on an OUTBOUND (it leaves at the average)', async () => {
    const a = await stocked(t, s, 5);
    const res = await post({ type: 'OUTBOUND', ...a, quantity: 1, unitCost: '1' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('unitCost');
  });

  it('refuses the other ledger types on POST /transactions', async () => {
    const a = await stocked(t, s, 5);
    for (const type of ['TRANSFER_IN', 'TRANSFER_OUT', 'ADJUSTMENT']) {
      const res = await post({ type, ...a, quantity: 1 });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain('type');
    }
  });

  it('the company currency is ISO 4217, default USD, and an ADMIN can change it', async () => {
    const co = await registerCompany(t, 'currency');
    expect((await t.http().get('/api/v1/companies/me').set(co.auth).expect(200)).body.currency).toBe('USD');
    const bad = await t.http().patch('/api/v1/companies/me').set(co.auth).send({ currency: 'XYZ' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toContain('currency');
    const ok = await t.http().patch('/api/v1/companies/me').set(co.auth).send({ currency: 'EUR' }).expect(200);
    expect(ok.body.currency).toBe('EUR');
    expect((await t.http().get('/api/v1/dashboard/stats').set(co.auth).expect(200)).body.currency).toBe('EUR');
  });

  it('lists values as large as the inputs allow, exactly (inventory, asOf, warehouse detail: never a 500)', async () => {
    const a = await stocked(t, s);
    // Two legal movements: 2,000,000 × 9,999,999,999.9999 = 19,999,999,999,999,800 (17 digits before the point).
    await inbound(a, '1000000', '9999999999.9999').expect(201);
    await inbound(a, '1000000', '9999999999.9999').expect(201);
    const value = '19999999999999800.00';
    const now = await t.http().get('/api/v1/inventory').query({ itemId: a.itemId }).set(s.auth).expect(200);
    expect(now.body.items[0].value).toBe(value);
    const asOf = await t.http().get('/api/v1/inventory').query({ itemId: a.itemId, asOf: '9999-01-01T00:00:00Z' }).set(s.auth).expect(200);
    expect(asOf.body.items[0].value).toBe(value);
    const wh = await t.http().get(`/api/v1/warehouses/${a.warehouseId}`).query({ include: 'inventory' }).set(s.auth).expect(200);
    expect(wh.body.value).toBe(value);
    expect(wh.body.inventory.items[0].value).toBe(value);
  });
});
