import { hashToken } from '@app/auth/tokens';
import { bootApp, login, registerCompany, STRONG_PASSWORD, type Session, type TestApp } from '../support/app';

const cookieOf = (res: { headers: Record<string, unknown> }): string | undefined =>
  ((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('refresh_token='));

describe('auth: refresh-token rotation, reuse detection, logout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp({ CORS_ORIGINS: 'https://app.example.test' });
  });
  afterAll(() => t.close());

  const refresh = (token: string) => t.http().post('/api/v1/auth/refresh').send({ refreshToken: token });
  const me = (access: string) => t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${access}`);

  it('stores only a SHA-256 of an opaque 256-bit token, in a family with a 7-day absolute expiry', async () => {
    const s = await registerCompany(t, 'store');
    expect(Buffer.from(s.refreshToken, 'base64url').length).toBeGreaterThanOrEqual(32);
    const rows = await t.prisma.refreshToken.findMany({ where: { userId: s.userId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(hashToken(s.refreshToken));
    expect(JSON.stringify(rows)).not.toContain(s.refreshToken);
    const days = ((rows[0]?.expiresAt.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
  });

  it('rotates: the old token dies, the new pair works, and the family expiry is not extended', async () => {
    const s = await registerCompany(t, 'rotate');
    const before = await t.prisma.refreshToken.findFirstOrThrow({ where: { userId: s.userId } });
    const res = await refresh(s.refreshToken);
    expect(res.status).toBe(200);
    expect(res.body.refreshToken).not.toBe(s.refreshToken);
    expect(cookieOf(res)).toContain(res.body.refreshToken);
    expect((await me(res.body.accessToken)).status).toBe(200);
    const successor = await t.prisma.refreshToken.findUniqueOrThrow({ where: { tokenHash: hashToken(res.body.refreshToken) } });
    expect(successor.familyId).toBe(before.familyId);
    expect(successor.expiresAt.getTime()).toBe(before.expiresAt.getTime());
    expect((await refresh(res.body.refreshToken)).status).toBe(200);
  });

  it('takes the token from the cookie too', async () => {
    const s = await registerCompany(t, 'cookie');
    const res = await t.http().post('/api/v1/auth/refresh').set('Cookie', `refresh_token=${s.refreshToken}`).send({});
    expect(res.status).toBe(200);
  });

  it('replaying a rotated token is 401 and revokes that family, while another device keeps working', async () => {
    const s = await registerCompany(t, 'replay');
    const otherDevice = await login(t, s.email, STRONG_PASSWORD);
    const next = (await refresh(s.refreshToken).expect(200)).body;
    const replay = await refresh(s.refreshToken);
    expect(replay.status).toBe(401);
    // The legitimate successor is dead too: the family is revoked.
    expect((await refresh(next.refreshToken)).status).toBe(401);
    expect((await me(next.accessToken)).status).toBe(401);
    // The other login is untouched.
    expect((await me(otherDevice.accessToken)).status).toBe(200);
    expect((await refresh(otherDevice.refreshToken)).status).toBe(200);
  });

  it('ten parallel refreshes with one token leave at most one live successor', async () => {
    const s = await registerCompany(t, 'parallel');
    const results = await Promise.all(Array.from({ length: 10 }, () => refresh(s.refreshToken)));
    const winners = results.filter((r) => r.status === 200);
    expect(winners.length).toBeLessThanOrEqual(1);
    expect(results.every((r) => r.status === 200 || r.status === 401)).toBe(true);
    const live = await t.prisma.refreshToken.count({ where: { userId: s.userId, isRevoked: false, rotatedAt: null } });
    expect(live).toBeLessThanOrEqual(1);
  });

  it('refuses unknown, revoked and expired tokens with 401', async () => {
    expect((await refresh('not-a-real-token')).status).toBe(401);
    expect((await t.http().post('/api/v1/auth/refresh').send({})).status).toBe(401);
    const s = await registerCompany(t, 'expired');
    await t.prisma.refreshToken.updateMany({ where: { userId: s.userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await refresh(s.refreshToken)).status).toBe(401);
  });

  it('refuses the cookie from a foreign Origin with 403, accepts it from an allowed one', async () => {
    const s = await registerCompany(t, 'origin');
    const foreign = await t
      .http()
      .post('/api/v1/auth/refresh')
      .set('Cookie', `refresh_token=${s.refreshToken}`)
      .set('Origin', 'https://evil.example')
      .send({});
    expect(foreign.status).toBe(403);
    const allowed = await t
      .http()
      .post('/api/v1/auth/refresh')
      .set('Cookie', `refresh_token=${s.refreshToken}`)
      .set('Origin', 'https://app.example.test')
      .send({});
    expect(allowed.status).toBe(200);
  });

  it('logout revokes the current family and clears the cookie; other logins stay', async () => {
    const s = await registerCompany(t, 'logout');
    const other = await login(t, s.email, STRONG_PASSWORD);
    const res = await t.http().post('/api/v1/auth/logout').set(s.auth);
    expect(res.status).toBe(204);
    expect(cookieOf(res)).toMatch(/refresh_token=;|Expires=Thu, 01 Jan 1970/);
    expect((await refresh(s.refreshToken)).status).toBe(401);
    expect((await me(s.accessToken)).status).toBe(401);
    expect((await me(other.accessToken)).status).toBe(200);
  });

  it('logout-all revokes every family of the user', async () => {
    const s = await registerCompany(t, 'logoutall');
    const other = await login(t, s.email, STRONG_PASSWORD);
    expect((await t.http().post('/api/v1/auth/logout-all').set(s.auth)).status).toBe(204);
    expect((await refresh(s.refreshToken)).status).toBe(401);
    expect((await refresh(other.refreshToken)).status).toBe(401);
    expect((await me(other.accessToken)).status).toBe(401);
    expect(await t.prisma.refreshToken.count({ where: { userId: s.userId, isRevoked: false } })).toBe(0);
  });
});

describe('auth: reuse grace window', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp({ REFRESH_REUSE_GRACE_SECONDS: '30' });
  });
  afterAll(() => t.close());

  it('the immediate predecessor within the window gets a 401 without revoking the family', async () => {
    const s: Session = await registerCompany(t, 'grace');
    const next = (await t.http().post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken }).expect(200)).body;
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken })).status).toBe(401);
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: next.refreshToken })).status).toBe(200);
  });

  it('an older token in the family is still reuse, even within the window', async () => {
    const s: Session = await registerCompany(t, 'grace-old');
    const second = (await t.http().post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken }).expect(200)).body;
    const third = (await t.http().post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken }).expect(200)).body;
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken })).status).toBe(401);
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: third.refreshToken })).status).toBe(401);
  });
});
