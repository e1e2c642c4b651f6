import { bootApp, registerCompany, STRONG_PASSWORD, type TestApp } from '../support/app';

/** What a browser on the API's own pages (Swagger UI at /docs) needs, with CORS_ORIGINS empty as shipped. */
describe('browser flows as shipped', () => {
  let t: TestApp;
  let ownOrigin: string;
  beforeAll(async () => {
    t = await bootApp();
    expect(t.config.corsOrigins).toEqual([]);
    ownOrigin = t.baseUrl; // http://127.0.0.1:<port>, the Host supertest sends
  });
  afterAll(() => t.close());

  const cookieOf = (res: { headers: Record<string, unknown> }): string => {
    const header = ([] as string[]).concat((res.headers['set-cookie'] as string[] | string | undefined) ?? []);
    const cookie = header.find((c) => c.startsWith('refresh_token='));
    if (!cookie) throw new Error('no refresh_token cookie');
    return cookie.split(';')[0] ?? '';
  };

  async function browserLogin(email: string) {
    const res = await t.http().post('/api/v1/auth/login').set('Origin', ownOrigin).send({ email, password: STRONG_PASSWORD });
    expect(res.status).toBe(200);
    return { cookie: cookieOf(res), auth: { Authorization: `Bearer ${res.body.accessToken}` } };
  }

  describe('the refresh cookie from the same origin', () => {
    it('cookie refresh works; a foreign origin with the cookie stays 403', async () => {
      const admin = await registerCompany(t, 'browser');
      const session = await browserLogin(admin.email);
      const foreign = await t.http().post('/api/v1/auth/refresh').set({ Origin: 'http://evil.example', Cookie: session.cookie });
      expect(foreign.status).toBe(403);
      expect(foreign.body.message).toMatch(/Cross-origin/);
      // Same host, other port or scheme: another origin.
      for (const origin of [`http://127.0.0.1:${t.port + 1}`, `https://127.0.0.1:${t.port}`, 'null']) {
        expect((await t.http().post('/api/v1/auth/refresh').set({ Origin: origin, Cookie: session.cookie })).status).toBe(403);
      }
      const refreshed = await t.http().post('/api/v1/auth/refresh').set({ Origin: ownOrigin, Cookie: session.cookie });
      expect(refreshed.status).toBe(200);
      expect(cookieOf(refreshed)).not.toBe(session.cookie);
    });

    it('logout and logout-all from the same origin work; from a foreign one they are 403 and revoke nothing', async () => {
      const admin = await registerCompany(t, 'browser-out');
      const first = await browserLogin(admin.email);
      const foreign = await t
        .http()
        .post('/api/v1/auth/logout')
        .set({ ...first.auth, Origin: 'http://evil.example', Cookie: first.cookie });
      expect(foreign.status).toBe(403);
      expect(await t.prisma.refreshToken.count({ where: { userId: admin.userId, isRevoked: true } })).toBe(0);
      const out = await t
        .http()
        .post('/api/v1/auth/logout')
        .set({ ...first.auth, Origin: ownOrigin, Cookie: first.cookie });
      expect(out.status).toBe(204);
      expect(out.headers['set-cookie']?.[0]).toMatch(/^refresh_token=;/);
      expect((await t.http().post('/api/v1/auth/refresh').set({ Origin: ownOrigin, Cookie: first.cookie })).status).toBe(401);

      const second = await browserLogin(admin.email);
      const foreignAll = await t
        .http()
        .post('/api/v1/auth/logout-all')
        .set({ ...second.auth, Origin: 'https://evil.example', Cookie: second.cookie });
      expect(foreignAll.status).toBe(403);
      const all = await t
        .http()
        .post('/api/v1/auth/logout-all')
        .set({ ...second.auth, Origin: ownOrigin, Cookie: second.cookie });
      expect(all.status).toBe(204);
      expect(await t.prisma.refreshToken.count({ where: { userId: admin.userId, isRevoked: false } })).toBe(0);
    });

    it('the own origin follows the Host the browser used (any address of this machine)', async () => {
      const admin = await registerCompany(t, 'browser-host');
      const res = await t.http().post('/api/v1/auth/login').send({ email: admin.email, password: STRONG_PASSWORD });
      const cookie = cookieOf(res);
      const host = `192.0.2.10:${t.port}`;
      const ok = await t
        .http()
        .post('/api/v1/auth/refresh')
        .set({ Host: host, Origin: `http://${host}`, Cookie: cookie });
      expect(ok.status).toBe(200);
    });
  });

  describe('security headers over plain HTTP', () => {
    it('no HSTS and no upgrade-insecure-requests for a plain-HTTP request, whatever the host', async () => {
      for (const host of [`127.0.0.1:${t.port}`, `192.0.2.10:${t.port}`]) {
        const res = await t.http({ undocumented: 'Swagger UI page, not an API operation' }).get('/docs').set('Host', host);
        expect(res.headers['strict-transport-security']).toBeUndefined();
        expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
        expect(res.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
      }
    });
  });

  describe('Cache-Control: no-store on API responses', () => {
    it('on tokens, tenant data and errors under /api/v1', async () => {
      const admin = await registerCompany(t, 'nostore');
      const responses = await Promise.all([
        t.http().post('/api/v1/auth/login').send({ email: admin.email, password: STRONG_PASSWORD }),
        t.http().get('/api/v1/companies/me').set(admin.auth),
        t.http().get('/api/v1/auth/me'),
        t.http().get('/api/v1/warehouses?limit=1000').set(admin.auth),
        t.http({ undocumented: '404 probe of a route that does not exist' }).get('/api/v1/no-such-route'),
        t.http().post('/api/v1/auth/login').type('form').send('a=b'),
      ]);
      expect(responses.map((r) => r.status)).toEqual([200, 200, 401, 400, 404, 415]);
      for (const res of responses) expect(res.headers['cache-control']).toBe('no-store');
    });
  });

  // Boots a second app in this process: keep it last. Passport's strategy registry is process-wide, so
  // once the second app is closed the first one's token checks would use a closed pool.
  describe('with HTTPS_ONLY=true', () => {
    it('HSTS and upgrade-insecure-requests are sent', async () => {
      const https = await bootApp({ HTTPS_ONLY: 'true' });
      try {
        const res = await https.http({ undocumented: '404 probe of a route that does not exist' }).get('/api/v1/nope');
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(res.headers['content-security-policy']).toMatch(/;upgrade-insecure-requests$/);
      } finally {
        await https.close();
      }
    });
  });
});
