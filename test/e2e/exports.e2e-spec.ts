import { parse } from 'csv-parse/sync';
import { request as httpRequest } from 'node:http';
import { PrismaService } from '@app/database/prisma.service';
import { bootApp, registerCompany, type Session, type TestApp } from '../support/app';
import { createItem, createWarehouse, move, stocked } from '../support/fixtures';

describe('CSV exports (streamed from a tenant-scoped cursor)', () => {
  let t: TestApp;
  let a: Session;
  let b: Session;

  beforeAll(async () => {
    t = await bootApp();
    a = await registerCompany(t, 'csv-a');
    b = await registerCompany(t, 'csv-b');
  });
  afterAll(() => t.close());

  const csv = async (s: Session, path: string, query: Record<string, string> = {}) => {
    const res = await t
      .http()
      .get(`/api/v1/exports/${path}`)
      .set(s.auth)
      .query(query)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
      });
    return { res, text: res.body as string, rows: parse<Record<string, string>>(res.body as string, { columns: true }) };
  };

  it('items.csv: RFC 4180 quoting, UTF-8, formula cells neutralised, only this company', async () => {
    const tricky = await createItem(t, a, {
      name: '=HYPERLINK("http://evil")',
      category: '+cmd',
      description: 'line one\nline "two", with comma',
    });
    const unicode = await createItem(t, a, { name: 'Bär «Größe» 日本', category: '@risk', description: '-5 apples' });
    await createItem(t, b, { name: 'other company' });
    const { res, text, rows } = await csv(a, 'items.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="items.csv"');
    expect(text.split('\r\n')[0]).toBe(
      'id,sku,name,category,unitOfMeasure,description,reorderThreshold,volumePerUnit,totalQuantity,createdAt,updatedAt',
    );
    expect(text).toContain('"\'=HYPERLINK(""http://evil"")"');
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(rows).toHaveLength(2);
    expect(byId.get(tricky.id)).toMatchObject({
      name: '\'=HYPERLINK("http://evil")',
      category: "'+cmd",
      description: 'line one\nline "two", with comma',
      totalQuantity: '0.00',
    });
    expect(byId.get(unicode.id)).toMatchObject({ name: 'Bär «Größe» 日本', category: "'@risk", description: "'-5 apples" });
  });

  it('transactions.csv streams every movement of a date range, in order; inventory.csv as of an instant', async () => {
    const target = await stocked(t, a, 0);
    expect((await move(t, a, 'INBOUND', target, 10)).status).toBe(201);
    const between = new Date().toISOString();
    expect((await move(t, a, 'OUTBOUND', target, 3)).status).toBe(201);

    const before = await csv(a, 'inventory.csv', { asOf: between });
    expect(before.rows.filter((r) => r.itemId === target.itemId)).toEqual([expect.objectContaining({ quantity: '10.00' })]);
    const now = await csv(a, 'inventory.csv');
    expect(now.rows.filter((r) => r.itemId === target.itemId)).toEqual([expect.objectContaining({ quantity: '7.00' })]);

    // Many rows, so the body crosses many cursor fetches and socket writes.
    const N = 20_000;
    const [warehouse, item] = [target.warehouseId, target.itemId];
    await t.prisma.$executeRawUnsafe(
      `INSERT INTO transactions (type, warehouse_id, item_id, quantity, balance_after, sequence, company_id, created_by, created_at, notes)
       SELECT 'INBOUND', $1::uuid, $2::uuid, 1, 7 + n, 2 + n, $3::uuid, $4::uuid, '2030-01-01T00:00:00Z'::timestamptz + n * interval '1 second', 'bulk ' || n
         FROM generate_series(1, ${N}) n`,
      warehouse,
      item,
      a.companyId,
      a.userId,
    );
    const all = await csv(a, 'transactions.csv', { from: '2030-01-01T00:00:00Z', to: '2031-01-01T00:00:00Z' });
    expect(all.res.headers['content-length']).toBeUndefined();
    expect(all.res.headers['transfer-encoding']).toBe('chunked');
    expect(all.rows).toHaveLength(N);
    expect(all.rows[0]).toMatchObject({ type: 'INBOUND', quantity: '1.00', balanceAfter: '8.00', notes: 'bulk 1', warehouseId: warehouse });
    expect(all.rows[N - 1]?.notes).toBe(`bulk ${N}`);
    const some = await csv(a, 'transactions.csv', { from: '2030-01-01T00:00:10Z', to: '2030-01-01T00:00:20Z' });
    expect(some.rows.map((r) => r.notes)).toEqual(Array.from({ length: 10 }, (_, i) => `bulk ${i + 10}`));
    expect((await csv(b, 'transactions.csv')).rows).toEqual([]);
  });

  it("transactions.csv carries each movement's cost, reason and links (transfer, reservation, count, document, partner)", async () => {
    const target = await stocked(t, a, 0);
    await t
      .http()
      .post('/api/v1/transactions')
      .set(a.auth)
      .send({ type: 'INBOUND', ...target, quantity: 10, unitCost: '2.5' })
      .expect(201);
    const other = (await createWarehouse(t, a)).id;
    const transfer = await t
      .http()
      .post('/api/v1/transfers')
      .set(a.auth)
      .send({ fromWarehouseId: target.warehouseId, toWarehouseId: other, itemId: target.itemId, quantity: 4 })
      .expect(201);
    await t
      .http()
      .post('/api/v1/adjustments')
      .set(a.auth)
      .send({ ...target, quantityChange: -1, reason: 'DAMAGED' })
      .expect(201);
    const rows = (await csv(a, 'transactions.csv')).rows.filter((r) => r.itemId === target.itemId);
    expect(rows.map((r) => [r.type, r.unitCost, r.averageCostAfter, r.reason, r.transferId])).toEqual([
      ['INBOUND', '2.5000', '2.500000', '', ''],
      ['TRANSFER_OUT', '2.5000', '', '', transfer.body.id],
      ['TRANSFER_IN', '2.5000', '', '', transfer.body.id],
      ['ADJUSTMENT', '2.5000', '2.500000', 'DAMAGED', ''],
    ]);
    expect(Object.keys(rows[0] ?? {})).toEqual(
      expect.arrayContaining(['reservationId', 'stockCountId', 'documentId', 'supplierId', 'customerId']),
    );
  });

  it('a client that goes away mid-export gives its connection back', async () => {
    const pool = t.app.get(PrismaService).pool;
    const url = new URL(`${t.baseUrl}/api/v1/exports/transactions.csv`);
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(url, { headers: a.auth }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
      req.end();
    });
    // Every connection returns to the pool (awaited through the pool's own release events).
    while (pool.totalCount !== pool.idleCount) await new Promise((resolve) => pool.once('release', resolve));
    expect(pool.totalCount).toBe(pool.idleCount);
    expect((await csv(a, 'items.csv')).res.status).toBe(200);
  });

  it('refuses a bad date naming the field', async () => {
    const res = await t.http().get('/api/v1/exports/transactions.csv').set(a.auth).query({ from: 'yesterday' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toMatch(/from/);
    const inv = await t.http().get('/api/v1/exports/inventory.csv').set(a.auth).query({ asOf: '0000-01-01' });
    expect(inv.status).toBe(400);
    expect(JSON.stringify(inv.body.message)).toMatch(/asOf/);
  });
});
