import { Client } from 'pg';
import { appRole, bootApp, createMember, e2eDatabaseUrl, registerCompany, type Session, type TestApp } from '../support/app';
import { createItem, createWarehouse } from '../support/fixtures';
import { withOwnDatabase } from '../support/test-database';

interface AuditEvent {
  id: string;
  entityType: string;
  entityId: string;
  action: string;
  actorId: string | null;
  requestId: string | null;
  changes: Record<string, [unknown, unknown]>;
  createdAt: string;
}

describe('audit history (written by triggers, in the transaction of the change)', () => {
  let t: TestApp;
  let a: Session;
  let b: Session;

  beforeAll(async () => {
    t = await bootApp();
    a = await registerCompany(t, 'audit-a');
    b = await registerCompany(t, 'audit-b');
  });
  afterAll(() => t.close());

  const events = async (s: Session, query: Record<string, string | number>): Promise<AuditEvent[]> => {
    const res = await t.http().get('/api/v1/audit-events').set(s.auth).query(query);
    expect(res.status).toBe(200);
    return res.body.items as AuditEvent[];
  };

  it('records create, field-level update and soft delete of an item with actor and request id', async () => {
    const item = await createItem(t, a, { reorderThreshold: 10 });
    const patch = await t
      .http()
      .patch(`/api/v1/items/${item.id}`)
      .set({ ...a.auth, 'X-Request-Id': 'audit-req-1' })
      .send({ reorderThreshold: 25, name: 'Renamed' });
    expect(patch.status).toBe(200);
    expect((await t.http().patch(`/api/v1/items/${item.id}`).set(a.auth).send({ reorderThreshold: 25 })).status).toBe(200); // no change
    expect((await t.http().delete(`/api/v1/items/${item.id}`).set(a.auth)).status).toBe(204);

    const trail = await events(a, { entityType: 'item', entityId: item.id });
    expect(trail.map((e) => e.action)).toEqual(['DELETE', 'UPDATE', 'CREATE']);
    const [deleted, updated, created] = trail as [AuditEvent, AuditEvent, AuditEvent];
    expect(updated).toMatchObject({
      entityType: 'item',
      entityId: item.id,
      actorId: a.userId,
      requestId: 'audit-req-1',
      changes: { reorderThreshold: [10, 25], name: ['Test item', 'Renamed'] },
    });
    expect(Object.keys(updated.changes).sort()).toEqual(['name', 'reorderThreshold']);
    expect(created.changes).toMatchObject({ sku: [null, item.sku], reorderThreshold: [null, 10] });
    expect(Object.keys(deleted.changes)).toEqual(['deletedAt']);
    expect(deleted.actorId).toBe(a.userId);
  });

  it('never records a password or hash; users, warehouses and the company are audited too', async () => {
    const member = await createMember(t, a, 'USER');
    const userTrail = await events(a, { entityType: 'user', entityId: member.userId });
    expect(userTrail.map((e) => e.action)).toEqual(['CREATE']);
    expect(JSON.stringify(userTrail)).not.toMatch(/password|\$2[aby]\$/i);
    expect(userTrail[0]?.changes.email).toEqual([null, member.email]);

    const pw = await t
      .http()
      .patch('/api/v1/auth/password')
      .set(member.auth)
      .send({ currentPassword: member.password, newPassword: 'another long passphrase' });
    expect(pw.status).toBe(204);
    // A password change alone changes nothing the audit may show: no event.
    expect(await events(a, { entityType: 'user', entityId: member.userId })).toHaveLength(1);

    const warehouse = await createWarehouse(t, a);
    expect((await events(a, { entityType: 'warehouse', entityId: warehouse.id })).map((e) => e.action)).toEqual(['CREATE']);

    expect((await t.http().patch('/api/v1/companies/me').set(a.auth).send({ address: '9 Audit Road' })).status).toBe(200);
    const company = await events(a, { entityType: 'company', entityId: a.companyId });
    expect(company[0]).toMatchObject({ action: 'UPDATE', actorId: a.userId, changes: { address: [null, '9 Audit Road'] } });
    expect(company.at(-1)).toMatchObject({ action: 'CREATE', actorId: null });
  });

  it('a rolled-back change leaves no audit row', async () => {
    const item = await createItem(t, a);
    // A duplicate SKU fails inside the database: no item, and so no audit event for it.
    const dup = await t.http().post('/api/v1/items').set(a.auth).send({ sku: item.sku, name: 'dup', unitOfMeasure: 'EA' });
    expect(dup.status).toBe(409);
    const creates = await events(a, { entityType: 'item', action: 'CREATE', limit: 100 });
    expect(creates.filter((e) => e.changes.sku?.[1] === item.sku)).toHaveLength(1);
  });

  it('is immutable, even for the table owner', async () => {
    const client = new Client({ connectionString: e2eDatabaseUrl() });
    await client.connect();
    try {
      await client.query("SELECT set_config('app.company_id', $1, false)", [a.companyId]);
      await expect(client.query("UPDATE audit_events SET action = 'CREATE'")).rejects.toThrow(/immutable/);
      await expect(client.query('DELETE FROM audit_events')).rejects.toThrow(/immutable/);
    } finally {
      await client.end();
    }
    // TRUNCATE, as the owner, on a database of its own (it needs the table's strongest lock).
    await withOwnDatabase(process.env.E2E_ADMIN_URL as string, appRole(), 'audit_truncate', async ({ owner }) => {
      const own = new Client({ connectionString: owner });
      await own.connect();
      try {
        await expect(own.query('TRUNCATE audit_events')).rejects.toThrow(/immutable|permission denied/);
      } finally {
        await own.end();
      }
    });
  });

  it('filters by actor and time, pages with a cursor, and stays within the company', async () => {
    const manager = await createMember(t, a, 'MANAGER');
    const start = new Date().toISOString();
    for (let i = 0; i < 3; i += 1) await createItem(t, manager);
    const mine = await events(a, { actorId: manager.userId, from: start });
    expect(mine).toHaveLength(3);
    const first = await t.http().get('/api/v1/audit-events').set(a.auth).query({ actorId: manager.userId, limit: 2 });
    expect(first.body.items).toHaveLength(2);
    const second = await t
      .http()
      .get('/api/v1/audit-events')
      .set(a.auth)
      .query({ actorId: manager.userId, limit: 2, cursor: first.body.nextCursor });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect([...first.body.items, ...second.body.items].map((e: AuditEvent) => e.id)).toEqual(mine.map((e) => e.id));

    expect(await events(b, { actorId: manager.userId })).toEqual([]);
    expect((await t.http().get('/api/v1/audit-events').set(manager.auth)).status).toBe(403);
    const bad = await t.http().get('/api/v1/audit-events').set(a.auth).query({ entityType: 'nope', actorId: 'x' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/entityType/);
    expect(JSON.stringify(bad.body.message)).toMatch(/actorId/);
  });
});
