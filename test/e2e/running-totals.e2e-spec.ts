import { bootApp, registerCompany, unique, type Session, type TestApp } from '../support/app';
import { createItem, createWarehouse } from '../support/fixtures';
import { verifyCompany } from '../support/stock-verify';

/**
 * Running totals (issue 15): warehouse_totals, company_totals and item_stock's active quantity are kept by
 * triggers in the statement of every writer. Each test here reads the API's totals (now index look-ups) and
 * compares them with a hand computation over the rows the test created, and runs stock:verify, which
 * recomputes every total from the rows.
 */
describe('running totals', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(() => t.close());

  const verify = (s: Session) => verifyCompany(t, s.companyId);
  const send = (s: Session, path: string, body: Record<string, unknown>) => t.http().post(path).set(s.auth).send(body);
  const ok = async (s: Session, path: string, body: Record<string, unknown>, status = 201) => {
    const res = await send(s, path, body);
    if (res.status !== status) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown> & { id: string };
  };

  /** Σ over the company's inventory rows (as GET /inventory lists them): what the totals must equal. */
  const byHand = async (s: Session) => {
    const res = await t.http().get('/api/v1/inventory').query({ limit: 100 }).set(s.auth).expect(200);
    const rows = res.body.items as Array<{ warehouseId: string; quantity: string; value: string }>;
    const perWarehouse = new Map<string, { quantity: number; items: number; rows: number }>();
    for (const r of rows) {
      const w = perWarehouse.get(r.warehouseId) ?? { quantity: 0, items: 0, rows: 0 };
      w.quantity += Number(r.quantity);
      w.items += Number(r.quantity) > 0 ? 1 : 0;
      w.rows += 1;
      perWarehouse.set(r.warehouseId, w);
    }
    return { rows, total: res.body.total as number, perWarehouse };
  };

  it('match the rows after every kind of writer, item and warehouse deletion, and a volume change', async () => {
    const s = await registerCompany(t, 'totals');
    const [w1, w2, w3] = [await createWarehouse(t, s), await createWarehouse(t, s), await createWarehouse(t, s)];
    const a = await createItem(t, s, { volumePerUnit: '0.5', reorderThreshold: 30 });
    const b = await createItem(t, s, { volumePerUnit: '2', reorderThreshold: 5 });
    const c = await createItem(t, s, { reorderThreshold: 1000 });
    // Single movements at several costs (the average moves: every warehouse holding the item is re-valued).
    await ok(s, '/api/v1/transactions', { type: 'INBOUND', warehouseId: w1.id, itemId: a.id, quantity: 20, unitCost: '1.5' });
    await ok(s, '/api/v1/transactions', { type: 'INBOUND', warehouseId: w2.id, itemId: a.id, quantity: 10, unitCost: '3' });
    await ok(s, '/api/v1/transactions', { type: 'INBOUND', warehouseId: w1.id, itemId: b.id, quantity: 7, unitCost: '0.3333' });
    await ok(s, '/api/v1/transactions', { type: 'OUTBOUND', warehouseId: w1.id, itemId: a.id, quantity: 3 });
    await ok(s, '/api/v1/transfers', { fromWarehouseId: w1.id, toWarehouseId: w3.id, itemId: a.id, quantity: 4 });
    await ok(s, '/api/v1/adjustments', { warehouseId: w2.id, itemId: a.id, quantityChange: -1, reason: 'DAMAGED' });
    const r = await ok(s, '/api/v1/reservations', { warehouseId: w1.id, itemId: b.id, quantity: 2 });
    await ok(s, `/api/v1/reservations/${r.id}/fulfil`, { quantity: 2 }, 200);
    const supplier = await ok(s, '/api/v1/suppliers', { name: unique('Supplier') });
    const receipt = await ok(s, '/api/v1/receipts', {
      supplierId: supplier.id,
      reference: 'PO-1',
      lines: [
        { itemId: a.id, warehouseId: w3.id, quantity: '6', unitCost: '5' },
        { itemId: c.id, warehouseId: w2.id, quantity: '9', unitCost: '1' },
      ],
    });
    await ok(s, `/api/v1/receipts/${receipt.id}/post`, {}, 200);
    const count = await ok(s, '/api/v1/stock-counts', { warehouseId: w1.id });
    await t
      .http()
      .put(`/api/v1/stock-counts/${count.id}/lines`)
      .set(s.auth)
      .send({
        lines: [
          { itemId: a.id, countedQuantity: '10' },
          { itemId: b.id, countedQuantity: '5' },
        ],
      })
      .expect(200);
    await ok(s, `/api/v1/stock-counts/${count.id}/post`, {}, 200);
    expect(await verify(s)).toEqual({ drift: [], problems: [] });

    // Warehouse fields and list totals against the rows.
    const hand = await byHand(s);
    expect(hand.total).toBe(hand.rows.length);
    for (const w of [w1, w2, w3]) {
      const got = (await t.http().get(`/api/v1/warehouses/${w.id}`).set(s.auth).expect(200)).body;
      const want = hand.perWarehouse.get(w.id);
      expect(Number(got.totalQuantity)).toBe(want?.quantity ?? 0);
      expect(got.itemCount).toBe(want?.items ?? 0);
      const page = await t.http().get('/api/v1/inventory').query({ warehouseId: w.id, limit: 1 }).set(s.auth).expect(200);
      expect(page.body.total).toBe(want?.rows ?? 0);
    }
    // a: 20@1.5 + 10@3 → 2; −3; transfer 4; −1; +6@5 → (26×2 + 30) / 32 = 2.5625; count w1: 13 → 10 (−3).
    const itemA = (await t.http().get(`/api/v1/items/${a.id}`).set(s.auth).expect(200)).body;
    expect(itemA).toMatchObject({ averageCost: '2.562500', totalQuantity: '29.00', value: '74.31', lowStockWarning: true });
    const w3Body = (await t.http().get(`/api/v1/warehouses/${w3.id}`).set(s.auth).expect(200)).body;
    expect(w3Body).toMatchObject({ totalQuantity: '10.00', value: '25.63', currentUtilization: '0.50' }); // 10 × 0.5 / 1000
    const stats = (await t.http().get('/api/v1/dashboard/stats').set(s.auth).expect(200)).body;
    // a 29 × 2.5625 = 74.3125; b 5 × 0.3333 = 1.6665; c 9 × 1 = 9 → 84.979 → 84.98
    expect(stats).toMatchObject({ warehouseCount: 3, itemCount: 3, totalQuantity: '43.00', totalValue: '84.98', lowStockCount: 3 });
    const low = (await t.http().get('/api/v1/dashboard/low-stock').set(s.auth).expect(200)).body;
    expect(low.items.map((i: { id: string }) => i.id)).toEqual([c.id, a.id, b.id]); // 9 − 1000, 29 − 30, 5 − 5

    // Volume changed, an item deleted, a warehouse deleted: totals follow without touching the rows.
    await t.http().patch(`/api/v1/items/${a.id}`).set(s.auth).send({ volumePerUnit: '1' }).expect(200);
    expect((await t.http().get(`/api/v1/warehouses/${w3.id}`).set(s.auth).expect(200)).body.currentUtilization).toBe('1.00');
    await t.http().delete(`/api/v1/items/${c.id}`).set(s.auth).expect(204);
    await t.http().delete(`/api/v1/warehouses/${w1.id}`).set(s.auth).expect(204);
    const after = (await t.http().get('/api/v1/dashboard/stats').set(s.auth).expect(200)).body;
    // left: a in w2 (10 − 1 = 9) and w3 (4 + 6 = 10): 19 × 2.5625 = 48.6875; b only in w1 (deleted): 0, low; c deleted
    expect(after).toMatchObject({ warehouseCount: 2, itemCount: 2, totalQuantity: '19.00', totalValue: '48.69', lowStockCount: 2 });
    const items = (await t.http().get('/api/v1/items').query({ limit: 1 }).set(s.auth).expect(200)).body;
    expect(items.total).toBe(2);
    expect((await t.http().get(`/api/v1/items/${b.id}`).set(s.auth).expect(200)).body.totalQuantity).toBe('0.00');
    expect(await verify(s)).toEqual({ drift: [], problems: [] });
  });

  it('stay exact under concurrent movements, transfers and cost changes on the same items (no deadlock)', async () => {
    const s = await registerCompany(t, 'totals-race');
    const ws = [await createWarehouse(t, s), await createWarehouse(t, s), await createWarehouse(t, s)];
    const items = [await createItem(t, s, { volumePerUnit: '0.25' }), await createItem(t, s, { volumePerUnit: '1' })];
    for (const w of ws)
      for (const i of items)
        await ok(s, '/api/v1/transactions', { type: 'INBOUND', warehouseId: w.id, itemId: i.id, quantity: 50, unitCost: '1' });
    const requests = Array.from({ length: 60 }, (_, n) => {
      const item = items[n % 2].id;
      const from = ws[n % 3].id;
      const to = ws[(n + 1) % 3].id;
      switch (n % 4) {
        case 0:
          return send(s, '/api/v1/transactions', {
            type: 'INBOUND',
            warehouseId: from,
            itemId: item,
            quantity: 1 + (n % 5),
            unitCost: String(1 + (n % 7)),
          });
        case 1:
          return send(s, '/api/v1/transfers', { fromWarehouseId: from, toWarehouseId: to, itemId: item, quantity: 2 });
        case 2:
          return send(s, '/api/v1/transfers', { fromWarehouseId: to, toWarehouseId: from, itemId: item, quantity: 1 });
        default:
          return send(s, '/api/v1/transactions', { type: 'OUTBOUND', warehouseId: from, itemId: item, quantity: 1 });
      }
    });
    const statuses = (await Promise.all(requests)).map((r) => r.status);
    expect(statuses.filter((st) => st !== 201)).toEqual([]);
    expect(await verify(s)).toEqual({ drift: [], problems: [] });
    const hand = await byHand(s);
    const value = hand.rows.reduce((sum, r) => sum + Number(r.value), 0);
    const stats = (await t.http().get('/api/v1/dashboard/stats').set(s.auth).expect(200)).body;
    expect(Number(stats.totalQuantity)).toBe(hand.rows.reduce((sum, r) => sum + Number(r.quantity), 0));
    // Rows are rounded one by one, the total once: within a cent per row.
    expect(Math.abs(Number(stats.totalValue) - value)).toBeLessThanOrEqual(0.01 * hand.rows.length);
  });

  it('an OUTBOUND keeps the totals in its own statement, and leaves them to the trigger when values lag the average', async () => {
    const s = await registerCompany(t, 'totals-inline');
    const [w1, w2] = [await createWarehouse(t, s), await createWarehouse(t, s)];
    const i = await createItem(t, s, { volumePerUnit: '2' });
    await ok(s, '/api/v1/transactions', { type: 'INBOUND', warehouseId: w1.id, itemId: i.id, quantity: 10, unitCost: '3' });
    await ok(s, '/api/v1/transactions', { type: 'INBOUND', warehouseId: w2.id, itemId: i.id, quantity: 5, unitCost: '3' });
    // The hot path: in-statement totals.
    await ok(s, '/api/v1/transactions', { type: 'OUTBOUND', warehouseId: w1.id, itemId: i.id, quantity: 4 });
    expect((await t.http().get(`/api/v1/warehouses/${w1.id}`).set(s.auth).expect(200)).body).toMatchObject({
      totalQuantity: '6.00',
      value: '18.00',
      currentUtilization: '1.20', // 6 × 2 / 1000
    });
    expect(await verify(s)).toEqual({ drift: [], problems: [] });
    // The average changed around the API (the warehouse values now lag it): the OUTBOUND leaves the totals to the
    // trigger, which re-values both warehouses first.
    await t.prisma.itemStock.update({ where: { itemId: i.id }, data: { averageCost: '5' } });
    await ok(s, '/api/v1/transactions', { type: 'OUTBOUND', warehouseId: w1.id, itemId: i.id, quantity: 1 });
    expect((await t.http().get(`/api/v1/warehouses/${w2.id}`).set(s.auth).expect(200)).body.value).toBe('25.00');
    expect((await t.http().get(`/api/v1/warehouses/${w1.id}`).set(s.auth).expect(200)).body.value).toBe('25.00');
    // The totals match the rows; what verify reports is the tampering itself (an average no ledger row explains).
    const found = await verify(s);
    expect(found.drift).toEqual([]);
    expect(found.problems.map((p) => p.kind)).toEqual(['AVERAGE_COST_MISMATCH']);
  });

  it('stock:verify names a total that no longer matches its rows', async () => {
    const s = await registerCompany(t, 'totals-tamper');
    const w = await createWarehouse(t, s);
    const i = await createItem(t, s);
    await ok(s, '/api/v1/transactions', { type: 'INBOUND', warehouseId: w.id, itemId: i.id, quantity: 5 });
    expect(await verify(s)).toEqual({ drift: [], problems: [] });
    await t.prisma.warehouseTotals.updateMany({ where: { warehouseId: w.id }, data: { quantity: { increment: 1 } } });
    const found = await verify(s);
    expect(found.problems).toEqual([expect.objectContaining({ kind: 'TOTALS_MISMATCH', ref: expect.stringContaining(w.id) })]);
    await t.prisma.warehouseTotals.updateMany({ where: { warehouseId: w.id }, data: { quantity: { decrement: 1 } } });
    expect(await verify(s)).toEqual({ drift: [], problems: [] });
  });
});
