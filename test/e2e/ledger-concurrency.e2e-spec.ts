import fc from 'fast-check';
import { freePort } from '@app/tooling/embedded';
import { StockIntegrityService } from '@app/stock-integrity/stock-integrity.service';
import { bootApp, e2eDatabaseUrl, registerCompany, TEST_JWT_SECRET, type Session, type TestApp } from '../support/app';
import { move, stocked, type Stocked } from '../support/fixtures';
import { spawnApi, waitForReady, type RunningApi } from '../support/spawn-api';

describe('stock ledger under concurrency', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await bootApp({ DATABASE_POOL_SIZE: '10' });
    s = await registerCompany(t, 'concurrency');
  });
  afterAll(() => t.close());

  const stockOf = async (target: Stocked) =>
    // No row yet (nothing ever came in) means no stock.
    (await t.prisma.inventory.findUnique({ where: { warehouseId_itemId: target } }))?.quantity.toString() ?? '0';
  const ledgerRows = (target: Stocked, type?: 'INBOUND' | 'OUTBOUND') =>
    t.prisma.transaction.count({ where: { ...target, ...(type ? { type } : {}) } });

  it('stock 100, 50 parallel OUTBOUND of 3: exactly 33 succeed, 17 get 409, stock 1, 33 ledger rows', async () => {
    const target = await stocked(t, s, 100);
    const results = await Promise.all(Array.from({ length: 50 }, () => move(t, s, 'OUTBOUND', target, 3)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(33);
    expect(results.filter((r) => r.status === 409)).toHaveLength(17);
    expect(await stockOf(target)).toBe('1');
    expect(await ledgerRows(target, 'OUTBOUND')).toBe(33);
    const balances = results.filter((r) => r.status === 201).map((r) => Number(r.body.balanceAfter));
    expect(new Set(balances).size).toBe(33); // each success saw a distinct balance: no lost update
  });

  it('twenty parallel first INBOUNDs create one inventory row holding all of them', async () => {
    const target = await stocked(t, s, 0);
    const results = await Promise.all(Array.from({ length: 20 }, () => move(t, s, 'INBOUND', target, '1.25')));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(await t.prisma.inventory.count({ where: target })).toBe(1);
    expect(await stockOf(target)).toBe('25');
    expect(await ledgerRows(target)).toBe(20);
    const sequences = (await t.prisma.transaction.findMany({ where: target, select: { sequence: true } }))
      .map((r) => r.sequence)
      .sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('random sequences of parallel movements keep the ledger invariant (property)', async () => {
    const movement = fc.record({
      type: fc.constantFrom<'INBOUND' | 'OUTBOUND'>('INBOUND', 'OUTBOUND'),
      cents: fc.integer({ min: 1, max: 5000 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.array(movement, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 }),
        async (opening, batches) => {
          const target = await stocked(t, s, opening);
          let accepted = opening > 0 ? 1 : 0;
          for (const batch of batches) {
            const results = await Promise.all(batch.map((m) => move(t, s, m.type, target, (m.cents / 100).toFixed(2))));
            for (const r of results) expect([201, 409]).toContain(r.status);
            accepted += results.filter((r) => r.status === 201).length;
          }
          const rows = await t.prisma.transaction.findMany({ where: target, orderBy: { sequence: 'asc' } });
          expect(rows).toHaveLength(accepted);
          let balance = 0;
          for (const [i, row] of rows.entries()) {
            balance += (row.type === 'INBOUND' ? 1 : -1) * Math.round(Number(row.quantity) * 100);
            expect(balance).toBeGreaterThanOrEqual(0);
            expect(Math.round(Number(row.balanceAfter) * 100)).toBe(balance);
            expect(row.sequence).toBe(i + 1);
          }
          expect(Math.round(Number(await stockOf(target)) * 100)).toBe(balance);
        },
      ),
      { numRuns: 15 },
    );
    const report = await t.app.get(StockIntegrityService).verify();
    expect(report.drift.filter((d) => d.companyId === s.companyId)).toEqual([]);
  });

  describe('with two API processes sharing the database', () => {
    const apis: Array<{ api: RunningApi; base: string }> = [];
    beforeAll(async () => {
      for (let i = 0; i < 2; i++) {
        const port = await freePort();
        const api = spawnApi({
          PORT: String(port),
          DATABASE_URL: e2eDatabaseUrl(),
          JWT_ACCESS_SECRET: TEST_JWT_SECRET,
          MIGRATE_ON_START: 'false',
          SEED_DEMO_DATA: 'false',
        });
        apis.push({ api, base: `http://127.0.0.1:${port}` });
      }
      await Promise.all(apis.map(({ api, base }) => waitForReady(base, 60_000, api)));
    });
    afterAll(async () => {
      for (const { api } of apis) api.child.kill('SIGTERM');
      await Promise.all(apis.map(({ api }) => api.exited));
    });

    it('stock 100, 50 parallel OUTBOUND of 3 split across both: 33 succeed, 17 get 409, stock 1', async () => {
      const target = await stocked(t, s, 100);
      const post = (base: string) =>
        fetch(`${base}/api/v1/transactions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${s.accessToken}` },
          body: JSON.stringify({ type: 'OUTBOUND', ...target, quantity: 3 }),
        }).then((r) => r.status);
      const statuses = await Promise.all(Array.from({ length: 50 }, (_, i) => post(apis[i % 2].base)));
      expect(statuses.filter((x) => x === 201)).toHaveLength(33);
      expect(statuses.filter((x) => x === 409)).toHaveLength(17);
      expect(await stockOf(target)).toBe('1');
      expect(await ledgerRows(target, 'OUTBOUND')).toBe(33);
    });
  });
});

describe('idempotent movements', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await bootApp();
    s = await registerCompany(t, 'idem');
  });
  afterAll(() => t.close());

  const key = () => `key-${Math.random().toString(36).slice(2)}`;

  it('a retry with the same key and body returns the first response and moves no stock', async () => {
    const target = await stocked(t, s, 10);
    const k = key();
    const first = await move(t, s, 'OUTBOUND', target, 4, { 'Idempotency-Key': k });
    expect(first.status).toBe(201);
    const retry = await move(t, s, 'OUTBOUND', target, '4.00', { 'Idempotency-Key': k });
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect((await t.prisma.inventory.findUniqueOrThrow({ where: { warehouseId_itemId: target } })).quantity.toString()).toBe('6');
    const stored = await t.prisma.idempotencyKey.findFirstOrThrow({ where: { key: k } });
    expect(stored).toMatchObject({ companyId: s.companyId, userId: s.userId, route: 'POST /api/v1/transactions', responseStatus: 201 });
  });

  it('three parallel requests with one key make one movement', async () => {
    const target = await stocked(t, s, 10);
    const k = key();
    const results = await Promise.all([1, 2, 3].map(() => move(t, s, 'OUTBOUND', target, 1, { 'Idempotency-Key': k })));
    for (const r of results) expect([201, 409]).toContain(r.status);
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const r of created) expect(r.body.id).toBe(created[0].body.id);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(await t.prisma.transaction.count({ where: { ...target, type: 'OUTBOUND' } })).toBe(1);
    expect((await t.prisma.inventory.findUniqueOrThrow({ where: { warehouseId_itemId: target } })).quantity.toString()).toBe('9');
  });

  it('the same key with a different body is 422 and moves nothing', async () => {
    const target = await stocked(t, s, 10);
    const k = key();
    await move(t, s, 'OUTBOUND', target, 1, { 'Idempotency-Key': k }).expect(201);
    const other = await move(t, s, 'OUTBOUND', target, 2, { 'Idempotency-Key': k });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await t.prisma.inventory.findUniqueOrThrow({ where: { warehouseId_itemId: target } })).quantity.toString()).toBe('9');
  });

  it('another company reusing the same key string is independent', async () => {
    const other = await registerCompany(t, 'idem-b');
    const mine = await stocked(t, s, 10);
    const theirs = await stocked(t, other, 10);
    const k = key();
    expect((await move(t, s, 'OUTBOUND', mine, 1, { 'Idempotency-Key': k })).status).toBe(201);
    const res = await move(t, other, 'OUTBOUND', theirs, 1, { 'Idempotency-Key': k });
    expect(res.status).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect((await t.prisma.inventory.findUniqueOrThrow({ where: { warehouseId_itemId: theirs } })).quantity.toString()).toBe('9');
  });

  it('a refused movement stores nothing: a retry after restocking can succeed', async () => {
    const target = await stocked(t, s, 1);
    const k = key();
    expect((await move(t, s, 'OUTBOUND', target, 5, { 'Idempotency-Key': k })).status).toBe(409);
    await move(t, s, 'INBOUND', target, 10).expect(201);
    expect((await move(t, s, 'OUTBOUND', target, 5, { 'Idempotency-Key': k })).status).toBe(201);
  });

  it('refuses a malformed key with 400', async () => {
    const target = await stocked(t, s, 1);
    for (const bad of ['x'.repeat(256), 'has space']) {
      expect((await move(t, s, 'OUTBOUND', target, 1, { 'Idempotency-Key': bad })).status).toBe(400);
    }
  });

  it('the nightly cleanup removes keys past retention and keeps recent ones', async () => {
    const target = await stocked(t, s, 10);
    const oldKey = key();
    const newKey = key();
    await move(t, s, 'OUTBOUND', target, 1, { 'Idempotency-Key': oldKey }).expect(201);
    await move(t, s, 'OUTBOUND', target, 1, { 'Idempotency-Key': newKey }).expect(201);
    await t.prisma.idempotencyKey.updateMany({ where: { key: oldKey }, data: { createdAt: new Date(Date.now() - 49 * 3_600_000) } });
    await t.prisma.idempotencyKey.updateMany({ where: { key: newKey }, data: { createdAt: new Date(Date.now() - 23 * 3_600_000) } });
    expect(await t.app.get(StockIntegrityService).cleanupIdempotencyKeys()).toBeGreaterThanOrEqual(1);
    expect(await t.prisma.idempotencyKey.count({ where: { key: oldKey } })).toBe(0);
    expect(await t.prisma.idempotencyKey.count({ where: { key: newKey } })).toBe(1);
  });
});
