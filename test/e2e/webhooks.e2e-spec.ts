import { Client } from 'pg';
import { PrismaService } from '@app/database/prisma.service';
import { ReservationExpiryService } from '@app/reservations/reservation-expiry.service';
import { IDLE_BATCHES_PER_COMPANY, WebhookDispatcher } from '@app/webhooks/webhook-dispatcher';
import { CLAIM, WebhookDispatchRepository } from '@app/webhooks/webhook-dispatch.repository';
import { WebhookRetentionService } from '@app/webhooks/webhook-retention.service';
import { bootApp, createAppDatabase, createMember, registerCompany, type Session, type TestApp } from '../support/app';
import { createItem, createWarehouse, move, stocked } from '../support/fixtures';
import { WebhookReceiver } from '../support/webhook-receiver';
import { dropDatabase, uniqueDatabaseName } from '../support/test-database';

describe('webhooks: outbox written by triggers, signed deliveries, retries', () => {
  let t: TestApp;
  const receiver = new WebhookReceiver();
  let url: string;
  const database = uniqueDatabaseName('webhooks');

  beforeAll(async () => {
    url = await receiver.start();
    // A database of its own: no other suite's deliveries, and no other dispatcher claiming this one's.
    const own = await createAppDatabase(database);
    t = await bootApp({
      DATABASE_URL: own.url,
      WEBHOOK_DISPATCHER_ENABLED: 'true',
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      WEBHOOK_POLL_INTERVAL_MS: '20',
      WEBHOOK_RETRY_BASE_MS: '20',
      WEBHOOK_RETRY_MAX_MS: '100',
    });
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
    await dropDatabase(process.env.E2E_ADMIN_URL as string, database);
  });

  /** A fresh company with one endpoint on the receiver (its secret becomes the receiver's). */
  const subscribed = async (events: string[]): Promise<{ s: Session; endpointId: string }> => {
    const s = await registerCompany(t, 'hooks');
    const res = await t.http().post('/api/v1/webhooks').set(s.auth).send({ url, events, description: 'receiver' });
    expect(res.status).toBe(201);
    receiver.secret = res.body.secret as string;
    return { s, endpointId: res.body.id as string };
  };
  const eventsOf = (companyId: string, type: string) => t.prisma.webhookEvent.count({ where: { companyId, type } });

  it('creates an endpoint with a whsec_ secret shown once; validation names the field', async () => {
    const s = await registerCompany(t, 'hooks-crud');
    const created = await t
      .http()
      .post('/api/v1/webhooks')
      .set(s.auth)
      .send({ url, events: ['stock.moved'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const got = await t.http().get(`/api/v1/webhooks/${created.body.id}`).set(s.auth);
    expect(got.body).toMatchObject({ id: created.body.id, url, events: ['stock.moved'], isActive: true, description: null });
    expect(got.body.secret).toBeUndefined();
    const list = await t.http().get('/api/v1/webhooks').set(s.auth);
    expect(list.body.items.map((w: { id: string }) => w.id)).toEqual([created.body.id]);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');

    const bad = await t
      .http()
      .post('/api/v1/webhooks')
      .set(s.auth)
      .send({ url: 'ftp://x', events: ['stock.exploded'] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/events/);
    const badUrl = await t
      .http()
      .post('/api/v1/webhooks')
      .set(s.auth)
      .send({ url: 'ftp://example.com/x', events: ['stock.moved'] });
    expect(badUrl.status).toBe(400);
    expect(JSON.stringify(badUrl.body.message)).toMatch(/url/);

    const patched = await t
      .http()
      .patch(`/api/v1/webhooks/${created.body.id}`)
      .set(s.auth)
      .send({ events: ['item.created'], isActive: false });
    expect(patched.body).toMatchObject({ events: ['item.created'], isActive: false });
    const audit = await t.http().get('/api/v1/audit-events').set(s.auth).query({ entityType: 'webhook', entityId: created.body.id });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['UPDATE', 'CREATE']);
    expect(JSON.stringify(audit.body)).not.toContain('whsec_');
    expect((await t.http().delete(`/api/v1/webhooks/${created.body.id}`).set(s.auth)).status).toBe(204);
    expect((await t.http().get(`/api/v1/webhooks/${created.body.id}`).set(s.auth)).status).toBe(404);
    const member = await createMember(t, s, 'MANAGER');
    expect((await t.http().get('/api/v1/webhooks').set(member.auth)).status).toBe(403);
  });

  it('one signed stock.moved per committed movement, none for a refused one', async () => {
    const { s } = await subscribed(['stock.moved']);
    const target = await stocked(t, s, 0);
    const ids: string[] = [];
    for (let i = 1; i <= 5; i += 1) {
      const res = await move(t, s, 'INBOUND', target, i);
      expect(res.status).toBe(201);
      ids.push(res.body.id as string);
    }
    expect((await move(t, s, 'OUTBOUND', target, 1000)).status).toBe(409);
    const mine = () => receiver.ofType('stock.moved').filter((r) => ids.includes(String(r.data.id)));
    await receiver.waitFor(() => mine().length >= 5);
    expect(
      mine()
        .map((r) => r.data.id)
        .sort(),
    ).toEqual([...ids].sort());
    expect(mine()[0]).toMatchObject({
      type: 'stock.moved',
      data: { type: 'INBOUND', warehouseId: target.warehouseId, itemId: target.itemId },
    });
    expect(new Set(mine().map((r) => r.id)).size).toBe(5);
    expect(await eventsOf(s.companyId, 'stock.moved')).toBe(5);
    expect(receiver.badSignatures).toBe(0);
  });

  it('one signed reservation.expired per reservation the expiry job expires, in its transaction', async () => {
    const { s } = await subscribed(['reservation.expired']);
    const target = await stocked(t, s, 10);
    const reserve = () =>
      t
        .http()
        .post('/api/v1/reservations')
        .set(s.auth)
        .send({ ...target, quantity: 2, reference: 'R-expiring' });
    const [a, b, kept] = [(await reserve()).body, (await reserve()).body, (await reserve()).body];
    // Two of them overdue (backdated, as the clock would make them); the third still holds its stock.
    await t.prisma.reservation.updateMany({ where: { id: { in: [a.id, b.id] } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const report = await t.app.get(ReservationExpiryService).expireOverdue();
    expect(report.ran).toBe(true);
    const mine = () => receiver.ofType('reservation.expired').filter((r) => [a.id, b.id, kept.id].includes(String(r.data.id)));
    await receiver.waitFor(() => mine().length >= 2);
    expect(
      mine()
        .map((r) => r.data.id)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    expect(mine()[0]).toMatchObject({
      type: 'reservation.expired',
      data: { status: 'EXPIRED', warehouseId: target.warehouseId, itemId: target.itemId, reference: 'R-expiring' },
    });
    expect(await eventsOf(s.companyId, 'reservation.expired')).toBe(2);
    // Running the job again expires nothing more and sends nothing more.
    await t.app.get(ReservationExpiryService).expireOverdue();
    expect(await eventsOf(s.companyId, 'reservation.expired')).toBe(2);
    expect(receiver.badSignatures).toBe(0);
  });

  it('retention deletes old events whose deliveries are all settled, never one still pending', async () => {
    const { s, endpointId } = await subscribed(['stock.moved']);
    const target = await stocked(t, s, 0);
    const ids: string[] = [];
    for (let i = 1; i <= 3; i += 1) ids.push((await move(t, s, 'INBOUND', target, i)).body.id as string);
    const mine = () => receiver.ofType('stock.moved').filter((r) => ids.includes(String(r.data.id)));
    await receiver.waitFor(() => mine().length >= 3);
    const events = await t.prisma.webhookEvent.findMany({ where: { companyId: s.companyId }, orderBy: { createdAt: 'asc' } });
    expect(events).toHaveLength(3);
    const [settledOld, pendingOld, recent] = events;
    // Backdate two past the retention (30 days); keep one of them pending (a delivery still being retried).
    const old = new Date(Date.now() - 31 * 86_400_000);
    await t.prisma.webhookEvent.updateMany({ where: { id: { in: [settledOld.id, pendingOld.id] } }, data: { createdAt: old } });
    await t.prisma.webhookDelivery.updateMany({
      where: { eventId: pendingOld.id },
      data: { status: 'PENDING', nextAttemptAt: new Date(Date.now() + 86_400_000) },
    });
    const report = await t.app.get(WebhookRetentionService).run();
    expect(report.ran).toBe(true);
    const left = await t.prisma.webhookEvent.findMany({ where: { companyId: s.companyId }, select: { id: true } });
    expect(left.map((e) => e.id).sort()).toEqual([pendingOld.id, recent.id].sort());
    expect(await t.prisma.webhookDelivery.count({ where: { eventId: settledOld.id } })).toBe(0);
    const log = await t.http().get(`/api/v1/webhooks/${endpointId}/deliveries`).set(s.auth).expect(200);
    expect(log.body.items).toHaveLength(2);
  });

  it('retries while the receiver fails, delivers after it recovers, and logs the attempts', async () => {
    const { s, endpointId } = await subscribed(['stock.moved']);
    const target = await stocked(t, s, 0);
    receiver.failWith = 503;
    const res = await move(t, s, 'INBOUND', target, 7);
    expect(res.status).toBe(201);
    const eventId = (await t.prisma.webhookEvent.findFirstOrThrow({ where: { companyId: s.companyId } })).id;
    await receiver.waitFor(() => receiver.refusedAttempts.filter((id) => id === eventId).length >= 3);
    receiver.failWith = null;
    await receiver.waitFor(() => receiver.accepted.some((r) => r.id === eventId));
    const log = await t.http().get(`/api/v1/webhooks/${endpointId}/deliveries`).set(s.auth);
    expect(log.status).toBe(200);
    const delivery = await t.prisma.webhookDelivery.findFirstOrThrow({ where: { companyId: s.companyId } });
    expect(delivery.attempts).toBeGreaterThanOrEqual(4);
    const logged = (await t.http().get(`/api/v1/webhooks/${endpointId}/deliveries`).set(s.auth)).body.items[0];
    expect(logged).toMatchObject({ eventId, eventType: 'stock.moved', endpointId });
    expect(['SUCCEEDED', 'PENDING']).toContain(logged.status);
  });

  it('item and warehouse events, and stock.low when the total falls to the threshold', async () => {
    const { s } = await subscribed(['item.created', 'item.updated', 'item.deleted', 'warehouse.created', 'stock.low']);
    const item = await createItem(t, s, { reorderThreshold: 10 });
    await t.http().patch(`/api/v1/items/${item.id}`).set(s.auth).send({ name: 'Renamed' }).expect(200);
    await t.http().delete(`/api/v1/items/${item.id}`).set(s.auth).expect(204);
    const warehouse = await createWarehouse(t, s);
    const of = (id: string) => receiver.accepted.filter((r) => r.data.id === id).map((r) => r.type);
    await receiver.waitFor(() => of(item.id).length >= 3 && of(warehouse.id).length >= 1);
    expect(of(item.id).sort()).toEqual(['item.created', 'item.deleted', 'item.updated']);
    expect(of(warehouse.id)).toEqual(['warehouse.created']);

    const target = await stocked(t, s, 15, { reorderThreshold: 10 });
    expect((await move(t, s, 'OUTBOUND', target, 4)).status).toBe(201); // 11: above
    expect((await move(t, s, 'OUTBOUND', target, 1)).status).toBe(201); // 10: falls to it
    expect((await move(t, s, 'OUTBOUND', target, 1)).status).toBe(201); // 9: already low
    const low = () => receiver.ofType('stock.low').filter((r) => r.data.itemId === target.itemId);
    await receiver.waitFor(() => low().length >= 1);
    expect(low()[0]?.data).toMatchObject({ totalQuantity: '10.00', reorderThreshold: 10 });
    expect(await eventsOf(s.companyId, 'stock.low')).toBe(1);
  });

  it('test and redeliver send the same event id again', async () => {
    const { s, endpointId } = await subscribed(['stock.moved']);
    const test = await t.http().post(`/api/v1/webhooks/${endpointId}/test`).set(s.auth);
    expect(test.status).toBe(202);
    await receiver.waitFor(() => receiver.accepted.some((r) => r.id === test.body.eventId));
    const again = await t.http().post(`/api/v1/webhooks/deliveries/${test.body.id}/redeliver`).set(s.auth);
    expect(again.status).toBe(202);
    expect(again.body.id).not.toBe(test.body.id);
    await receiver.waitFor(() => receiver.accepted.filter((r) => r.id === test.body.eventId).length >= 2);
    expect(receiver.accepted.find((r) => r.id === test.body.eventId)?.type).toBe('webhook.test');
    const other = await registerCompany(t, 'hooks-other');
    expect((await t.http().post(`/api/v1/webhooks/deliveries/${test.body.id}/redeliver`).set(other.auth)).status).toBe(404);
    expect((await t.http().post(`/api/v1/webhooks/${endpointId}/test`).set(other.auth)).status).toBe(404);
  });

  it('concurrent dispatch rounds never send a delivery twice (FOR UPDATE SKIP LOCKED)', async () => {
    const { s } = await subscribed(['stock.moved']);
    const target = await stocked(t, s, 0);
    const moves = await Promise.all(Array.from({ length: 40 }, () => move(t, s, 'INBOUND', target, 1)));
    expect(moves.every((r) => r.status === 201)).toBe(true);
    const dispatcher = t.app.get(WebhookDispatcher);
    await Promise.all([dispatcher.runOnce(), dispatcher.runOnce(), dispatcher.runOnce(), dispatcher.runOnce()]);
    const ids = new Set(moves.map((r) => String(r.body.id)));
    const mine = () => receiver.ofType('stock.moved').filter((r) => ids.has(String(r.data.id)));
    await receiver.waitFor(() => mine().length >= 40);
    expect(new Set(mine().map((r) => r.id)).size).toBe(mine().length);
    expect(mine()).toHaveLength(40);
  });
});

describe('webhooks: shutting down with a delivery in flight', () => {
  const receiver = new WebhookReceiver();
  const database = uniqueDatabaseName('webhooks-stop');
  let open: TestApp | undefined;

  afterAll(async () => {
    await open?.close(); // only when the test failed before closing it
    await receiver.stop();
    await dropDatabase(process.env.E2E_ADMIN_URL as string, database);
  });

  it('waits for the round in flight and records its outcome before the database pool ends', async () => {
    const url = await receiver.start();
    const own = await createAppDatabase(database);
    const app = await bootApp({
      DATABASE_URL: own.url,
      WEBHOOK_DISPATCHER_ENABLED: 'true',
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      WEBHOOK_POLL_INTERVAL_MS: '20',
    });
    open = app;
    const s = await registerCompany(app, 'hooks-stop');
    const endpoint = await app
      .http()
      .post('/api/v1/webhooks')
      .set(s.auth)
      .send({ url, events: ['stock.moved'] });
    expect(endpoint.status).toBe(201);
    receiver.secret = endpoint.body.secret as string;
    receiver.hold = true;
    const target = await stocked(app, s, 0);
    expect((await move(app, s, 'INBOUND', target, 1)).status).toBe(201);
    await receiver.waitFor(() => receiver.held === 1);

    // The order of the two things that matter: the receiver's answer and the pool's end.
    const order: string[] = [];
    const pool = app.app.get(PrismaService).pool;
    const end = pool.end.bind(pool);
    pool.end = () => {
      order.push('pool ended');
      return end();
    };
    const closing = app.close();
    setImmediate(() => {
      order.push('receiver answered');
      receiver.release();
    });
    await closing;
    open = undefined;

    expect(order[0]).toBe('receiver answered');
    expect(order).toContain('pool ended');
    const db = new Client({ connectionString: own.adminUrl });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT status::text AS status, attempts FROM webhook_deliveries WHERE company_id = $1', [
        s.companyId,
      ]);
      expect(rows).toEqual([{ status: 'SUCCEEDED', attempts: 1 }]);
    } finally {
      await db.end();
    }
    expect(receiver.accepted).toHaveLength(1);
  });
});

describe('webhooks: the movement writes the event, the dispatcher fans it out', () => {
  // The dispatcher does not run by itself here: each round is called, so what exists between the
  // movement and the round can be looked at.
  const receivers = [new WebhookReceiver(), new WebhookReceiver()];
  const database = uniqueDatabaseName('webhooks-fan-out');
  const urls: string[] = [];
  let t: TestApp;
  let db: Client;

  beforeAll(async () => {
    for (const r of receivers) urls.push(await r.start());
    const own = await createAppDatabase(database);
    t = await bootApp({ DATABASE_URL: own.url, WEBHOOK_DISPATCHER_ENABLED: 'false', WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
    db = new Client({ connectionString: own.adminUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
    for (const r of receivers) await r.stop();
    await dropDatabase(process.env.E2E_ADMIN_URL as string, database);
  });

  /** An endpoint on receiver `n` (which takes its secret), or, with `n` null, one that is never sent to here. */
  const endpoint = async (s: Session, n: 0 | 1 | null): Promise<string> => {
    const res = await t
      .http()
      .post('/api/v1/webhooks')
      .set(s.auth)
      .send({ url: n === null ? `${urls[0]}?never-sent` : urls[n], events: ['stock.moved'] });
    expect(res.status).toBe(201);
    if (n !== null) receivers[n].secret = res.body.secret as string;
    return res.body.id as string;
  };
  const outbox = async (companyId: string) => {
    const events = await db.query<{ id: string; fanned_out: boolean }>(
      'SELECT id::text, fanned_out FROM webhook_events WHERE company_id = $1',
      [companyId],
    );
    const deliveries = await db.query<{ event_id: string; endpoint_id: string }>(
      'SELECT event_id::text, endpoint_id::text FROM webhook_deliveries WHERE company_id = $1 ORDER BY endpoint_id',
      [companyId],
    );
    return { events: events.rows, deliveries: deliveries.rows };
  };

  it('one event row per movement; one delivery per active endpoint that existed then, queued by the round', async () => {
    const s = await registerCompany(t, 'fan-out');
    const [first, second] = [await endpoint(s, 0), await endpoint(s, 1)];
    const inactive = await endpoint(s, null);
    await t.http().patch(`/api/v1/webhooks/${inactive}`).set(s.auth).send({ isActive: false }).expect(200);
    const target = await stocked(t, s, 0);
    const moved = await move(t, s, 'INBOUND', target, 3);
    expect(moved.status).toBe(201);
    // An endpoint added after the movement does not receive the movement's event.
    const later = await endpoint(s, null);

    // The movement's statement wrote the event alone.
    const before = await outbox(s.companyId);
    expect(before.events).toEqual([{ id: expect.any(String), fanned_out: false }]);
    expect(before.deliveries).toEqual([]);

    await t.app.get(WebhookDispatcher).runOnce();
    const after = await outbox(s.companyId);
    const eventId = before.events[0].id;
    expect(after.events).toEqual([{ id: eventId, fanned_out: true }]);
    expect(after.deliveries).toEqual([first, second].sort().map((endpointId) => ({ event_id: eventId, endpoint_id: endpointId })));
    expect(after.deliveries.map((d) => d.endpoint_id)).not.toContain(inactive);
    expect(after.deliveries.map((d) => d.endpoint_id)).not.toContain(later);
    for (const r of receivers) {
      await r.waitFor(() => r.accepted.some((e) => e.id === eventId));
      expect(r.accepted.find((e) => e.id === eventId)?.data).toMatchObject({ id: moved.body.id, type: 'INBOUND', itemId: target.itemId });
      expect(r.badSignatures).toBe(0);
    }
  });

  it('concurrent rounds fan each event out once (FOR UPDATE SKIP LOCKED)', async () => {
    const s = await registerCompany(t, 'fan-out-race');
    const one = await endpoint(s, 0);
    const target = await stocked(t, s, 0);
    const moves = await Promise.all(Array.from({ length: 30 }, () => move(t, s, 'INBOUND', target, 1)));
    expect(moves.every((r) => r.status === 201)).toBe(true);
    const dispatcher = t.app.get(WebhookDispatcher);
    await Promise.all([dispatcher.runOnce(), dispatcher.runOnce(), dispatcher.runOnce(), dispatcher.runOnce()]);
    const { events, deliveries } = await outbox(s.companyId);
    expect(events).toHaveLength(30);
    expect(events.every((e) => e.fanned_out)).toBe(true);
    expect(deliveries).toHaveLength(30);
    expect(new Set(deliveries.map((d) => d.event_id)).size).toBe(30);
    expect(deliveries.every((d) => d.endpoint_id === one)).toBe(true);
  });

  it('a claim takes at most the batch, however long the backlog', async () => {
    const s = await registerCompany(t, 'fan-out-backlog');
    await endpoint(s, null);
    const target = await stocked(t, s, 0);
    // 400 movements in one request each, 8 at a time: a backlog of 400 due deliveries.
    for (let i = 0; i < 50; i += 1) {
      const batch = await Promise.all(Array.from({ length: 8 }, () => move(t, s, 'INBOUND', target, 1)));
      expect(batch.every((r) => r.status === 201)).toBe(true);
    }
    const repo = t.app.get(WebhookDispatchRepository);
    expect(await repo.fanOut(s.companyId, 500)).toBe(400);
    // Whatever join the planner picks: with a nested loop, a LIMIT … SKIP LOCKED sub-select that ran once
    // per row would claim far more than the batch (the bench saw 1,737 for 16).
    await db.query('BEGIN');
    try {
      await db.query('SET LOCAL enable_hashjoin = off');
      await db.query('SET LOCAL enable_mergejoin = off');
      expect((await db.query(CLAIM, [s.companyId, 60, 16])).rows).toHaveLength(16);
    } finally {
      await db.query('ROLLBACK');
    }
    const claims = await Promise.all([repo.claim(s.companyId, 60, 16), repo.claim(s.companyId, 60, 16)]);
    expect(claims.map((c) => c.length)).toEqual([16, 16]);
    expect(new Set(claims.flat().map((d) => d.id)).size).toBe(32);
  });

  it('a round sends one batch per company under load, up to IDLE_BATCHES_PER_COMPANY when idle', async () => {
    // Counts this company's deliveries only: a round also serves whatever other tests left due.
    const dispatcher = t.app.get(WebhookDispatcher);
    const s = await registerCompany(t, 'fan-out-idle');
    await endpoint(s, 0);
    const target = await stocked(t, s, 0);
    const batch = t.config.webhooks.batchSize;
    const movements = batch * 2 + 3;
    for (let i = 0; i < movements; i += 8) {
      const moved = await Promise.all(Array.from({ length: Math.min(8, movements - i) }, () => move(t, s, 'INBOUND', target, 1)));
      expect(moved.every((r) => r.status === 201)).toBe(true);
    }
    const sent = async () =>
      Number(
        (
          await db.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_deliveries WHERE company_id = $1 AND status = 'SUCCEEDED'`, [
            s.companyId,
          ])
        ).rows[0]?.n,
      );
    // Busy: one batch, and the round says more is waiting.
    expect(await dispatcher.runOnce(1)).toBe(true);
    expect(await sent()).toBe(batch);
    // Idle: the rest (batch + 3) in the same company turn.
    await dispatcher.runOnce(IDLE_BATCHES_PER_COMPANY);
    expect(await sent()).toBe(movements);
  });

  it('companies with events take turns when more have work than a round looks at', async () => {
    const dispatcher = t.app.get(WebhookDispatcher);
    while (await dispatcher.runOnce()); // whatever earlier tests left pending
    const companies: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const s = await registerCompany(t, `fan-out-turns-${i}`);
      await endpoint(s, null);
      expect((await move(t, s, 'INBOUND', await stocked(t, s, 0), 1)).status).toBe(201);
      companies.push(s.companyId);
    }
    const [c1, c2, c3] = companies.sort();
    const repo = t.app.get(WebhookDispatchRepository);
    const first = await repo.companiesWithWork(2);
    expect(first).toEqual({ companies: [c1, c2], cursor: c2 });
    const second = await repo.companiesWithWork(2, first.cursor);
    expect(second).toEqual({ companies: [c3, c1], cursor: c1 });
    expect(await repo.companiesWithWork(2, second.cursor)).toEqual({ companies: [c2, c3], cursor: c3 });
  });

  it('retention keeps an old event that is not fanned out yet', async () => {
    const s = await registerCompany(t, 'fan-out-retention');
    await endpoint(s, 1);
    const target = await stocked(t, s, 0);
    expect((await move(t, s, 'INBOUND', target, 1)).status).toBe(201);
    await db.query(`UPDATE webhook_events SET created_at = now() - interval '31 days' WHERE company_id = $1`, [s.companyId]);
    expect((await t.app.get(WebhookRetentionService).run()).ran).toBe(true);
    expect((await outbox(s.companyId)).events).toEqual([{ id: expect.any(String), fanned_out: false }]);
  });
});
