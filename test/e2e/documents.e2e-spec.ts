import { bootApp, createMember, registerCompany, type Session, type TestApp } from '../support/app';
import { createItem, createWarehouse, move, stocked, type Stocked } from '../support/fixtures';
import { verifyCompany } from '../support/stock-verify';

interface Line {
  itemId: string;
  warehouseId: string;
  quantity: string | number;
  unitCost?: string | null;
}

describe('partners and documents (receipts, shipments)', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await bootApp({ DATABASE_POOL_SIZE: '12' });
    s = await registerCompany(t, 'docs');
  });
  afterAll(() => t.close());

  const http = () => t.http();
  const supplier = async (who = s, name = 'Acme Supplies') =>
    (await http().post('/api/v1/suppliers').set(who.auth).send({ name, email: 'Orders@Acme.test', taxId: 'KR-1' }).expect(201)).body
      .id as string;
  const customer = async (who = s, name = 'Best Customer') =>
    (await http().post('/api/v1/customers').set(who.auth).send({ name }).expect(201)).body.id as string;
  const draftReceipt = (supplierId: string, lines: Line[], who = s) =>
    http().post('/api/v1/receipts').set(who.auth).send({ supplierId, reference: 'PO-1', lines });
  const draftShipment = (customerId: string, lines: Line[], who = s) =>
    http().post('/api/v1/shipments').set(who.auth).send({ customerId, reference: 'SO-1', lines });
  const act = (path: string, who = s, headers: Record<string, string> = {}) =>
    http()
      .post(path)
      .set({ ...who.auth, ...headers })
      .send({});
  const stockOf = async (target: Stocked) => {
    const row = await t.prisma.inventory.findUnique({ where: { warehouseId_itemId: target } });
    return { quantity: row?.quantity.toFixed(2) ?? '0.00', reserved: row?.reserved.toFixed(2) ?? '0.00' };
  };
  const documentMovements = (documentId: string) => t.prisma.transaction.findMany({ where: { documentId }, orderBy: { sequence: 'asc' } });
  const verify = () => verifyCompany(t, s.companyId);

  describe('suppliers and customers', () => {
    it('CRUD with search and soft delete; roles like items', async () => {
      const id = await supplier(s, 'Zeta Metals');
      const got = await http().get(`/api/v1/suppliers/${id}`).set(s.auth).expect(200);
      expect(got.body).toMatchObject({ id, name: 'Zeta Metals', email: 'orders@acme.test', taxId: 'KR-1', phone: null });
      const patched = await http().patch(`/api/v1/suppliers/${id}`).set(s.auth).send({ phone: '+82 2 555', taxId: null }).expect(200);
      expect(patched.body).toMatchObject({ phone: '+82 2 555', taxId: null, name: 'Zeta Metals' });
      const found = await http().get('/api/v1/suppliers').set(s.auth).query({ search: 'zeta' }).expect(200);
      expect(found.body.items.map((x: { id: string }) => x.id)).toEqual([id]);
      const user = await createMember(t, s, 'USER');
      await http().get(`/api/v1/suppliers/${id}`).set(user.auth).expect(200);
      expect((await http().post('/api/v1/customers').set(user.auth).send({ name: 'X' })).status).toBe(403);
      expect((await http().patch(`/api/v1/suppliers/${id}`).set(s.auth).send({ name: null })).status).toBe(400);
      await http().delete(`/api/v1/suppliers/${id}`).set(s.auth).expect(204);
      await http().get(`/api/v1/suppliers/${id}`).set(s.auth).expect(404);
      expect((await http().get('/api/v1/suppliers').set(s.auth).query({ search: 'zeta' })).body.total).toBe(0);
      await http().delete(`/api/v1/suppliers/${id}`).set(s.auth).expect(404);
    });

    it('a deleted partner keeps its history and gets no new document or posting', async () => {
      const target = await stocked(t, s);
      const sid = await supplier();
      const posted = (await draftReceipt(sid, [{ ...target, quantity: 5 }]).expect(201)).body.id as string;
      await act(`/api/v1/receipts/${posted}/post`).expect(200);
      const draft = (await draftReceipt(sid, [{ ...target, quantity: 5 }]).expect(201)).body.id as string;
      await http().delete(`/api/v1/suppliers/${sid}`).set(s.auth).expect(204);

      const refused = await draftReceipt(sid, [{ ...target, quantity: 1 }]);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('PARTNER_DELETED');
      expect((await act(`/api/v1/receipts/${draft}/post`)).body.code).toBe('PARTNER_DELETED');
      await act(`/api/v1/receipts/${draft}/cancel`).expect(200);
      // History stays: the posted receipt, its movements, and the filters.
      expect((await http().get(`/api/v1/receipts/${posted}`).set(s.auth).expect(200)).body.supplierId).toBe(sid);
      const history = await http().get('/api/v1/transactions').set(s.auth).query({ supplierId: sid }).expect(200);
      expect(history.body.items).toHaveLength(1);
      expect(history.body.items[0]).toMatchObject({ supplierId: sid, documentId: posted, type: 'INBOUND', quantity: '5.00' });
      expect((await http().get('/api/v1/receipts').set(s.auth).query({ supplierId: sid })).body.total).toBe(2);
    });

    it('audits suppliers, customers and documents through the database trigger', async () => {
      const cid = await customer(s, 'Audited Co');
      await http().patch(`/api/v1/customers/${cid}`).set(s.auth).send({ notes: 'VIP' }).expect(200);
      const events = await http().get('/api/v1/audit-events').set(s.auth).query({ entityType: 'customer', entityId: cid }).expect(200);
      expect(events.body.items.map((e: { action: string }) => e.action).sort()).toEqual(['CREATE', 'UPDATE']);
    });
  });

  describe('receipts', () => {
    it('posts every line as an INBOUND movement with the same average cost as single movements in that order', async () => {
      const sid = await supplier();
      const w1 = (await createWarehouse(t, s)).id;
      const w2 = (await createWarehouse(t, s)).id;
      const itemA = (await createItem(t, s)).id;
      const itemB = (await createItem(t, s)).id;
      // Earlier stock of A at 2.00, so the receipt's average builds on it.
      await http()
        .post('/api/v1/transactions')
        .set(s.auth)
        .send({ type: 'INBOUND', warehouseId: w1, itemId: itemA, quantity: 10, unitCost: '2' })
        .expect(201);
      const lines: Line[] = [
        { itemId: itemA, warehouseId: w1, quantity: '5', unitCost: '3.3333' },
        { itemId: itemB, warehouseId: w1, quantity: 7 },
        { itemId: itemA, warehouseId: w2, quantity: '2.5', unitCost: '1' },
        { itemId: itemA, warehouseId: w1, quantity: 1 },
        { itemId: itemA, warehouseId: w1, quantity: '4', unitCost: '7.1' },
      ];
      const created = await draftReceipt(sid, lines);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ status: 'DRAFT', supplierId: sid, reference: 'PO-1', lineCount: 5, totalQuantity: '19.50' });
      expect(created.body.lines[4]).toMatchObject({ lineNo: 4, quantity: '4.00', unitCost: '7.1000' });
      expect(await documentMovements(created.body.id)).toEqual([]);

      const posted = await act(`/api/v1/receipts/${created.body.id}/post`);
      expect(posted.status).toBe(200);
      expect(posted.body).toMatchObject({ status: 'POSTED', lineCount: 5 });
      expect(posted.body.postedAt).toEqual(expect.any(String));

      // The same lines as single INBOUND movements, in line order, on a twin item: same average and balances.
      const twinA = (await createItem(t, s)).id;
      await http()
        .post('/api/v1/transactions')
        .set(s.auth)
        .send({ type: 'INBOUND', warehouseId: w1, itemId: twinA, quantity: 10, unitCost: '2' })
        .expect(201);
      for (const l of lines.filter((x) => x.itemId === itemA)) {
        await http()
          .post('/api/v1/transactions')
          .set(s.auth)
          .send({ type: 'INBOUND', warehouseId: l.warehouseId, itemId: twinA, quantity: l.quantity, unitCost: l.unitCost ?? undefined })
          .expect(201);
      }
      const [a, twin] = await Promise.all([
        t.prisma.itemStock.findUnique({ where: { itemId: itemA } }),
        t.prisma.itemStock.findUnique({ where: { itemId: twinA } }),
      ]);
      expect(a?.averageCost.toString()).toBe(twin?.averageCost.toString());
      expect(a?.quantity.toFixed(2)).toBe('22.50');
      const moved = await t.prisma.transaction.findMany({ where: { documentId: created.body.id }, orderBy: [{ itemSequence: 'asc' }] });
      expect(moved).toHaveLength(5);
      expect(moved.every((m) => m.type === 'INBOUND' && m.supplierId === sid && m.notes === 'PO-1')).toBe(true);
      const twinRows = await t.prisma.transaction.findMany({ where: { itemId: twinA }, orderBy: { itemSequence: 'asc' } });
      expect(moved.filter((m) => m.itemId === itemA).map((m) => [m.balanceAfter.toString(), m.averageCostAfter?.toString()])).toEqual(
        twinRows.slice(1).map((m) => [m.balanceAfter.toString(), m.averageCostAfter?.toString()]),
      );
      expect(await stockOf({ warehouseId: w1, itemId: itemA })).toEqual({ quantity: '20.00', reserved: '0.00' });
      expect(await stockOf({ warehouseId: w2, itemId: itemA })).toEqual({ quantity: '2.50', reserved: '0.00' });
      expect(await stockOf({ warehouseId: w1, itemId: itemB })).toEqual({ quantity: '7.00', reserved: '0.00' });

      const byDoc = await http().get('/api/v1/transactions').set(s.auth).query({ documentId: created.body.id, limit: 100 }).expect(200);
      expect(byDoc.body.items).toHaveLength(5);
      expect(await verify()).toEqual({ drift: [], problems: [] });
    });

    it('edits a DRAFT, cancels only a DRAFT, and names the line and field of bad input', async () => {
      const sid = await supplier();
      const target = await stocked(t, s);
      const draft = (await draftReceipt(sid, [{ ...target, quantity: 1 }]).expect(201)).body.id as string;
      const edited = await http()
        .patch(`/api/v1/receipts/${draft}`)
        .set(s.auth)
        .send({
          reference: null,
          lines: [
            { ...target, quantity: 2 },
            { ...target, quantity: 3, unitCost: 4 },
          ],
        });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ reference: null, lineCount: 2, totalQuantity: '5.00' });

      const bad = await http()
        .patch(`/api/v1/receipts/${draft}`)
        .set(s.auth)
        .send({
          lines: [
            { ...target, quantity: 1 },
            { ...target, quantity: 1 },
            { ...target, quantity: 1 },
            { ...target, quantity: '-2' },
          ],
        });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual(['lines[3].quantity must be a positive number with at most 2 decimal places and 7 integer digits']);
      const badId = await draftReceipt(sid, [
        { ...target, quantity: 1 },
        { itemId: 'nope', warehouseId: target.warehouseId, quantity: 1 },
      ]);
      expect(badId.status).toBe(400);
      expect(badId.body.message).toEqual(['lines[1].itemId must be a UUID']);
      const tooMany = await draftReceipt(
        sid,
        Array.from({ length: 501 }, () => ({ ...target, quantity: 1 })),
      );
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.message).toEqual(['lines must contain no more than 500 elements']);
      const unknownItem = await draftReceipt(sid, [
        { ...target, quantity: 1 },
        { ...target, itemId: '00000000-0000-4000-8000-000000000000', quantity: 1 },
      ]);
      expect(unknownItem.status).toBe(404);
      expect(unknownItem.body.message).toBe('lines[1].itemId: Item not found');
      const gone = (await createItem(t, s)).id;
      await http().delete(`/api/v1/items/${gone}`).set(s.auth).expect(204);
      const deleted = await draftReceipt(sid, [
        { ...target, quantity: 1 },
        { ...target, quantity: 1 },
        { ...target, itemId: gone, quantity: 1 },
      ]);
      expect(deleted.status).toBe(409);
      expect(deleted.body).toMatchObject({ code: 'ITEM_DELETED' });
      expect(deleted.body.message).toMatch(/lines\[2\]\.itemId/);

      expect((await act(`/api/v1/receipts/${draft}/cancel`)).body.status).toBe('CANCELLED');
      expect((await act(`/api/v1/receipts/${draft}/cancel`)).body.code).toBe('DOCUMENT_STATUS_CONFLICT');
      expect((await act(`/api/v1/receipts/${draft}/post`)).body.code).toBe('DOCUMENT_STATUS_CONFLICT');
      const edit = await http().patch(`/api/v1/receipts/${draft}`).set(s.auth).send({ notes: 'x' });
      expect(edit.body.code).toBe('DOCUMENT_STATUS_CONFLICT');
      expect(await documentMovements(draft)).toEqual([]);
      // A shipment's id is not a receipt.
      const cid = await customer();
      const ship = (await draftShipment(cid, [{ ...target, quantity: 1 }]).expect(201)).body.id as string;
      await http().get(`/api/v1/receipts/${ship}`).set(s.auth).expect(404);
      expect((await act(`/api/v1/receipts/${ship}/post`)).status).toBe(404);
    });

    it('emits document.posted through the outbox in the posting transaction', async () => {
      const hook = await http()
        .post('/api/v1/webhooks')
        .set(s.auth)
        .send({ url: 'https://93.184.216.34/hook', events: ['document.posted'] })
        .expect(201);
      const sid = await supplier();
      const target = await stocked(t, s);
      const id = (
        await draftReceipt(sid, [
          { ...target, quantity: 2 },
          { ...target, quantity: 3 },
        ]).expect(201)
      ).body.id as string;
      await act(`/api/v1/receipts/${id}/post`).expect(200);
      const events = await t.prisma.webhookEvent.findMany({ where: { companyId: s.companyId, type: 'document.posted' } });
      expect(events.map((e) => e.payload)).toContainEqual(
        expect.objectContaining({ id, kind: 'RECEIPT', status: 'POSTED', supplierId: sid, reference: 'PO-1', lineCount: 2 }),
      );
      await http().delete(`/api/v1/webhooks/${hook.body.id}`).set(s.auth).expect(204);
    });

    it('posting twice is 409 ALREADY_POSTED; an Idempotency-Key replay returns the first answer', async () => {
      const sid = await supplier();
      const target = await stocked(t, s);
      const id = (await draftReceipt(sid, [{ ...target, quantity: 3 }]).expect(201)).body.id as string;
      const first = await act(`/api/v1/receipts/${id}/post`, s, { 'Idempotency-Key': `post-${id}` });
      expect(first.status).toBe(200);
      const replay = await act(`/api/v1/receipts/${id}/post`, s, { 'Idempotency-Key': `post-${id}` });
      expect(replay.status).toBe(200);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
      const again = await act(`/api/v1/receipts/${id}/post`);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('ALREADY_POSTED');
      expect(await documentMovements(id)).toHaveLength(1);
      expect(await stockOf(target)).toEqual({ quantity: '3.00', reserved: '0.00' });
    });

    it('two parallel posts of one document give one posting', async () => {
      const sid = await supplier();
      const target = await stocked(t, s);
      const lines = Array.from({ length: 20 }, () => ({ ...target, quantity: 1 }));
      for (let round = 0; round < 3; round++) {
        const id = (await draftReceipt(sid, lines).expect(201)).body.id as string;
        const answers = await Promise.all([act(`/api/v1/receipts/${id}/post`), act(`/api/v1/receipts/${id}/post`)]);
        expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
        expect(answers.find((a) => a.status === 409)?.body.code).toBe('ALREADY_POSTED');
        expect(await documentMovements(id)).toHaveLength(20);
      }
      expect(await stockOf(target)).toEqual({ quantity: '60.00', reserved: '0.00' });
    });

    it('a receipt of many lines posted while other movements run on the same rows: every line in the ledger or none', async () => {
      const sid = await supplier();
      const warehouseId = (await createWarehouse(t, s)).id;
      const targets: Stocked[] = [];
      for (let i = 0; i < 5; i++) {
        const target = { warehouseId, itemId: (await createItem(t, s)).id };
        await move(t, s, 'INBOUND', target, 100).expect(201);
        targets.push(target);
      }
      const lines = Array.from({ length: 60 }, (_, i) => ({ ...targets[i % 5], quantity: 1, unitCost: String(1 + (i % 3)) }));
      const good = (await draftReceipt(sid, lines).expect(201)).body.id as string;
      // The second receipt's last line names a warehouse deleted after drafting: it must post nothing at all.
      const doomedWarehouse = (await createWarehouse(t, s)).id;
      const bad = (
        await draftReceipt(sid, [...lines.slice(0, 30), { ...targets[0], warehouseId: doomedWarehouse, quantity: 1 }]).expect(201)
      ).body.id as string;
      await http().delete(`/api/v1/warehouses/${doomedWarehouse}`).set(s.auth).expect(204);

      const noise = Array.from({ length: 40 }, (_, i) => move(t, s, i % 2 ? 'INBOUND' : 'OUTBOUND', targets[i % 5], 1));
      const [goodPost, badPost, ...others] = await Promise.all([
        act(`/api/v1/receipts/${good}/post`),
        act(`/api/v1/receipts/${bad}/post`),
        ...noise,
      ]);
      expect(goodPost.status).toBe(200);
      expect(badPost.status).toBe(409);
      expect(badPost.body.message).toMatch(/lines\[30\]\.warehouseId/);
      expect(others.every((r) => r.status === 201)).toBe(true);
      expect(await documentMovements(good)).toHaveLength(60);
      expect(await documentMovements(bad)).toHaveLength(0);
      // 100 in + 12 lines of the receipt + 4 noise in − 4 noise out per row.
      for (const target of targets) expect((await stockOf(target)).quantity).toBe('112.00');
      expect(await verify()).toEqual({ drift: [], problems: [] });
    });

    it('500 lines post in one transaction', async () => {
      const sid = await supplier();
      const warehouseId = (await createWarehouse(t, s)).id;
      const items: string[] = [];
      for (let i = 0; i < 25; i++) items.push((await createItem(t, s)).id);
      const lines = Array.from({ length: 500 }, (_, i) => ({
        warehouseId,
        itemId: items[i % 25],
        quantity: '2',
        unitCost: '1.25',
      }));
      const id = (await draftReceipt(sid, lines).expect(201)).body.id as string;
      const posted = await act(`/api/v1/receipts/${id}/post`);
      expect(posted.status).toBe(200);
      expect(posted.body.lines).toHaveLength(500);
      const moved = await documentMovements(id);
      expect(moved).toHaveLength(500);
      expect(new Set(moved.map((m) => m.createdAt.toISOString())).size).toBeLessThanOrEqual(25);
      expect((await stockOf({ warehouseId, itemId: items[0] })).quantity).toBe('40.00');
      expect(await verify()).toEqual({ drift: [], problems: [] });
    });
  });

  describe('shipments', () => {
    it('draft → confirm reserves every line → post ships from the reservations → POSTED', async () => {
      const cid = await customer();
      const a = await stocked(t, s, 10);
      const b = await stocked(t, s, 5);
      const draft = await draftShipment(cid, [
        { ...a, quantity: 4 },
        { ...b, quantity: 5 },
        { ...a, quantity: '1.5' },
      ]);
      expect(draft.status).toBe(201);
      expect(draft.body).toMatchObject({ status: 'DRAFT', customerId: cid, confirmedAt: null });
      const confirmed = await act(`/api/v1/shipments/${draft.body.id}/confirm`);
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.status).toBe('CONFIRMED');
      const reservationIds = confirmed.body.lines.map((l: { reservationId: string }) => l.reservationId);
      expect(reservationIds.every((r: string | null) => typeof r === 'string')).toBe(true);
      expect(await stockOf(a)).toEqual({ quantity: '10.00', reserved: '5.50' });
      expect(await stockOf(b)).toEqual({ quantity: '5.00', reserved: '5.00' });
      // Reserved stock is not available to anyone else.
      expect((await move(t, s, 'OUTBOUND', b, 1)).status).toBe(409);
      expect((await http().patch(`/api/v1/shipments/${draft.body.id}`).set(s.auth).send({ notes: 'late' })).body.code).toBe(
        'DOCUMENT_STATUS_CONFLICT',
      );

      const posted = await act(`/api/v1/shipments/${draft.body.id}/post`);
      expect(posted.status).toBe(200);
      expect(posted.body.status).toBe('POSTED');
      expect(await stockOf(a)).toEqual({ quantity: '4.50', reserved: '0.00' });
      expect(await stockOf(b)).toEqual({ quantity: '0.00', reserved: '0.00' });
      const moved = await documentMovements(draft.body.id);
      expect(moved).toHaveLength(3);
      expect(moved.every((m) => m.type === 'OUTBOUND' && m.customerId === cid && reservationIds.includes(m.reservationId))).toBe(true);
      const reservations = await t.prisma.reservation.findMany({ where: { id: { in: reservationIds } } });
      expect(reservations.map((r) => r.status)).toEqual(['FULFILLED', 'FULFILLED', 'FULFILLED']);
      const history = await http().get('/api/v1/transactions').set(s.auth).query({ customerId: cid }).expect(200);
      expect(history.body.items).toHaveLength(3);
      expect((await act(`/api/v1/shipments/${draft.body.id}/post`)).body.code).toBe('ALREADY_POSTED');
      expect((await act(`/api/v1/shipments/${draft.body.id}/cancel`)).body.code).toBe('DOCUMENT_STATUS_CONFLICT');
      expect(await verify()).toEqual({ drift: [], problems: [] });
    });

    it('a shipment whose one line is short fails whole, lists the short line with its available quantity, and reserves nothing', async () => {
      const cid = await customer();
      const a = await stocked(t, s, 10);
      const b = await stocked(t, s, 3);
      const id = (
        await draftShipment(cid, [
          { ...a, quantity: 2 },
          { ...a, quantity: 3 },
          { ...b, quantity: 4 },
        ]).expect(201)
      ).body.id as string;
      const refused = await act(`/api/v1/shipments/${id}/confirm`);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('INSUFFICIENT_STOCK');
      expect(refused.body.message).toEqual([
        'Insufficient stock on 1 line(s); nothing was reserved',
        `lines[2] (item ${b.itemId}, warehouse ${b.warehouseId}): 4.00 requested, 3.00 available`,
      ]);
      expect(await stockOf(a)).toEqual({ quantity: '10.00', reserved: '0.00' });
      expect(await stockOf(b)).toEqual({ quantity: '3.00', reserved: '0.00' });
      expect(
        await t.prisma.reservation.count({ where: { companyId: s.companyId, reference: 'SO-1', itemId: { in: [a.itemId, b.itemId] } } }),
      ).toBe(0);
      expect((await http().get(`/api/v1/shipments/${id}`).set(s.auth)).body.status).toBe('DRAFT');
      // Posting an unconfirmed shipment is refused too.
      expect((await act(`/api/v1/shipments/${id}/post`)).body.code).toBe('DOCUMENT_STATUS_CONFLICT');
      // Fix the line, then it confirms; cancel gives the stock back.
      await http()
        .patch(`/api/v1/shipments/${id}`)
        .set(s.auth)
        .send({
          lines: [
            { ...a, quantity: 2 },
            { ...b, quantity: 3 },
          ],
        })
        .expect(200);
      await act(`/api/v1/shipments/${id}/confirm`).expect(200);
      expect(await stockOf(b)).toEqual({ quantity: '3.00', reserved: '3.00' });
      const cancelled = await act(`/api/v1/shipments/${id}/cancel`);
      expect(cancelled.body.status).toBe('CANCELLED');
      expect(await stockOf(a)).toEqual({ quantity: '10.00', reserved: '0.00' });
      expect(await stockOf(b)).toEqual({ quantity: '3.00', reserved: '0.00' });
      expect(await documentMovements(id)).toEqual([]);
      expect(await verify()).toEqual({ drift: [], problems: [] });
    });

    it('shipments and a receipt of many lines confirmed and posted while other movements run on the same rows: all or nothing each', async () => {
      const cid = await customer();
      const warehouseId = (await createWarehouse(t, s)).id;
      const targets: Stocked[] = [];
      for (let i = 0; i < 4; i++) {
        const itemId = (await createItem(t, s)).id;
        targets.push({ warehouseId, itemId });
        await move(t, s, 'INBOUND', { warehouseId, itemId }, 30).expect(201);
      }
      // Three shipments of 40 lines × 1 (10 per row) against 30 per row, while outbound movements compete.
      const ids: string[] = [];
      for (let k = 0; k < 3; k++) {
        const lines = Array.from({ length: 40 }, (_, i) => ({ ...targets[i % 4], quantity: 1 }));
        ids.push((await draftShipment(cid, lines).expect(201)).body.id as string);
      }
      const noise = Array.from({ length: 20 }, (_, i) => move(t, s, 'OUTBOUND', targets[i % 4], 1));
      const results = await Promise.all([...ids.map((id) => act(`/api/v1/shipments/${id}/confirm`)), ...noise]);
      const confirmed = ids.filter((_, i) => results[i]?.status === 200);
      expect(results.slice(0, 3).every((r) => r.status === 200 || r.body.code === 'INSUFFICIENT_STOCK')).toBe(true);
      const outcomes = results.slice(3);
      expect(outcomes.every((r) => r.status === 201 || r.body.code === 'INSUFFICIENT_STOCK')).toBe(true);
      const outs = outcomes.filter((r) => r.status === 201).length;
      for (const [k, target] of targets.entries()) {
        const shipped = outcomes.filter((r, i) => i % 4 === k && r.status === 201).length;
        expect(await stockOf(target)).toEqual({ quantity: (30 - shipped).toFixed(2), reserved: (confirmed.length * 10).toFixed(2) });
      }
      // A receipt of 40 lines on the same rows is posted at the same time as the shipments and more movements.
      const sid = await supplier();
      const receiptLines = Array.from({ length: 40 }, (_, i) => ({ ...(targets[i % 4]), quantity: 1 }));
      const receipt = (await draftReceipt(sid, receiptLines).expect(201)).body.id as string;
      const posts = await Promise.all([
        ...confirmed.map((id) => act(`/api/v1/shipments/${id}/post`)),
        act(`/api/v1/receipts/${receipt}/post`),
        ...Array.from({ length: 8 }, (_, i) => move(t, s, 'INBOUND', targets[i % 4], 1)),
      ]);
      expect(posts.every((r) => r.status === 200 || r.status === 201)).toBe(true);
      for (const id of ids) expect(await documentMovements(id)).toHaveLength(confirmed.includes(id) ? 40 : 0);
      expect(await documentMovements(receipt)).toHaveLength(40);
      const total = (await Promise.all(targets.map(stockOf))).reduce((sum, r) => sum + Number(r.quantity), 0);
      expect(total).toBe(120 - outs - confirmed.length * 40 + 40 + 8);
      expect(await verify()).toEqual({ drift: [], problems: [] });
    });

    it('two parallel posts give one posting; a released reservation blocks the post, naming the line', async () => {
      const cid = await customer();
      const target = await stocked(t, s, 20);
      const id = (
        await draftShipment(
          cid,
          Array.from({ length: 10 }, () => ({ ...target, quantity: 1 })),
        ).expect(201)
      ).body.id as string;
      await act(`/api/v1/shipments/${id}/confirm`).expect(200);
      const answers = await Promise.all([act(`/api/v1/shipments/${id}/post`), act(`/api/v1/shipments/${id}/post`)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(await documentMovements(id)).toHaveLength(10);
      expect(await stockOf(target)).toEqual({ quantity: '10.00', reserved: '0.00' });

      const other = (
        await draftShipment(cid, [
          { ...target, quantity: 1 },
          { ...target, quantity: 2 },
        ]).expect(201)
      ).body.id as string;
      const held = await act(`/api/v1/shipments/${other}/confirm`).expect(200);
      await act(`/api/v1/reservations/${held.body.lines[1].reservationId}/release`).expect(200);
      const blocked = await act(`/api/v1/shipments/${other}/post`);
      expect(blocked.status).toBe(409);
      expect(blocked.body.code).toBe('RESERVATION_NOT_ACTIVE');
      expect(blocked.body.message).toMatch(/lines\[1\]: reservation .* is RELEASED/);
      expect(await documentMovements(other)).toEqual([]);
      await act(`/api/v1/shipments/${other}/cancel`).expect(200);
      expect(await stockOf(target)).toEqual({ quantity: '10.00', reserved: '0.00' });
      expect(await verify()).toEqual({ drift: [], problems: [] });
    });

    it('stock:verify names a document whose movements do not match its lines', async () => {
      const cid = await customer();
      const target = await stocked(t, s, 5);
      const id = (await draftShipment(cid, [{ ...target, quantity: 1 }]).expect(201)).body.id as string;
      await act(`/api/v1/shipments/${id}/confirm`).expect(200);
      await act(`/api/v1/shipments/${id}/post`).expect(200);
      expect(await verify()).toEqual({ drift: [], problems: [] });
      const extra = await t.prisma.documentLine.create({
        data: { companyId: s.companyId, documentId: id, lineNo: 1, itemId: target.itemId, warehouseId: target.warehouseId, quantity: '1' },
      });
      const found = await verify();
      expect(found.problems.map((p) => [p.kind, p.ref.startsWith(id)])).toEqual([['DOCUMENT_MISMATCH', true]]);
      await t.prisma.documentLine.delete({ where: { id: extra.id } });
      expect(await verify()).toEqual({ drift: [], problems: [] });
    });
  });
});
