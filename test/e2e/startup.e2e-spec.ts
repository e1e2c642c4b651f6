import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '@app/tooling/embedded';
import { createDatabase, dropDatabase, uniqueDatabaseName } from '../support/test-database';
import { spawnApi, waitForReady } from '../support/spawn-api';

const SECRET = 'startup-test-secret-0123456789abcdefghijkl';

describe('starting the API', () => {
  it('stops with a clear message on a bad PORT', async () => {
    const api = spawnApi({ PORT: 'eighty', JWT_ACCESS_SECRET: SECRET, DATABASE_URL: 'postgresql://u@127.0.0.1:1/x' });
    expect(await api.exited).toBe(1);
    expect(api.output()).toMatch(/PORT must be an integer from 1 to 65535 \(got "eighty"\)/);
  });

  it('stops with a clear message when a production secret is missing', async () => {
    const api = spawnApi({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://u@127.0.0.1:1/x' });
    expect(await api.exited).toBe(1);
    expect(api.output()).toMatch(/JWT_ACCESS_SECRET is required/);
  });

  it('migrates an empty database given by DATABASE_URL, starts, and shuts down on SIGTERM; warns when its role bypasses RLS', async () => {
    const admin = process.env.E2E_ADMIN_URL as string;
    const name = uniqueDatabaseName('inventory_start');
    await createDatabase(admin, name);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    const port = await freePort();
    const api = spawnApi({ PORT: String(port), DATABASE_URL: url.toString(), JWT_ACCESS_SECRET: SECRET });
    try {
      await waitForReady(`http://127.0.0.1:${port}`, 60_000, api);
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      const { rows } = await client.query('SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL');
      await client.end();
      expect(rows[0].n).toBeGreaterThan(0);
      // The superuser escapes row-level security: one warning line, and /health/ready says so.
      expect(api.output().match(/row-level security does not apply to the API/g)).toHaveLength(1);
      const ready = (await (await fetch(`http://127.0.0.1:${port}/health/ready`)).json()) as { details: { database: unknown } };
      expect(ready.details.database).toMatchObject({ status: 'up', rowLevelSecurity: 'bypassed' });
      api.child.kill('SIGTERM');
      expect(await api.exited).toBe(0);
    } finally {
      api.child.kill('SIGKILL');
      await dropDatabase(admin, name);
    }
  });

  it('with no DATABASE_URL runs embedded PostgreSQL, seeds the demo once, and keeps data across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'inventory-start-'));
    chmodSync(dataDir, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
    const env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), BCRYPT_COST: '10' };
    const boot = async () => {
      const port = await freePort();
      const api = spawnApi({ ...env, PORT: String(port) });
      await waitForReady(`http://127.0.0.1:${port}`, 60_000, api);
      return { api, base: `http://127.0.0.1:${port}` };
    };
    const first = await boot();
    let companyId: string;
    try {
      expect(first.api.output()).toMatch(/Swagger: +http:\/\/localhost:\d+\/docs/);
      expect(first.api.output()).toMatch(/admin@demo\.com/);
      expect((await fetch(`${first.base}/docs-json`)).status).toBe(200);
      // Migrated as the embedded superuser, served as the runtime role it created.
      const ready = (await (await fetch(`${first.base}/health/ready`)).json()) as { details: { database: unknown } };
      expect(ready.details.database).toEqual({ status: 'up', role: 'inventory_app', rowLevelSecurity: 'enforced' });
      const login = await fetch(`${first.base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@demo.com', password: 'password123' }),
      });
      expect(login.status).toBe(200);
      companyId = ((await login.json()) as { user: { companyId: string } }).user.companyId;
    } finally {
      first.api.child.kill('SIGTERM');
    }
    const firstExit = await first.api.exited;
    expect({ firstExit, output: first.api.output() }).toMatchObject({ firstExit: 0 });
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await boot();
    try {
      expect(second.api.output()).not.toMatch(/demo company created/);
      const login = await fetch(`${second.base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@demo.com', password: 'password123' }),
      });
      expect(((await login.json()) as { user: { companyId: string } }).user.companyId).toBe(companyId);
    } finally {
      second.api.child.kill('SIGTERM');
    }
    expect(await second.api.exited).toBe(0);
  }, 180_000);
});
