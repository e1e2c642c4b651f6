import { Client } from 'pg';
import { applyMigrations } from '@app/tooling/schema-engine';
import { bootApp, registerCompany, type Session, type TestApp } from '../support/app';
import { createItem } from '../support/fixtures';
import { replicaBinaries, startPrimaryWithReplica, type PrimaryWithReplica } from '../support/replica';
import { createAppRole, createDatabase, urlWith, type AppRole } from '../support/test-database';

const bin = replicaBinaries();
if (!bin) console.log('Skipping the read-replica tests: pg_basebackup is not installed (apt-get install postgresql)');

const DATABASE = 'inventory';

(bin ? describe : describe.skip)('reads from a streaming replica (DATABASE_READ_URL)', () => {
  let servers: PrimaryWithReplica;
  let role: AppRole;
  let t: TestApp;
  let s: Session;

  const itemSkus = async (): Promise<string[]> => {
    const res = await t.http().get('/api/v1/items').query({ limit: 100 }).set(s.auth);
    expect(res.status).toBe(200);
    return (res.body as { items: { sku: string }[] }).items.map((i) => i.sku);
  };

  beforeAll(async () => {
    servers = await startPrimaryWithReplica(bin as string);
    // As an operator runs it: a role that owns the schema but is not superuser, on primary and replica alike.
    role = await createAppRole(servers.primaryUrl('postgres'));
    await createDatabase(servers.primaryUrl('postgres'), DATABASE, role.name);
    await applyMigrations(urlWith(servers.primaryUrl(DATABASE), DATABASE, role));
    await servers.caughtUp();
    t = await bootApp({
      DATABASE_URL: urlWith(servers.primaryUrl(DATABASE), DATABASE, role),
      DATABASE_READ_URL: urlWith(servers.replicaUrl(DATABASE), DATABASE, role),
    });
    s = await registerCompany(t, 'replica');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await servers?.stop();
  });

  it('reports the replica in /health/ready', async () => {
    const res = await t.http().get('/health/ready');
    expect(res.status).toBe(200);
    expect((res.body as { info: { replica: Record<string, unknown> } }).info.replica).toMatchObject({
      status: 'up',
      reads: 'replica',
      standby: true,
    });
  });

  it('serves lists and exports from the replica and detail reads from the primary', async () => {
    const first = await createItem(t, s);
    await servers.caughtUp();
    expect(await itemSkus()).toContain(first.sku);

    await servers.pauseReplay();
    try {
      const second = await createItem(t, s); // a write: the primary
      // By id: the primary, so a client always sees what it has just written...
      const detail = await t.http().get(`/api/v1/items/${second.id}`).set(s.auth);
      expect(detail.status).toBe(200);
      // ...while the list comes from the replica, whose replay is paused: it does not have the item yet.
      const skus = await itemSkus();
      expect(skus).toContain(first.sku);
      expect(skus).not.toContain(second.sku);
      // Exports (a read-only repeatable-read snapshot streamed through a cursor) come from the replica too.
      const csv = await t.http().get('/api/v1/exports/items.csv').set(s.auth);
      expect(csv.status).toBe(200);
      expect(csv.text).toContain(first.sku);
      expect(csv.text).not.toContain(second.sku);
      await servers.resumeReplay();
      await servers.caughtUp();
      expect(await itemSkus()).toContain(second.sku);
    } finally {
      await servers.resumeReplay();
    }
  });

  it('keeps row-level security on the replica, which refuses writes', async () => {
    const replica = new Client({ connectionString: urlWith(servers.replicaUrl(DATABASE), DATABASE, role) });
    await replica.connect();
    try {
      expect((await replica.query<{ n: string }>('SELECT count(*)::text AS n FROM items')).rows[0]?.n).toBe('0');
      await replica.query('BEGIN');
      await replica.query("SELECT set_config('app.company_id', $1, true)", [s.companyId]);
      expect(Number((await replica.query<{ n: string }>('SELECT count(*)::text AS n FROM items')).rows[0]?.n)).toBeGreaterThan(0);
      await expect(replica.query("UPDATE items SET name = 'x'")).rejects.toMatchObject({ code: '25006' });
      await replica.query('ROLLBACK');
    } finally {
      await replica.end();
    }
  });

  // Last: it stops the replica.
  it('falls back to the primary when the replica is gone, and says so', async () => {
    const item = await createItem(t, s);
    await servers.stopReplica();
    expect(await itemSkus()).toContain(item.sku); // read from the primary now
    const res = await t.http().get('/health/ready');
    expect(res.status).toBe(200);
    expect((res.body as { info: { replica: Record<string, unknown> } }).info.replica).toMatchObject({
      reads: 'primary (replica unreachable)',
    });
  });
});
