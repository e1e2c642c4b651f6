import { bootApp, registerCompany, type Session, type TestApp } from '../support/app';
import { createWarehouse, stocked } from '../support/fixtures';
import { verifyCompany } from '../support/stock-verify';

describe('stock:verify covers transfers, reservations and valuation', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await bootApp();
    s = await registerCompany(t, 'verify-ops');
  });
  afterAll(() => t.close());

  const verify = () => verifyCompany(t, s.companyId);

  it('passes after every kind of operation, and names each broken rule', async () => {
    const target = await stocked(t, s);
    const post = (path: string, body: Record<string, unknown>) => t.http().post(path).set(s.auth).send(body).expect(201);
    await post('/api/v1/transactions', { type: 'INBOUND', ...target, quantity: 20, unitCost: '1.5' });
    await post('/api/v1/transactions', { type: 'INBOUND', ...target, quantity: 10, unitCost: '3' });
    const other = (await createWarehouse(t, s)).id;
    await post('/api/v1/transfers', { fromWarehouseId: target.warehouseId, toWarehouseId: other, itemId: target.itemId, quantity: 4 });
    await post('/api/v1/adjustments', { ...target, quantityChange: -1, reason: 'DAMAGED' });
    const r = await post('/api/v1/reservations', { ...target, quantity: 5 });
    await t.http().post(`/api/v1/reservations/${r.body.id}/fulfil`).set(s.auth).send({ quantity: 2 }).expect(200);
    await post('/api/v1/reservations', { ...target, quantity: 3 });
    expect(await verify()).toEqual({ drift: [], problems: [] });

    const row = { warehouseId_itemId: target };
    await t.prisma.inventory.update({ where: row, data: { reserved: { increment: 1 } } });
    await t.prisma.itemStock.update({ where: { itemId: target.itemId }, data: { quantity: { increment: 1 }, averageCost: '9' } });
    const found = await verify();
    // (a changed average also leaves the warehouses' running values behind: TOTALS_MISMATCH, once per warehouse)
    expect([...new Set(found.problems.map((p) => p.kind))].sort()).toEqual([
      'AVERAGE_COST_MISMATCH',
      'ITEM_STOCK_MISMATCH',
      'RESERVED_MISMATCH',
      'TOTALS_MISMATCH',
    ]);
    await t.prisma.inventory.update({ where: row, data: { reserved: { decrement: 1 } } });
    await t.prisma.itemStock.update({ where: { itemId: target.itemId }, data: { quantity: { decrement: 1 }, averageCost: '2' } });
    expect(await verify()).toEqual({ drift: [], problems: [] });
  });
});
