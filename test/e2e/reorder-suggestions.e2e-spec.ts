import { bootApp, registerCompany, type Session, type TestApp } from '../support/app';
import { createItem, createWarehouse, move } from '../support/fixtures';

describe('reorder suggestions', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await bootApp();
    s = await registerCompany(t, 'reorder');
  });
  afterAll(() => t.close());

  it('lists items whose available total is at or below the threshold, with the quantity to order', async () => {
    const w1 = (await createWarehouse(t, s)).id;
    const w2 = (await createWarehouse(t, s)).id;
    const withQty = (await createItem(t, s, { reorderThreshold: 10, reorderQuantity: '25.5' })).id;
    const byFormula = (await createItem(t, s, { reorderThreshold: 10 })).id;
    const fine = (await createItem(t, s, { reorderThreshold: 10 })).id;
    const noThreshold = (await createItem(t, s)).id;
    await move(t, s, 'INBOUND', { warehouseId: w1, itemId: withQty }, 6).expect(201);
    await move(t, s, 'INBOUND', { warehouseId: w1, itemId: byFormula }, 8).expect(201);
    await move(t, s, 'INBOUND', { warehouseId: w2, itemId: byFormula }, 6).expect(201); // on hand 14 > 10 ...
    await t.http().post('/api/v1/reservations').set(s.auth).send({ warehouseId: w2, itemId: byFormula, quantity: 5 }).expect(201); // ... available 9
    await move(t, s, 'INBOUND', { warehouseId: w1, itemId: fine }, 11).expect(201);
    const res = await t.http().get('/api/v1/inventory/reorder-suggestions').set(s.auth).expect(200);
    const byId = Object.fromEntries(res.body.items.map((x: { itemId: string }) => [x.itemId, x]));
    expect(byId[withQty]).toMatchObject({ available: '6.00', reorderThreshold: 10, reorderQuantity: '25.50', suggestedQuantity: '25.50' });
    expect(byId[byFormula]).toMatchObject({ onHand: '14.00', reserved: '5.00', available: '9.00', suggestedQuantity: '11.00' });
    expect(byId[fine]).toBeUndefined();
    expect(byId[noThreshold]).toBeUndefined();
    expect(res.body.total).toBe(2);
    const inW2 = await t.http().get('/api/v1/inventory/reorder-suggestions').query({ warehouseId: w2 }).set(s.auth).expect(200);
    expect(inW2.body.items.map((x: { itemId: string }) => x.itemId).sort()).toEqual([withQty, byFormula, fine].sort());
  });

  it('refuses a bad reorderQuantity and a bad query with 400 naming the field', async () => {
    const bad = await t
      .http()
      .post('/api/v1/items')
      .set(s.auth)
      .send({ sku: 'RQ-1', name: 'Widget', unitOfMeasure: 'EA', reorderQuantity: '0' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toContain('reorderQuantity');
    const q = await t.http().get('/api/v1/inventory/reorder-suggestions').query({ warehouseId: 'x' }).set(s.auth);
    expect(q.status).toBe(400);
    expect(JSON.stringify(q.body.message)).toContain('warehouseId');
  });
});
