import { Client } from 'pg';
import { EXPIRE_BATCH } from '@app/reservations/reservations.sql';
import { ReservationExpiryService } from '@app/reservations/reservation-expiry.service';
import { StockIntegrityService } from '@app/stock-integrity/stock-integrity.service';
import { adminUrlFor, bootApp, e2eDatabaseUrl, registerCompany, type Session, type TestApp } from '../support/app';
import { createWarehouse, move, stocked, type Stocked } from '../support/fixtures';

describe('reservations', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await bootApp({ DATABASE_POOL_SIZE: '10' });
    s = await registerCompany(t, 'reserve');
  });
  afterAll(() => t.close());

  const reserve = (target: Stocked, quantity: string | number, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    t
      .http()
      .post('/api/v1/reservations')
      .set({ ...s.auth, ...headers })
      .send({ ...target, quantity, ...extra });
  const row = async (target: Stocked) => {
    const res = await t.http().get('/api/v1/inventory').query(target).set(s.auth).expect(200);
    return res.body.items[0] as { quantity: string; reserved: string; available: string };
  };
  /** Moves a reservation's expiry into the past, as if time had passed. */
  const expire = (id: string) => t.prisma.reservation.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });

  it('50 parallel reservations of 3 on 100: exactly 33 succeed, 17 get 409, reserved 99', async () => {
    const target = await stocked(t, s, 100);
    const results = await Promise.all(Array.from({ length: 50 }, () => reserve(target, 3)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(33);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(17);
    for (const r of refused) expect(r.body.code).toBe('INSUFFICIENT_STOCK');
    expect(await row(target)).toMatchObject({ quantity: '100.00', reserved: '99.00', available: '1.00' });
    const report = await t.app.get(StockIntegrityService).verify();
    expect(report.drift.filter((d) => d.companyId === s.companyId)).toEqual([]);
  });

  it('OUTBOUND, transfers and decreases check available, not on hand', async () => {
    const target = await stocked(t, s, 10);
    const r = await reserve(target, 8, { reference: 'SO-1' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'ACTIVE', quantity: '8.00', reference: 'SO-1', createdBy: s.userId });
    const out = await move(t, s, 'OUTBOUND', target, 3);
    expect(out.status).toBe(409);
    expect(out.body.message).toContain('2.00 available');
    const other = (await createWarehouse(t, s)).id;
    const tr = await t
      .http()
      .post('/api/v1/transfers')
      .set(s.auth)
      .send({ fromWarehouseId: target.warehouseId, toWarehouseId: other, itemId: target.itemId, quantity: 3 });
    expect(tr.status).toBe(409);
    const adj = await t
      .http()
      .post('/api/v1/adjustments')
      .set(s.auth)
      .send({ ...target, quantityChange: -3, reason: 'LOST' });
    expect(adj.status).toBe(409);
    expect((await move(t, s, 'OUTBOUND', target, 2)).status).toBe(201);
  });

  it('an expired reservation stops counting at once, before the job runs', async () => {
    const target = await stocked(t, s, 10);
    const r = await reserve(target, 10);
    expect((await reserve(target, 1)).status).toBe(409);
    await expire(r.body.id);
    // The check sees the expiry immediately: the row's overdue reservations are expired, then it retries.
    expect((await move(t, s, 'OUTBOUND', target, 4)).status).toBe(201);
    expect((await reserve(target, 6)).status).toBe(201);
    const got = await t.http().get(`/api/v1/reservations/${r.body.id}`).set(s.auth).expect(200);
    expect(got.body.status).toBe('EXPIRED');
    expect(await row(target)).toMatchObject({ quantity: '6.00', reserved: '6.00', available: '0.00' });
  });

  it('the expiry job marks overdue reservations EXPIRED in batches and frees their stock', async () => {
    const target = await stocked(t, s, 20);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await reserve(target, 2)).body.id);
    const keep = (await reserve(target, 1)).body.id;
    for (const id of ids) await expire(id);
    const report = await t.app.get(ReservationExpiryService).expireOverdue(2);
    expect(report.ran).toBe(true);
    expect(report.expired).toBeGreaterThanOrEqual(5);
    const rows = await t.prisma.reservation.findMany({ where: { id: { in: [...ids, keep] } } });
    expect(rows.filter((x) => x.status === 'EXPIRED')).toHaveLength(5);
    expect(rows.find((x) => x.id === keep)?.status).toBe('ACTIVE');
    expect(await row(target)).toMatchObject({ reserved: '1.00', available: '19.00' });
  });

  it('an expiry batch takes at most its size, whatever join the planner picks', async () => {
    const target = await stocked(t, s, 20);
    for (let i = 0; i < 4; i++) await expire((await reserve(target, 1)).body.id);
    // With a nested loop, a LIMIT … SKIP LOCKED sub-select run once per row would take more than the batch.
    const db = new Client({ connectionString: adminUrlFor(e2eDatabaseUrl()) });
    await db.connect();
    try {
      await db.query('BEGIN');
      await db.query('SET LOCAL enable_hashjoin = off');
      await db.query('SET LOCAL enable_mergejoin = off');
      expect((await db.query(EXPIRE_BATCH, [s.companyId, 2])).rows).toHaveLength(2);
    } finally {
      await db.query('ROLLBACK');
      await db.end();
    }
  });

  it('fulfil ships from the reserved stock (OUTBOUND with reservationId); the remainder is released', async () => {
    const target = await stocked(t, s, 10);
    const r = await reserve(target, 5);
    const f = await t.http().post(`/api/v1/reservations/${r.body.id}/fulfil`).set(s.auth).send({ quantity: 3 });
    expect(f.status).toBe(200);
    expect(f.body.reservation).toMatchObject({ status: 'FULFILLED', fulfilledQuantity: '3.00' });
    expect(f.body.movement).toMatchObject({ type: 'OUTBOUND', quantity: '3.00', balanceAfter: '7.00', reservationId: r.body.id });
    expect(await row(target)).toMatchObject({ quantity: '7.00', reserved: '0.00', available: '7.00' });
    const again = await t.http().post(`/api/v1/reservations/${r.body.id}/fulfil`).set(s.auth).send({});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('RESERVATION_NOT_ACTIVE');
  });

  it('fulfil with no quantity ships all of it, idempotently; more than reserved is 400', async () => {
    const target = await stocked(t, s, 10);
    const r = await reserve(target, 4);
    const over = await t.http().post(`/api/v1/reservations/${r.body.id}/fulfil`).set(s.auth).send({ quantity: 5 });
    expect(over.status).toBe(400);
    expect(over.body.message).toContain('quantity');
    const first = await t
      .http()
      .post(`/api/v1/reservations/${r.body.id}/fulfil`)
      .set({ ...s.auth, 'Idempotency-Key': 'ful-1' })
      .send({});
    expect(first.status).toBe(200);
    const replay = await t
      .http()
      .post(`/api/v1/reservations/${r.body.id}/fulfil`)
      .set({ ...s.auth, 'Idempotency-Key': 'ful-1' })
      .send({});
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(await row(target)).toMatchObject({ quantity: '6.00', reserved: '0.00' });
  });

  it('an expired reservation cannot be fulfilled', async () => {
    const target = await stocked(t, s, 10);
    const r = await reserve(target, 4);
    await expire(r.body.id);
    const f = await t.http().post(`/api/v1/reservations/${r.body.id}/fulfil`).set(s.auth).send({});
    expect(f.status).toBe(409);
    expect(f.body.code).toBe('RESERVATION_EXPIRED');
  });

  it('release frees the stock once', async () => {
    const target = await stocked(t, s, 10);
    const r = await reserve(target, 4);
    const rel = await t.http().post(`/api/v1/reservations/${r.body.id}/release`).set(s.auth).send({});
    expect(rel.status).toBe(200);
    expect(rel.body.status).toBe('RELEASED');
    expect(await row(target)).toMatchObject({ reserved: '0.00', available: '10.00' });
    expect((await t.http().post(`/api/v1/reservations/${r.body.id}/release`).set(s.auth).send({})).status).toBe(409);
  });

  it('lists by status, warehouse and item', async () => {
    const target = await stocked(t, s, 10);
    const a = (await reserve(target, 1)).body.id;
    const b = (await reserve(target, 1)).body.id;
    await t.http().post(`/api/v1/reservations/${b}/release`).set(s.auth).send({}).expect(200);
    const active = await t
      .http()
      .get('/api/v1/reservations')
      .query({ ...target, status: 'ACTIVE' })
      .set(s.auth)
      .expect(200);
    expect(active.body.items.map((x: { id: string }) => x.id)).toEqual([a]);
    const all = await t.http().get('/api/v1/reservations').query({ itemId: target.itemId }).set(s.auth).expect(200);
    expect(all.body.total).toBe(2);
    expect((await t.http().get('/api/v1/reservations').query({ status: 'NOPE' }).set(s.auth)).status).toBe(400);
  });

  it.each([
    [{ quantity: 0 }, 'quantity'],
    [{ quantity: '1.001' }, 'quantity'],
    [{ expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
    [{ expiresAt: 'tomorrow' }, 'expiresAt'],
    [{ reference: 'x'.repeat(101) }, 'reference'],
    [{ warehouseId: 'x' }, 'warehouseId'],
  ])('refuses %j with a 400 naming %s', async (patch, field) => {
    const target = await stocked(t, s, 10);
    const res = await reserve(target, 1, patch);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  it('reads stop counting an overdue reservation at once: inventory rows and reorder suggestions', async () => {
    const target = await stocked(t, s, 30, { reorderThreshold: 20 });
    const r = await reserve(target, 25);
    expect(await row(target)).toMatchObject({ quantity: '30.00', reserved: '25.00', available: '5.00' });
    const suggestions = () =>
      t.http().get('/api/v1/inventory/reorder-suggestions').query({ warehouseId: target.warehouseId }).set(s.auth).expect(200);
    expect((await suggestions()).body.items).toEqual([expect.objectContaining({ itemId: target.itemId, available: '5.00' })]);
    await expire(r.body.id);
    // Before the expiry job has run: the reservation reads EXPIRED, so it must not hold stock in any read either.
    expect((await t.http().get(`/api/v1/reservations/${r.body.id}`).set(s.auth).expect(200)).body.status).toBe('EXPIRED');
    expect(await row(target)).toMatchObject({ quantity: '30.00', reserved: '0.00', available: '30.00' });
    expect((await suggestions()).body.items).toEqual([]);
  });
});
