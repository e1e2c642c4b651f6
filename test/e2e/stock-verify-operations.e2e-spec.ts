import { StockIntegrityService, type VerifyReport } from '@app/stock-integrity/stock-integrity.service';
import { bootApp, registerCompany, type Session, type TestApp } from '../support/app';
import { createWarehouse, stocked } from '../support/fixtures';

describe('stock:verify covers transfers, reservations and valuation', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await bootApp();
    s = await registerCompany(t, 'verify-ops');
  });
  afterAll(() => t.close());

  /** Runs the check (waiting while another suite's run holds the job lock) and keeps this company's findings. */
  const verify = async (): Promise<Pick<VerifyReport, 'drift' | 'problems'>> => {
    for (;;) {
      const report = await t.app.get(StockIntegrityService).verify();
      if (report.ran) {
        return {
          drift: report.drift.filter((d) => d.companyId === s.companyId),
          problems: report.problems.filter((p) => p.companyId === s.companyId),
        };
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };

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
