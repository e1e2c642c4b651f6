import { bootApp, registerCompany, STRONG_PASSWORD, type TestApp } from '../support/app';

describe('auth rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp({ AUTH_THROTTLE_IP_LIMIT: '1000', AUTH_THROTTLE_ACCOUNT_LIMIT: '5', AUTH_THROTTLE_TTL_SECONDS: '60' });
  });
  afterAll(() => t.close());

  it('limits login per account with 429 and Retry-After, without locking out another account', async () => {
    const victim = await registerCompany(t, 'victim');
    const bystander = await registerCompany(t, 'bystander');
    const statuses: number[] = [];
    let limited: { headers: Record<string, string> } | undefined;
    for (let i = 0; i < 7; i++) {
      const res = await t.http().post('/api/v1/auth/login').send({ email: victim.email, password: 'wrong wrong wrong' });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    // Registering counted as the account's first attempt: 4 more are allowed in the window.
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429]);
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
    // The same account with the right password is also held back for the window...
    expect((await t.http().post('/api/v1/auth/login').send({ email: victim.email, password: STRONG_PASSWORD })).status).toBe(429);
    // ...but another account from the same IP is not.
    expect((await t.http().post('/api/v1/auth/login').send({ email: bystander.email, password: STRONG_PASSWORD })).status).toBe(200);
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
