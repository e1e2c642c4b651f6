import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort } from '@app/tooling/embedded';
import { e2eDatabaseUrl, STRONG_PASSWORD, unique } from '../support/app';
import { ROOT, spawnApi, waitForReady, type RunningApi } from '../support/spawn-api';

/**
 * The compiled build, started the way `npm start` starts it (`nest build && node dist/src/main.js`),
 * answering requests that touch every runtime asset: the WASM schema engine (migrations on start),
 * the common-password list, bcrypt, the movement SQL, Swagger UI's files and the OpenAPI document.
 * A packaging bug (an asset missing from dist/) passes every other test.
 */
describe('the compiled build (dist/)', () => {
  let api: RunningApi;
  let base: string;
  beforeAll(async () => {
    await promisify(execFile)('npm', ['run', 'build'], { cwd: ROOT, env: process.env, maxBuffer: 16 * 1024 * 1024 });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = spawnApi(
      {
        PORT: String(port),
        DATABASE_URL: e2eDatabaseUrl(),
        JWT_ACCESS_SECRET: 'dist-test-secret-0123456789abcdefghijklmnop',
        BCRYPT_COST: '4',
      },
      ['dist/src/main.js'],
    );
    await waitForReady(base, 60_000, api);
  }, 300_000);
  afterAll(async () => {
    if (!api) return;
    api.child.kill('SIGTERM');
    await api.exited;
  });

  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('started from dist/ and applied (or found) the migrations', () => {
    expect(api.output()).toMatch(/Database schema is up to date|Applied migrations/);
    expect(api.output()).toMatch(/listening on/);
  });

  it('register (common-password check), login and a movement', async () => {
    const tag = unique('dist');
    const email = `admin-${tag}@example.test`;
    const company = { companyName: `Dist ${tag}`, companyEmail: `co-${tag}@example.test`, name: 'Dist Admin', email };
    const weak = await post('/api/v1/auth/register', { ...company, password: 'password123' });
    expect(weak.status).toBe(400);
    expect(JSON.stringify(await weak.json())).toMatch(/too common/);
    expect((await post('/api/v1/auth/register', { ...company, password: STRONG_PASSWORD })).status).toBe(201);

    const login = await post('/api/v1/auth/login', { email, password: STRONG_PASSWORD });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const warehouse = await post('/api/v1/warehouses', { name: 'Dist WH', location: 'Dock', capacity: '100' }, accessToken);
    const item = await post('/api/v1/items', { sku: tag.toUpperCase(), name: 'Dist item', unitOfMeasure: 'EA' }, accessToken);
    const [{ id: warehouseId }, { id: itemId }] = (await Promise.all([warehouse.json(), item.json()])) as [{ id: string }, { id: string }];
    const movement = await post('/api/v1/transactions', { type: 'INBOUND', warehouseId, itemId, quantity: '7.5' }, accessToken);
    expect(movement.status).toBe(201);
    expect(await movement.json()).toMatchObject({ quantity: '7.50', balanceAfter: '7.50' });
  });

  it('serves Swagger UI with every script and stylesheet it references, and the OpenAPI document', async () => {
    const page = await fetch(`${base}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="stylesheet"[^>]*\shref)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets).toEqual(expect.arrayContaining([expect.stringMatching(/swagger-ui-bundle\.js$/), expect.stringMatching(/\.css$/)]));
    for (const asset of assets) {
      const res = await fetch(new URL(asset, `${base}/docs`));
      expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
      expect((await res.text()).length).toBeGreaterThan(0);
    }
    const doc = await fetch(`${base}/docs-json`);
    expect(doc.status).toBe(200);
    expect(((await doc.json()) as { paths: Record<string, unknown> }).paths).toHaveProperty(['/api/v1/transactions']);
  });
});
