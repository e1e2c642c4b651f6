import { bootApp, registerCompany, type Session, type TestApp } from '../support/app';
import { createItem, createWarehouse } from '../support/fixtures';

/** Fixed-point decimals as BigInt: the replay must not use floats either. */
const toUnits = (value: string, scale: number): bigint => {
  const [int = '0', frac = ''] = value.replace(/^-/, '').split('.');
  const units = BigInt(int + frac.padEnd(scale, '0').slice(0, scale));
  return value.startsWith('-') ? -units : units;
};
const divRound = (num: bigint, den: bigint): bigint => (num * 2n + den) / (den * 2n); // half up, non-negative
const fmt = (units: bigint, scale: number): string => {
  const s = units.toString().padStart(scale + 1, '0');
  return `${s.slice(0, -scale)}.${s.slice(-scale)}`;
};

interface Movement {
  type: string;
  warehouseId: string;
  quantity: string;
  unitCost: string | null;
  createdAt: string;
}

describe('stock as of an instant (GET /inventory?asOf=)', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await bootApp();
    s = await registerCompany(t, 'asof');
  });
  afterAll(() => t.close());

  const post = (path: string, body: Record<string, unknown>) =>
    t
      .http()
      .post(path)
      .set(s.auth)
      .send(body)
      .then((r) => {
        if (r.status !== 201) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
        return r;
      });

  it('equals a replay of the ledger (stock and value) at every instant of the history', async () => {
    const itemId = (await createItem(t, s)).id;
    const A = (await createWarehouse(t, s)).id;
    const B = (await createWarehouse(t, s)).id;
    const before = new Date(Date.now() - 1000).toISOString();
    await post('/api/v1/transactions', { type: 'INBOUND', warehouseId: A, itemId, quantity: '10', unitCost: '2.5' });
    await post('/api/v1/transactions', { type: 'OUTBOUND', warehouseId: A, itemId, quantity: '3.25' });
    await post('/api/v1/transfers', { fromWarehouseId: A, toWarehouseId: B, itemId, quantity: '2' });
    await post('/api/v1/adjustments', { warehouseId: B, itemId, quantityChange: '-0.5', reason: 'DAMAGED' });
    await post('/api/v1/transactions', { type: 'INBOUND', warehouseId: B, itemId, quantity: '7', unitCost: '3.3333' });
    await post('/api/v1/transactions', { type: 'INBOUND', warehouseId: A, itemId, quantity: '1' });
    await post('/api/v1/adjustments', { warehouseId: A, itemId, quantityChange: '2', reason: 'FOUND' });

    const history = await t.http().get('/api/v1/transactions').query({ itemId, limit: 100 }).set(s.auth).expect(200);
    const ledger = (history.body.items as Movement[]).slice().reverse();
    expect(ledger).toHaveLength(8);

    /** Replays the ledger up to `at`: balance per warehouse (cents) and the item's average cost (6 decimals). */
    const replay = (at: string) => {
      const balance = new Map<string, bigint>();
      let total = 0n;
      let average = 0n;
      for (const m of ledger.filter((x) => x.createdAt <= at)) {
        const q = toUnits(m.quantity, 2);
        const signed = ['OUTBOUND', 'TRANSFER_OUT'].includes(m.type) ? -q : q;
        balance.set(m.warehouseId, (balance.get(m.warehouseId) ?? 0n) + signed);
        if (m.type === 'INBOUND' && m.unitCost !== null) {
          average = divRound(total * average + q * toUnits(m.unitCost, 4) * 100n, total + q);
        }
        if (!m.type.startsWith('TRANSFER')) total += signed;
      }
      return { balance, average };
    };

    const instants = [before, ...ledger.flatMap((m) => [new Date(Date.parse(m.createdAt) - 1).toISOString(), m.createdAt])];
    for (const at of instants) {
      const { balance, average } = replay(at);
      const res = await t.http().get('/api/v1/inventory').query({ itemId, asOf: at }).set(s.auth).expect(200);
      const got = Object.fromEntries(
        (res.body.items as Array<{ warehouseId: string; quantity: string; value: string }>).map((r) => [r.warehouseId, r]),
      );
      const expected = Object.fromEntries(
        [...balance.entries()].map(([w, b]) => [w, { quantity: fmt(b, 2), value: fmt(divRound(b * average, 1_000_000n), 2) }]),
      );
      expect({ at, rows: Object.fromEntries(Object.entries(got).map(([w, r]) => [w, { quantity: r.quantity, value: r.value }])) }).toEqual({
        at,
        rows: expected,
      });
      expect(res.body.total).toBeNull();
      for (const r of res.body.items) expect(r).toMatchObject({ reserved: null, available: null });
    }
    // After the last movement, asOf equals the live stock.
    const now = await t.http().get('/api/v1/inventory').query({ itemId }).set(s.auth).expect(200);
    const later = await t
      .http()
      .get('/api/v1/inventory')
      .query({ itemId, asOf: new Date(Date.now() + 60_000).toISOString() })
      .set(s.auth)
      .expect(200);
    // (the live list has its own default sort; compare per warehouse)
    const byWarehouse = (items: Array<{ warehouseId: string; quantity: string; value: string }>) =>
      Object.fromEntries(items.map((r) => [r.warehouseId, [r.quantity, r.value]]));
    expect(byWarehouse(later.body.items)).toEqual(byWarehouse(now.body.items));
  });

  it('pages with hasNext and refuses a bad instant with a 400 naming asOf', async () => {
    const itemId = (await createItem(t, s)).id;
    for (let i = 0; i < 3; i++) {
      const warehouseId = (await createWarehouse(t, s)).id;
      await post('/api/v1/transactions', { type: 'INBOUND', warehouseId, itemId, quantity: 1 });
    }
    const at = new Date(Date.now() + 1000).toISOString();
    const first = await t.http().get('/api/v1/inventory').query({ itemId, asOf: at, limit: 2 }).set(s.auth).expect(200);
    expect(first.body).toMatchObject({ hasNext: true, total: null });
    expect(first.body.items).toHaveLength(2);
    const second = await t.http().get('/api/v1/inventory').query({ itemId, asOf: at, limit: 2, page: 2 }).set(s.auth).expect(200);
    expect(second.body).toMatchObject({ hasNext: false });
    expect(second.body.items).toHaveLength(1);
    const bad = await t.http().get('/api/v1/inventory').query({ asOf: 'yesterday' }).set(s.auth);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toContain('asOf');
    // asOf lists in (warehouse, item) order: a sort is refused rather than ignored.
    const sorted = await t.http().get('/api/v1/inventory').query({ itemId, asOf: at, sort: '-quantity' }).set(s.auth);
    expect(sorted.status).toBe(400);
    expect(JSON.stringify(sorted.body.message)).toContain('sort');
  });
});
