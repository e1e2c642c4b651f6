import type { Session, TestApp } from './app';
import { unique } from './app';

export interface Stocked {
  warehouseId: string;
  itemId: string;
}

export async function createWarehouse(
  t: TestApp,
  s: Session,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string } & Record<string, unknown>> {
  const res = await t
    .http()
    .post('/api/v1/warehouses')
    .set(s.auth)
    .send({ name: `WH ${unique('w')}`, location: 'Dock 1', capacity: '1000', ...overrides });
  if (res.status !== 201) throw new Error(`create warehouse: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createItem(
  t: TestApp,
  s: Session,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string } & Record<string, unknown>> {
  const res = await t
    .http()
    .post('/api/v1/items')
    .set(s.auth)
    .send({ sku: unique('SKU').toUpperCase(), name: 'Test item', unitOfMeasure: 'EA', category: 'Parts', ...overrides });
  if (res.status !== 201) throw new Error(`create item: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function move(
  t: TestApp,
  s: Session,
  type: 'INBOUND' | 'OUTBOUND',
  target: Stocked,
  quantity: string | number,
  headers: Record<string, string> = {},
) {
  return t
    .http()
    .post('/api/v1/transactions')
    .set({ ...s.auth, ...headers })
    .send({ type, warehouseId: target.warehouseId, itemId: target.itemId, quantity });
}

/** A warehouse and an item, with `stock` units moved in. */
export async function stocked(t: TestApp, s: Session, stock: string | number = 0, item: Record<string, unknown> = {}): Promise<Stocked> {
  const target = { warehouseId: (await createWarehouse(t, s)).id, itemId: (await createItem(t, s, item)).id };
  if (Number(stock) > 0) {
    const res = await move(t, s, 'INBOUND', target, stock);
    if (res.status !== 201) throw new Error(`stock in: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return target;
}
