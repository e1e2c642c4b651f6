import { StockIntegrityService } from '@app/stock-integrity/stock-integrity.service';
import { bootApp, createMember, registerCompany, type Session, type TestApp } from '../support/app';
import { createItem, createWarehouse, move } from '../support/fixtures';

describe('cycle counts', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await bootApp({ DATABASE_POOL_SIZE: '10' });
    s = await registerCompany(t, 'counts');
  });
  afterAll(() => t.close());

  const http = () => t.http();
  const stockOf = async (warehouseId: string, itemId: string) =>
    (await t.prisma.inventory.findUnique({ where: { warehouseId_itemId: { warehouseId, itemId } } }))?.quantity.toString() ?? '0';
  async function site(stocks: number[]) {
    const warehouseId = (await createWarehouse(t, s)).id;
    const items: string[] = [];
    for (const q of stocks) {
      const itemId = (await createItem(t, s)).id;
      if (q > 0) await move(t, s, 'INBOUND', { warehouseId, itemId }, q).expect(201);
      items.push(itemId);
    }
    return { warehouseId, items };
  }
  const open = (warehouseId: string) => http().post('/api/v1/stock-counts').set(s.auth).send({ warehouseId, notes: 'Q3' });
  const record = (who: Session, id: string, lines: Array<{ itemId: string; countedQuantity: string | number }>) =>
    http().put(`/api/v1/stock-counts/${id}/lines`).set(who.auth).send({ lines });

  it('open, record lines from several people, post: every difference becomes a COUNT adjustment in one go', async () => {
    const { warehouseId, items } = await site([10, 5, 0]);
    const count = await open(warehouseId);
    expect(count.status).toBe(201);
    expect(count.body).toMatchObject({ status: 'OPEN', warehouseId, notes: 'Q3', lines: [] });
    const user = await createMember(t, s, 'USER');
    await record(s, count.body.id, [{ itemId: items[0], countedQuantity: 8 }]).expect(200);
    const r2 = await record(user, count.body.id, [
      { itemId: items[1], countedQuantity: '5' },
      { itemId: items[2], countedQuantity: '2.5' },
    ]);
    expect(r2.status).toBe(200);
    expect(r2.body.lines).toHaveLength(3);
    const posted = await http().post(`/api/v1/stock-counts/${count.body.id}/post`).set(s.auth).send({});
    expect(posted.status).toBe(200);
    expect(posted.body.status).toBe('POSTED');
    const byItem = Object.fromEntries(posted.body.lines.map((l: { itemId: string }) => [l.itemId, l]));
    expect(byItem[items[0]]).toMatchObject({ expectedQuantity: '10.00', countedQuantity: '8.00', variance: '-2.00' });
    expect(byItem[items[1]]).toMatchObject({ expectedQuantity: '5.00', countedQuantity: '5.00', variance: '0.00' });
    expect(byItem[items[2]]).toMatchObject({ expectedQuantity: '0.00', countedQuantity: '2.50', variance: '2.50', countedBy: user.userId });
    expect([await stockOf(warehouseId, items[0]), await stockOf(warehouseId, items[1]), await stockOf(warehouseId, items[2])]).toEqual([
      '8',
      '5',
      '2.5',
    ]);
    const rows = await t.prisma.transaction.findMany({ where: { stockCountId: count.body.id } });
    expect(rows.map((r) => [r.reason, r.quantity.toString()]).sort()).toEqual([
      ['COUNT', '-2'],
      ['COUNT', '2.5'],
    ]);
    expect((await record(s, count.body.id, [{ itemId: items[0], countedQuantity: 1 }])).status).toBe(409);
    expect((await http().post(`/api/v1/stock-counts/${count.body.id}/post`).set(s.auth).send({})).status).toBe(409);
  });

  it('movements between recording and posting are kept: only the observed difference is applied', async () => {
    const { warehouseId, items } = await site([10]);
    const count = await open(warehouseId);
    await record(s, count.body.id, [{ itemId: items[0], countedQuantity: 9 }]).expect(200); // 1 missing
    await move(t, s, 'OUTBOUND', { warehouseId, itemId: items[0] }, 4).expect(201); // shipped meanwhile
    await http().post(`/api/v1/stock-counts/${count.body.id}/post`).set(s.auth).send({}).expect(200);
    expect(await stockOf(warehouseId, items[0])).toBe('5'); // 10 − 4 shipped − 1 missing
  });

  it('a count posted while movements continue keeps the ledger consistent', async () => {
    const { warehouseId, items } = await site([100, 100, 100]);
    const count = await open(warehouseId);
    await record(
      s,
      count.body.id,
      items.map((itemId) => ({ itemId, countedQuantity: 90 })),
    ).expect(200);
    const traffic = Array.from({ length: 30 }, (_, i) =>
      move(t, s, i % 2 ? 'OUTBOUND' : 'INBOUND', { warehouseId, itemId: items[i % 3] }, 1),
    );
    const [posted, ...moves] = await Promise.all([
      http().post(`/api/v1/stock-counts/${count.body.id}/post`).set(s.auth).send({}),
      ...traffic,
    ]);
    expect(posted.status).toBe(200);
    for (const m of moves) expect(m.status).toBe(201);
    for (const [i, itemId] of items.entries()) {
      const net = Array.from({ length: 30 }, (_, k) => k)
        .filter((k) => k % 3 === i)
        .reduce((n, k) => n + (k % 2 ? -1 : 1), 0);
      expect(await stockOf(warehouseId, itemId)).toBe(String(90 + net));
    }
    const report = await t.app.get(StockIntegrityService).verify();
    expect(report.drift.filter((d) => d.companyId === s.companyId)).toEqual([]);
  });

  it('refuses to post a line that would go below available (409 naming it) and posts nothing', async () => {
    const { warehouseId, items } = await site([10, 10]);
    const count = await open(warehouseId);
    await record(s, count.body.id, [
      { itemId: items[0], countedQuantity: 12 },
      { itemId: items[1], countedQuantity: 2 },
    ]).expect(200);
    await http().post('/api/v1/reservations').set(s.auth).send({ warehouseId, itemId: items[1], quantity: 9 }).expect(201);
    const res = await http().post(`/api/v1/stock-counts/${count.body.id}/post`).set(s.auth).send({});
    expect(res.status).toBe(409);
    expect(res.body.message).toContain(items[1]);
    expect(await stockOf(warehouseId, items[0])).toBe('10');
    expect((await http().get(`/api/v1/stock-counts/${count.body.id}`).set(s.auth)).body.status).toBe('OPEN');
  });

  it('a line whose item was deleted after it was recorded blocks the post (409 naming the item) and posts nothing', async () => {
    const { warehouseId, items } = await site([10, 10]);
    const count = await open(warehouseId);
    await record(s, count.body.id, [
      { itemId: items[0], countedQuantity: 12 },
      { itemId: items[1], countedQuantity: 7 },
    ]).expect(200);
    await http().delete(`/api/v1/items/${items[1]}`).set(s.auth).expect(204);
    const res = await http().post(`/api/v1/stock-counts/${count.body.id}/post`).set(s.auth).send({});
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ITEM_DELETED');
    expect(res.body.message).toContain(items[1]);
    expect(await stockOf(warehouseId, items[0])).toBe('10');
    expect(await t.prisma.transaction.count({ where: { stockCountId: count.body.id } })).toBe(0);
    expect((await http().get(`/api/v1/stock-counts/${count.body.id}`).set(s.auth)).body.status).toBe('OPEN');
    // The count can still be cancelled and done again without the item.
    await http().post(`/api/v1/stock-counts/${count.body.id}/cancel`).set(s.auth).send({}).expect(200);
  });

  it('cancel, list, get, roles and bad input', async () => {
    const { warehouseId, items } = await site([1]);
    const count = await open(warehouseId);
    const cancelled = await http().post(`/api/v1/stock-counts/${count.body.id}/cancel`).set(s.auth).send({});
    expect(cancelled.body.status).toBe('CANCELLED');
    const list = await http().get('/api/v1/stock-counts').query({ warehouseId, status: 'CANCELLED' }).set(s.auth).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([count.body.id]);
    const user = await createMember(t, s, 'USER');
    expect((await http().post('/api/v1/stock-counts').set(user.auth).send({ warehouseId })).status).toBe(403);
    const c2 = await open(warehouseId);
    expect((await http().post(`/api/v1/stock-counts/${c2.body.id}/post`).set(user.auth).send({})).status).toBe(403);
    for (const [lines, field] of [
      [[{ itemId: items[0], countedQuantity: -1 }], 'countedQuantity'],
      // beyond what a ledger row can post (numeric(12,2)): refused when recorded, not when posted
      [[{ itemId: items[0], countedQuantity: '99999999999' }], 'countedQuantity'],
      [[{ itemId: 'x', countedQuantity: 1 }], 'itemId'],
      [[], 'lines'],
      [
        [
          { itemId: items[0], countedQuantity: 1 },
          { itemId: items[0], countedQuantity: 2 },
        ],
        'itemId',
      ],
    ] as const) {
      const res = await record(s, c2.body.id, lines as unknown as Array<{ itemId: string; countedQuantity: number }>);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(JSON.stringify(res.body.message)).toContain(field);
    }
    expect((await record(s, c2.body.id, [{ itemId: '00000000-0000-4000-8000-000000000000', countedQuantity: 1 }])).status).toBe(404);
    expect(
      (await http().post('/api/v1/stock-counts').set(s.auth).send({ warehouseId: '00000000-0000-4000-8000-000000000000' })).status,
    ).toBe(404);
  });

  it('posting is idempotent', async () => {
    const { warehouseId, items } = await site([4]);
    const count = await open(warehouseId);
    await record(s, count.body.id, [{ itemId: items[0], countedQuantity: 3 }]).expect(200);
    const key = { 'Idempotency-Key': `count-${count.body.id}` };
    const first = await http()
      .post(`/api/v1/stock-counts/${count.body.id}/post`)
      .set({ ...s.auth, ...key })
      .send({});
    const again = await http()
      .post(`/api/v1/stock-counts/${count.body.id}/post`)
      .set({ ...s.auth, ...key })
      .send({});
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await stockOf(warehouseId, items[0])).toBe('3');
  });
});
