import { request as httpRequest } from 'node:http';
import { bootApp, registerCompany, STRONG_PASSWORD, type TestApp } from '../support/app';

/** A JSON POST from a chosen loopback address (127.0.0.0/8 all reach a server on 127.0.0.1): another client IP. */
function postFrom(
  t: TestApp,
  localAddress: string,
  path: string,
  body: object,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${t.baseUrl}${path}`,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const loginFrom = (t: TestApp, ip: string, email: string, password: string) => postFrom(t, ip, '/api/v1/auth/login', { email, password });

describe('auth rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp({
      AUTH_THROTTLE_IP_LIMIT: '1000',
      AUTH_THROTTLE_ACCOUNT_IP_LIMIT: '5',
      AUTH_THROTTLE_ACCOUNT_LIMIT: '12',
      AUTH_THROTTLE_TTL_SECONDS: '600', // long enough that no window ends while a test runs
    });
  });
  afterAll(() => t.close());

  it('limits an account from one IP with 429 and Retry-After, without locking out another account', async () => {
    const victim = await registerCompany(t, 'victim');
    const bystander = await registerCompany(t, 'bystander');
    const statuses: number[] = [];
    let limited: { headers: Record<string, unknown> } | undefined;
    for (let i = 0; i < 7; i++) {
      const res = await loginFrom(t, '127.0.0.1', victim.email, 'wrong wrong wrong');
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    // Registering (from 127.0.0.1) counted as the account's first attempt: 4 more are allowed in the window.
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429]);
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
    // The same account from the same IP is held back for the window, even with the right password...
    expect((await loginFrom(t, '127.0.0.1', victim.email, STRONG_PASSWORD)).status).toBe(429);
    // ...another account from the same IP is not...
    expect((await loginFrom(t, '127.0.0.1', bystander.email, STRONG_PASSWORD)).status).toBe(200);
    // ...and neither is the owner, with the right password, from another IP.
    expect((await loginFrom(t, '127.0.0.2', victim.email, STRONG_PASSWORD)).status).toBe(200);
  });

  it('a single-IP attack, however long, never locks the owner out from elsewhere', async () => {
    const owner = await registerCompany(t, 'owner');
    const attack: number[] = [];
    for (let i = 0; i < 40; i++) attack.push((await loginFrom(t, '127.0.0.3', owner.email, `guess ${i} guess`)).status);
    expect(attack.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(attack.slice(5))).toEqual(new Set([429]));
    // 40 attempts from one IP, yet the account's all-IP ceiling (12) only saw the 5 that got through.
    expect((await loginFrom(t, '127.0.0.4', owner.email, STRONG_PASSWORD)).status).toBe(200);
  });

  it('many IPs together reach the per-account ceiling (the documented trade-off)', async () => {
    const target = await registerCompany(t, 'distributed'); // 1 attempt from 127.0.0.1
    const statuses: number[] = [];
    for (let ip = 10; ip < 14; ip++) {
      for (let i = 0; i < 3; i++) statuses.push((await loginFrom(t, `127.0.1.${ip}`, target.email, 'wrong wrong wrong')).status);
    }
    // 1 + 12 attempts: the 13th is over the ceiling of 12.
    expect(statuses.filter((s) => s === 401)).toHaveLength(11);
    expect(statuses.slice(-1)).toEqual([429]);
    expect((await loginFrom(t, '127.0.2.1', target.email, STRONG_PASSWORD)).status).toBe(429);
  });

  it('limits per IP across accounts', async () => {
    const strict = await bootApp({ AUTH_THROTTLE_IP_LIMIT: '3', AUTH_THROTTLE_ACCOUNT_LIMIT: '100' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push(
          (
            await strict
              .http()
              .post('/api/v1/auth/login')
              .send({ email: `someone-${i}@example.test`, password: 'whatever whatever' })
          ).status,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      const refresh = await strict.http().post('/api/v1/auth/refresh').send({ refreshToken: 'x' });
      expect(refresh.status).toBe(429);
    } finally {
      await strict.close();
    }
  });
});
