import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { chromium, type Browser, type Page } from 'playwright-core';
import { bootApp, registerCompany, type Session, type TestApp } from '../support/app';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** An IPv4 address of this machine other than loopback: the case where plain HTTP used to break Swagger UI. */
function externalIPv4(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal && !a.address.startsWith('127.'))?.address;
}

const skipReason = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is not installed`
  : !externalIPv4()
    ? 'this host has no non-loopback IPv4 address'
    : undefined;
if (skipReason) console.log(`Skipping the Swagger UI browser test: ${skipReason}`);

/**
 * Swagger UI over plain HTTP from a non-loopback address, in headless Chromium, and the browser flow
 * it offers as shipped (CORS_ORIGINS empty): login, the refresh cookie, cookie refresh, logout.
 */
(skipReason ? describe.skip : describe)('Swagger UI in a browser, over plain HTTP, same origin', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let admin: Session;

  beforeAll(async () => {
    t = await bootApp({}, '0.0.0.0');
    origin = `http://${externalIPv4()}:${t.port}`;
    admin = await registerCompany(t, 'swagger-ui');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    page = await browser.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const call = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
    page.evaluate(
      async ({ path, init }) => {
        const res = await fetch(path, {
          method: init.method ?? 'GET',
          credentials: 'same-origin',
          headers: {
            ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          },
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
        });
        const text = await res.text();
        return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
      },
      { path, init },
    );
  const refreshCookie = async () => (await page.context().cookies(`${origin}/api/v1/auth/refresh`)).find((c) => c.name === 'refresh_token');

  it('renders Swagger UI: its scripts load over plain HTTP (no HSTS, no upgrade-insecure-requests)', async () => {
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    const res = await page.goto(`${origin}/docs`);
    expect(res?.status()).toBe(200);
    await page.waitForSelector('.opblock', { timeout: 30_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
    expect(await page.locator('.info .title').innerText()).toMatch(/Warehouse Inventory API/);
    expect(failed).toEqual([]);
  });

  it('login from the page sets the httpOnly refresh cookie; cookie refresh rotates it; logout ends the login', async () => {
    const login = await call('/api/v1/auth/login', { method: 'POST', body: { email: admin.email, password: admin.password } });
    expect(login.status).toBe(200);
    const first = await refreshCookie();
    expect(first).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
    expect(await page.evaluate<string>('document.cookie')).not.toContain('refresh_token');

    // The browser sends its Origin (this very origin) and the cookie: same-origin, so allowed.
    const refreshed = await call('/api/v1/auth/refresh', { method: 'POST' });
    expect(refreshed.status).toBe(200);
    const second = await refreshCookie();
    expect(second?.value).toBeDefined();
    expect(second?.value).not.toBe(first?.value);

    const me = await call('/api/v1/auth/me', { token: refreshed.body.accessToken as string });
    expect(me).toMatchObject({ status: 200, body: { email: admin.email } });

    const logout = await call('/api/v1/auth/logout', { method: 'POST', token: refreshed.body.accessToken as string });
    expect(logout.status).toBe(204);
    expect(await refreshCookie()).toBeUndefined();
    expect((await call('/api/v1/auth/refresh', { method: 'POST' })).status).toBe(401);
  });

  it("Swagger UI's own Try it out on refresh uses the cookie (its default example body is empty)", async () => {
    const login = await call('/api/v1/auth/login', { method: 'POST', body: { email: admin.email, password: admin.password } });
    expect(login.status).toBe(200);
    const before = await refreshCookie();
    const operation = page.locator('#operations-auth-auth_refresh');
    await operation.locator('.opblock-summary').click();
    await operation.locator('.try-out__btn').click();
    await operation.locator('.execute').click();
    await operation.locator('.live-responses-table tbody .response-col_status').first().waitFor({ timeout: 15_000 });
    expect(await operation.locator('.live-responses-table tbody .response-col_status').first().innerText()).toBe('200');
    expect((await refreshCookie())?.value).not.toBe(before?.value);
  });

  it('logout-all from the page works too', async () => {
    const login = await call('/api/v1/auth/login', { method: 'POST', body: { email: admin.email, password: admin.password } });
    expect(login.status).toBe(200);
    const out = await call('/api/v1/auth/logout-all', { method: 'POST', token: login.body.accessToken as string });
    expect(out.status).toBe(204);
    expect(await t.prisma.refreshToken.count({ where: { userId: admin.userId, isRevoked: false } })).toBe(0);
  });
});
