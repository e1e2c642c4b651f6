import type { HttpTarget, Session } from './app';
import { unique } from './app';

export interface Stocked {
  warehouseId: string;
  itemId: string;
}

async function create(
  t: HttpTarget,
  s: Session,
  path: string,
  body: Record<string, unknown>,
): Promise<{ id: string } & Record<string, unknown>> {
  const res = await t.http().post(path).set(s.auth).send(body);
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const createWarehouse = (t: HttpTarget, s: Session, overrides: Record<string, unknown> = {}) =>
  create(t, s, '/api/v1/warehouses', { name: `WH ${unique('w')}`, location: 'Dock 1', capacity: '1000', ...overrides });

export const createItem = (t: HttpTarget, s: Session, overrides: Record<string, unknown> = {}) =>
  create(t, s, '/api/v1/items', {
    sku: unique('SKU').toUpperCase(),
    name: 'Test item',
    unitOfMeasure: 'EA',
    category: 'Parts',
    ...overrides,
  });

export function move(
  t: HttpTarget,
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
export async function stocked(t: HttpTarget, s: Session, stock: string | number = 0, item: Record<string, unknown> = {}): Promise<Stocked> {
  const target = { warehouseId: (await createWarehouse(t, s)).id, itemId: (await createItem(t, s, item)).id };
  if (Number(stock) > 0) {
    const res = await move(t, s, 'INBOUND', target, stock);
    if (res.status !== 201) throw new Error(`stock in: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return target;
}
