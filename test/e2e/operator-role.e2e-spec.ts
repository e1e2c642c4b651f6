import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '@app/tooling/embedded';
import { appRole } from '../support/app';
import { dropDatabase, uniqueDatabaseName, urlWith } from '../support/test-database';
import { createDatabase } from '../support/test-database';
import { ROOT, spawnApi, waitForReady, type RunningApi } from '../support/spawn-api';

const SECRET = 'operator-test-secret-0123456789abcdefghijkl';

/**
 * How the issue is checked: the API started against an external, empty database whose DATABASE_URL
 * role owns the schema but is not superuser. It migrates, seeds the demo, and then login, refresh, a
 * movement and both jobs work through the row-level-security policies (FORCE applies to the owner).
 */
describe('an external database served by its non-superuser owner', () => {
  const admin = process.env.E2E_ADMIN_URL as string;
  const name = uniqueDatabaseName('inventory_operator');
  const url = urlWith(admin, name, appRole());
  let api: RunningApi;
  let base: string;

  beforeAll(async () => {
    await createDatabase(admin, name, appRole().name);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = spawnApi({ PORT: String(port), DATABASE_URL: url, JWT_ACCESS_SECRET: SECRET, SEED_DEMO_DATA: 'true', BCRYPT_COST: '4' });
    await waitForReady(base, 90_000, api);
  }, 120_000);
  afterAll(async () => {
    api?.child.kill('SIGTERM');
    await api?.exited;
    await dropDatabase(admin, name);
  });

  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json().catch(() => undefined)) as Record<string, unknown> & { items?: Array<{ id: string }> },
    };
  };
  const tool = (script: string) =>
    promisify(execFile)(process.execPath, ['-r', '@swc-node/register', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: url, JWT_ACCESS_SECRET: SECRET },
    });

  it('reports the role as subject to row-level security, with no warning', async () => {
    const ready = await call('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ details: { database: { status: 'up', role: appRole().name, rowLevelSecurity: 'enforced' } } });
    expect(api.output()).not.toMatch(/row-level security does not apply/);
  });

  it('login, a movement, refresh, and the jobs work through the policies', async () => {
    const login = await call('POST', '/api/v1/auth/login', { email: 'admin@demo.com', password: 'password123' });
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;
    const warehouses = await call('GET', '/api/v1/warehouses', undefined, token);
    const items = await call('GET', '/api/v1/items', undefined, token);
    expect(warehouses.body.items?.length).toBe(2);
    const moved = await call(
      'POST',
      '/api/v1/transactions',
      { type: 'INBOUND', warehouseId: warehouses.body.items?.[0]?.id, itemId: items.body.items?.[0]?.id, quantity: '3' },
      token,
    );
    expect(moved.status).toBe(201);
    const refreshed = await call('POST', '/api/v1/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect((await call('GET', '/api/v1/auth/me', undefined, refreshed.body.accessToken as string)).status).toBe(200);
    // Reusing the rotated token revokes the family (the reuse path reads the token by hash, then acts as its company).
    expect((await call('POST', '/api/v1/auth/refresh', { refreshToken: login.body.refreshToken })).status).toBe(401);
    expect((await call('POST', '/api/v1/auth/refresh', { refreshToken: refreshed.body.refreshToken })).status).toBe(401);

    expect((await tool('scripts/stock-verify.ts')).stdout).toMatch(/OK: [1-9]\d* inventory rows in 1 companies/);
    expect((await tool('scripts/tokens-cleanup.ts')).stdout).toMatch(/Deleted \d+ refresh tokens/);
  });

  it('as that role with psql: nothing without app.company_id, only the company with it', async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const count = async () => (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM inventory')).rows[0]?.n;
      expect(await count()).toBe(0);
      const { rows } = await client.query<{ id: string }>("SELECT id::text FROM companies WHERE email = 'demo@warehouse.com'");
      await client.query("SELECT set_config('app.company_id', $1, false)", [rows[0]?.id]);
      expect(await count()).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  });
});
