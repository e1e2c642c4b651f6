import { bootApp, createMember, registerCompany, type Session, type TestApp } from '../support/app';
import { stocked } from '../support/fixtures';

describe('adjustments', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await bootApp();
    s = await registerCompany(t, 'adjust');
  });
  afterAll(() => t.close());

  const adjust = (who: Session, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t
      .http()
      .post('/api/v1/adjustments')
      .set({ ...who.auth, ...headers })
      .send(body);
  const stockOf = async (target: { warehouseId: string; itemId: string }) =>
    (await t.prisma.inventory.findUnique({ where: { warehouseId_itemId: target } }))?.quantity.toString() ?? '0';

  it('writes a signed ADJUSTMENT with its reason, both ways', async () => {
    const target = await stocked(t, s, 10);
    const down = await adjust(s, { ...target, quantityChange: '-2.5', reason: 'DAMAGED' });
    expect(down.status).toBe(201);
    expect(down.body).toMatchObject({ type: 'ADJUSTMENT', quantity: '-2.50', balanceAfter: '7.50', reason: 'DAMAGED' });
    const up = await adjust(s, { ...target, quantityChange: 1, reason: 'FOUND' });
    expect(up.body).toMatchObject({ quantity: '1.00', balanceAfter: '8.50', reason: 'FOUND' });
    expect(await stockOf(target)).toBe('8.5');
    const item = await t.http().get(`/api/v1/items/${target.itemId}`).set(s.auth).expect(200);
    expect(item.body.totalQuantity).toBe('8.50');
  });

  it('never goes below zero (or below reserved): 409 with the available quantity, nothing changes', async () => {
    const target = await stocked(t, s, 3);
    const res = await adjust(s, { ...target, quantityChange: '-3.01', reason: 'LOST' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('INSUFFICIENT_STOCK');
    expect(res.body.message).toContain('3.00 available');
    expect(await stockOf(target)).toBe('3');
    const empty = await stocked(t, s);
    expect((await adjust(s, { ...empty, quantityChange: -1, reason: 'LOST' })).status).toBe(409);
  });

  it.each([
    [{ quantityChange: 0 }, 'quantityChange'],
    [{ quantityChange: '-0.00' }, 'quantityChange'],
    [{ quantityChange: '1.001' }, 'quantityChange'],
    [{ quantityChange: '-1000000.01' }, 'quantityChange'],
    [{ reason: 'COUNT' }, 'reason'],
    [{ reason: 'THEFT' }, 'reason'],
    [{ reason: 'OTHER' }, 'notes'],
    [{ warehouseId: 'x' }, 'warehouseId'],
  ])('refuses %j with a 400 naming %s', async (patch, field) => {
    const target = await stocked(t, s, 5);
    const res = await adjust(s, { ...target, quantityChange: -1, reason: 'DAMAGED', ...patch });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect(await stockOf(target)).toBe('5');
  });

  it('accepts OTHER with notes', async () => {
    const target = await stocked(t, s, 5);
    const res = await adjust(s, { ...target, quantityChange: -1, reason: 'OTHER', notes: 'sample for the lab' });
    expect(res.status).toBe(201);
    expect(res.body.notes).toBe('sample for the lab');
  });

  it('is for ADMIN and MANAGER', async () => {
    const target = await stocked(t, s, 5);
    const manager = await createMember(t, s, 'MANAGER');
    const user = await createMember(t, s, 'USER');
    expect((await adjust(manager, { ...target, quantityChange: -1, reason: 'EXPIRED' })).status).toBe(201);
    expect((await adjust(user, { ...target, quantityChange: -1, reason: 'EXPIRED' })).status).toBe(403);
  });

  it('is idempotent', async () => {
    const target = await stocked(t, s, 5);
    const body = { ...target, quantityChange: '-1', reason: 'CORRECTION' };
    const first = await adjust(s, body, { 'Idempotency-Key': 'adj-1' });
    const again = await adjust(s, { ...body, quantityChange: '-1.00' }, { 'Idempotency-Key': 'adj-1' });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await stockOf(target)).toBe('4');
  });

  it.each(['', '   ', '\t\n'])('reason OTHER needs real notes: %j is a 400 naming notes, nothing moves', async (notes) => {
    const target = await stocked(t, s, 5);
    const res = await adjust(s, { ...target, quantityChange: -1, reason: 'OTHER', notes });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain('notes');
    expect(await stockOf(target)).toBe('5');
  });
});
