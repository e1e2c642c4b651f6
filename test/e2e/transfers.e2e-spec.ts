import { StockIntegrityService } from '@app/stock-integrity/stock-integrity.service';
import { bootApp, registerCompany, type Session, type TestApp } from '../support/app';
import { createItem, createWarehouse, move } from '../support/fixtures';

describe('transfers', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await bootApp({ DATABASE_POOL_SIZE: '10' });
    s = await registerCompany(t, 'transfers');
  });
  afterAll(() => t.close());

  const transfer = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t
      .http()
      .post('/api/v1/transfers')
      .set({ ...s.auth, ...headers })
      .send(body);
  const stockOf = async (warehouseId: string, itemId: string) =>
    (await t.prisma.inventory.findUnique({ where: { warehouseId_itemId: { warehouseId, itemId } } }))?.quantity.toString() ?? '0';

  /** Two warehouses and an item with `a` units (at cost 2) in the first and `b` in the second. */
  async function twoSites(a: number, b: number) {
    const itemId = (await createItem(t, s)).id;
    const A = (await createWarehouse(t, s)).id;
    const B = (await createWarehouse(t, s)).id;
    if (a)
      await t
        .http()
        .post('/api/v1/transactions')
        .set(s.auth)
        .send({ type: 'INBOUND', warehouseId: A, itemId, quantity: a, unitCost: '2' })
        .expect(201);
    if (b) await move(t, s, 'INBOUND', { warehouseId: B, itemId }, b).expect(201);
    return { A, B, itemId };
  }

  it('moves stock in one transaction: two linked legs, value at average cost, company total unchanged', async () => {
    const { A, B, itemId } = await twoSites(10, 0);
    const res = await transfer({ fromWarehouseId: A, toWarehouseId: B, itemId, quantity: '4', notes: 'rebalance' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fromWarehouseId: A, toWarehouseId: B, itemId, quantity: '4.00', unitCost: '2.0000' });
    const [out, into] = res.body.movements;
    expect(out).toMatchObject({ type: 'TRANSFER_OUT', warehouseId: A, quantity: '4.00', balanceAfter: '6.00', transferId: res.body.id });
    expect(into).toMatchObject({ type: 'TRANSFER_IN', warehouseId: B, quantity: '4.00', balanceAfter: '4.00', transferId: res.body.id });
    expect(await stockOf(A, itemId)).toBe('6');
    expect(await stockOf(B, itemId)).toBe('4');
    const item = await t.http().get(`/api/v1/items/${itemId}`).set(s.auth).expect(200);
    expect(item.body).toMatchObject({ totalQuantity: '10.00', averageCost: '2.000000', value: '20.00' });
    const wb = await t.http().get(`/api/v1/warehouses/${B}`).set(s.auth).expect(200);
    expect(wb.body.value).toBe('8.00');
    const history = await t.http().get('/api/v1/transactions').query({ itemId, type: 'TRANSFER_IN' }).set(s.auth).expect(200);
    expect(history.body.items[0]).toMatchObject({ transferId: res.body.id, notes: 'rebalance' });
  });

  it('refuses more than the available quantity with 409 naming it, and changes nothing', async () => {
    const { A, B, itemId } = await twoSites(5, 0);
    const res = await transfer({ fromWarehouseId: A, toWarehouseId: B, itemId, quantity: '5.01' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('INSUFFICIENT_STOCK');
    expect(res.body.message).toContain('5.00 available');
    expect(await stockOf(A, itemId)).toBe('5');
    expect(await t.prisma.transaction.count({ where: { itemId, type: { in: ['TRANSFER_IN', 'TRANSFER_OUT'] } } })).toBe(0);
  });

  it.each([
    [{ quantity: 0 }, 'quantity'],
    [{ quantity: '1.001' }, 'quantity'],
    [{ fromWarehouseId: 'x' }, 'fromWarehouseId'],
    [{ toWarehouseId: 'x' }, 'toWarehouseId'],
    [{ itemId: 'x' }, 'itemId'],
    [{ extra: 1 }, 'extra'],
  ])('refuses %j with a 400 naming %s', async (patch, field) => {
    const { A, B, itemId } = await twoSites(5, 0);
    const res = await transfer({ fromWarehouseId: A, toWarehouseId: B, itemId, quantity: 1, ...patch });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  it('refuses the same warehouse twice with 400 naming toWarehouseId', async () => {
    const { A, itemId } = await twoSites(5, 0);
    const res = await transfer({ fromWarehouseId: A, toWarehouseId: A, itemId, quantity: 1 });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('toWarehouseId');
  });

  it('answers 404 for an unknown warehouse and 409 for a deleted one', async () => {
    const { A, B, itemId } = await twoSites(5, 0);
    const missing = await transfer({ fromWarehouseId: A, toWarehouseId: '00000000-0000-4000-8000-000000000000', itemId, quantity: 1 });
    expect(missing.status).toBe(404);
    await t.http().delete(`/api/v1/warehouses/${B}`).set(s.auth).expect(204);
    const deleted = await transfer({ fromWarehouseId: A, toWarehouseId: B, itemId, quantity: 1 });
    expect(deleted.status).toBe(409);
    expect(deleted.body.code).toBe('WAREHOUSE_DELETED');
    expect(await stockOf(A, itemId)).toBe('5');
  });

  it('is idempotent: a retry replays the first answer and moves nothing twice', async () => {
    const { A, B, itemId } = await twoSites(10, 0);
    const body = { fromWarehouseId: A, toWarehouseId: B, itemId, quantity: 3 };
    const first = await transfer(body, { 'Idempotency-Key': 'tr-1' });
    expect(first.status).toBe(201);
    const retry = await transfer({ ...body, quantity: '3.00' }, { 'Idempotency-Key': 'tr-1' });
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await stockOf(A, itemId)).toBe('7');
    const other = await transfer({ ...body, quantity: 2 }, { 'Idempotency-Key': 'tr-1' });
    expect(other.status).toBe(422);
    expect((await transfer(body, { 'Idempotency-Key': 'bad key' })).status).toBe(400);
  });

  it('50 parallel transfers A→B and B→A: no deadlock, no negative stock, totals conserved, ledger verified', async () => {
    const { A, B, itemId } = await twoSites(30, 30);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        transfer(
          i % 2
            ? { fromWarehouseId: A, toWarehouseId: B, itemId, quantity: 7 }
            : { fromWarehouseId: B, toWarehouseId: A, itemId, quantity: 7 },
        ),
      ),
    );
    for (const r of results) expect([201, 409]).toContain(r.status);
    const ok = results.filter((r) => r.status === 201);
    expect(ok.length).toBeGreaterThan(0);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.code).toBe('INSUFFICIENT_STOCK');
    const a = Number(await stockOf(A, itemId));
    const b = Number(await stockOf(B, itemId));
    expect(a).toBeGreaterThanOrEqual(0);
    expect(b).toBeGreaterThanOrEqual(0);
    expect(a + b).toBe(60);
    const legs = await t.prisma.transaction.findMany({ where: { itemId, transferId: { not: null } } });
    expect(legs).toHaveLength(ok.length * 2);
    const report = await t.app.get(StockIntegrityService).verify();
    expect(report.drift.filter((d) => d.companyId === s.companyId)).toEqual([]);
  });
});
