/**
 * A normal integrator's day, written against the client generated from the live document
 * (openapi-typescript types + openapi-fetch). test/e2e/openapi-contract.e2e-spec.ts type-checks it with
 * `tsc --strict` (no casts allowed) and runs it against the booted app.
 */
export const DAY_SCRIPT = String.raw`
import createClient from 'openapi-fetch';
import type { paths } from './api.js';

const baseUrl = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const client = createClient<paths>({ baseUrl });
let accessToken = '';
client.use({
  onRequest({ request }) {
    if (accessToken) request.headers.set('Authorization', 'Bearer ' + accessToken);
    return request;
  },
});

function ok<T>(what: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new Error(what + ': ' + String(result.response.status) + ' ' + JSON.stringify(result.error));
  }
  return result.data;
}
function check(condition: boolean, what: string): void {
  if (!condition) throw new Error('check failed: ' + what);
}

const tag = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);

// Register: a company and its admin; tokens come back.
const registered = ok('register', await client.POST('/api/v1/auth/register', {
  body: {
    companyName: 'Day Co ' + tag,
    companyEmail: 'contact-' + tag + '@example.test',
    name: 'Day Admin',
    email: 'admin-' + tag + '@example.test',
    password: 'correct horse battery staple',
  },
}));
accessToken = registered.accessToken;
const tokenType: 'Bearer' = registered.tokenType;
check(tokenType === 'Bearer', 'token type');
const me = ok('me', await client.GET('/api/v1/auth/me'));
const role: 'ADMIN' | 'MANAGER' | 'USER' = me.role;
check(role === 'ADMIN', 'the registering user is ADMIN');

// Catalog: a warehouse (capacity as a number), an item (nullable fields left out or null).
const warehouse = ok('warehouse', await client.POST('/api/v1/warehouses', {
  body: { name: 'Main ' + tag, location: 'Dock 1', capacity: 1000 },
}));
const item = ok('item', await client.POST('/api/v1/items', {
  body: { sku: 'DAY-' + tag.toUpperCase().slice(0, 20), name: 'Day bolt', unitOfMeasure: 'EA', category: null, reorderThreshold: 5 },
}));
const unit: string = item.unitOfMeasure;
check(unit === 'EA', 'unit of measure');
const category: string | null = item.category;
check(category === null, 'category cleared');
const updated = ok('item update', await client.PATCH('/api/v1/items/{id}', {
  params: { path: { id: item.id } },
  body: { description: 'Zinc-plated', volumePerUnit: '0.25' },
}));
check(updated.volumePerUnit === '0.2500', 'volume kept as a decimal string: ' + String(updated.volumePerUnit));
const items = ok('items', await client.GET('/api/v1/items', { params: { query: { search: 'Day bolt', limit: 10 } } }));
check(items.items.some((i) => i.id === item.id), 'the item is listed');
const warehouses = ok('warehouses', await client.GET('/api/v1/warehouses', { params: { query: { page: 1 } } }));
check(warehouses.total >= 1, 'warehouses listed');

// Movements: in (string), out (number), an idempotent retry.
const target = { warehouseId: warehouse.id, itemId: item.id };
const inbound = ok('inbound', await client.POST('/api/v1/transactions', { body: { type: 'INBOUND', ...target, quantity: '12.50', notes: 'PO 1' } }));
check(inbound.balanceAfter === '12.50', 'balance after inbound');
const key = 'day-' + tag;
const outbound = ok('outbound', await client.POST('/api/v1/transactions', {
  body: { type: 'OUTBOUND', ...target, quantity: 10 },
  params: { header: { 'Idempotency-Key': key } },
}));
const replay = await client.POST('/api/v1/transactions', {
  body: { type: 'OUTBOUND', ...target, quantity: 10 },
  params: { header: { 'Idempotency-Key': key } },
});
check(ok('replay', replay).id === outbound.id && replay.response.headers.get('Idempotent-Replayed') === 'true', 'replayed');
const refused = await client.POST('/api/v1/transactions', { body: { type: 'OUTBOUND', ...target, quantity: 1000 } });
check(refused.response.status === 409 && refused.error?.code === 'INSUFFICIENT_STOCK', 'insufficient stock is a typed 409');

// History, inventory, dashboard.
const history = ok('history', await client.GET('/api/v1/transactions', { params: { query: { itemId: item.id, limit: 1 } } }));
check(history.items.length === 1 && history.nextCursor !== null, 'first page of history');
if (history.nextCursor !== null) {
  const next = ok('history page 2', await client.GET('/api/v1/transactions', { params: { query: { itemId: item.id, limit: 1, cursor: history.nextCursor } } }));
  check(next.items.length === 1, 'second page');
}
const one = ok('movement', await client.GET('/api/v1/transactions/{id}', { params: { path: { id: inbound.id } } }));
check(one.itemSku === item.sku, 'movement with names');
const inventory = ok('inventory', await client.GET('/api/v1/inventory', { params: { query: { warehouseId: warehouse.id, lowStock: true } } }));
const row = inventory.items[0];
check(row !== undefined && row.quantity === '2.50' && row.lowStock, 'inventory row is low');
const stats = ok('stats', await client.GET('/api/v1/dashboard/stats'));
check(stats.itemCount === 1, 'stats');
const recent = ok('recent', await client.GET('/api/v1/dashboard/recent-transactions', { params: { query: { limit: 5 } } }));
check(recent.items.length === 2, 'recent');
const low = ok('low stock', await client.GET('/api/v1/dashboard/low-stock'));
check(low.items.some((l) => l.id === item.id), 'low stock');

// Refresh (body token), then logout (204) ends the login.
const refreshed = ok('refresh', await client.POST('/api/v1/auth/refresh', { body: { refreshToken: registered.refreshToken } }));
accessToken = refreshed.accessToken;
const out = await client.POST('/api/v1/auth/logout');
check(out.response.status === 204, 'logout is 204');
const after = await client.POST('/api/v1/auth/refresh', { body: { refreshToken: refreshed.refreshToken } });
check(after.response.status === 401 && after.error?.statusCode === 401, 'refresh after logout is 401');
console.log('day done');
`;
