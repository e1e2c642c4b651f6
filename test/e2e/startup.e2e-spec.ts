import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '@app/tooling/embedded';
import { createDatabase, dropDatabase, uniqueDatabaseName } from '../support/test-database';
import { e2eDatabaseUrl } from '../support/app';
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

  /**
   * Starts the API expecting it to fail: it must exit 1 and end its stderr with one line saying what failed and
   * what to do, with no stack and no unhandled event. (stdout — the JSON request log — is a separate pipe, so the
   * order of the two streams is not fixed.)
   */
  const expectStartupFailure = async (env: Record<string, string>, pattern: RegExp): Promise<string> => {
    const api = spawnApi(env);
    let stderr = '';
    api.child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await api.exited).toBe(1);
    const lines = stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines[lines.length - 1]).toMatch(pattern);
    expect(
      api
        .output()
        .split('\n')
        .filter((l) => l.startsWith('Start-up failed')),
    ).toHaveLength(1);
    expect(api.output()).not.toMatch(/^\s+at |Unhandled 'error' event|node:internal/m);
    return api.output();
  };

  // Only root switches to the postgres user, whose reach the check is about.
  (process.getuid?.() === 0 ? it : it.skip)(
    'as root, a data directory the postgres user cannot reach (a 0700 parent) is one clear line and exit 1',
    async () => {
      const parent = mkdtempSync(join(tmpdir(), 'inventory-private-')); // mkdtemp makes it 0700
      try {
        const env = { DATA_DIR: join(parent, 'data'), EMBEDDED_PG_PORT: String(await freePort()), PORT: String(await freePort()) };
        const dir = parent.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        await expectStartupFailure(
          env,
          new RegExp(
            `^Start-up failed: Embedded PostgreSQL cannot use its data directory .*: .*cannot enter ${dir}\\. .*chmod o\\+x ${dir}.*DATA_DIR.*DATABASE_URL`,
          ),
        );
      } finally {
        rmSync(parent, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it('a port already in use for embedded PostgreSQL is one clear line and exit 1', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'inventory-port-'));
    chmodSync(dataDir, 0o755);
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await expectStartupFailure(
        { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port), PORT: String(await freePort()) },
        new RegExp(
          `^Start-up failed: Embedded PostgreSQL cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use.*EMBEDDED_PG_PORT.*DATABASE_URL`,
        ),
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('an unreachable DATABASE_URL is one clear line naming it (without its password) and exit 1', async () => {
    const output = await expectStartupFailure(
      { DATABASE_URL: 'postgresql://u:hunter2secret@127.0.0.1:1/x', JWT_ACCESS_SECRET: SECRET, PORT: String(await freePort()) },
      /^Start-up failed: Could not migrate the database at 127\.0\.0\.1:1\/x \(.*ECONNREFUSED.*\)\. Check DATABASE_URL/,
    );
    expect(output).not.toContain('hunter2secret');
  });

  it('an HTTP port in use is one clear line naming PORT and exit 1', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await expectStartupFailure(
        {
          DATABASE_URL: e2eDatabaseUrl(),
          JWT_ACCESS_SECRET: SECRET,
          HOST: '127.0.0.1',
          PORT: String(port),
          MIGRATE_ON_START: 'false',
          SEED_DEMO_DATA: 'false',
        },
        new RegExp(`^Start-up failed: Could not listen on 127\\.0\\.0\\.1:${port} \\(.*EADDRINUSE.*\\)\\. Set PORT`),
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 60_000);

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
      // The superuser escapes row-level security: /health/ready says so, and one warning line (read after exit:
      // log lines are buffered up to 200 ms, and flushed when the process ends).
      const ready = (await (await fetch(`http://127.0.0.1:${port}/health/ready`)).json()) as { details: { database: unknown } };
      expect(ready.details.database).toMatchObject({ status: 'up', rowLevelSecurity: 'bypassed' });
      api.child.kill('SIGTERM');
      expect(await api.exited).toBe(0);
      expect(api.output().match(/row-level security does not apply to the API/g)).toHaveLength(1);
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
