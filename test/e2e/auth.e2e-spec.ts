import * as bcrypt from 'bcrypt';
import { JwtService } from '@nestjs/jwt';
import {
  bootApp,
  createMember,
  login,
  registerCompany,
  STRONG_PASSWORD,
  TEST_JWT_SECRET,
  unique,
  type Session,
  type TestApp,
} from '../support/app';

const HASH_PATTERN = /\$2[aby]\$\d\d\$/;

describe('auth: accounts, login, access tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The production work factor: this suite is about passwords. (One app per process: passport
    // keeps its strategies in a process-wide registry.)
    t = await bootApp({ BCRYPT_COST: '12' });
  });
  afterAll(() => t.close());

  describe('register', () => {
    it('creates the company and its first ADMIN in one go, with lower-cased emails and tokens', async () => {
      const tag = unique('reg');
      const res = await t
        .http()
        .post('/api/v1/auth/register')
        .send({
          companyName: 'Reg Co',
          companyEmail: `INFO-${tag}@Example.test`,
          name: 'Reg Admin',
          email: `  Boss-${tag}@Example.TEST `,
          password: STRONG_PASSWORD,
        });
      expect(res.status).toBe(201);
      expect(res.body.user).toMatchObject({ email: `boss-${tag}@example.test`, role: 'ADMIN', isActive: true });
      expect(res.body.accessToken).toEqual(expect.any(String));
      expect(res.body.refreshToken).toEqual(expect.any(String));
      expect(res.body.expiresIn).toBe(900);
      const company = await t.prisma.company.findUniqueOrThrow({ where: { id: res.body.user.companyId } });
      expect(company.email).toBe(`info-${tag}@example.test`);
      const user = await t.prisma.user.findUniqueOrThrow({ where: { id: res.body.user.id } });
      expect(user.passwordHash).not.toContain(STRONG_PASSWORD);
      expect(await bcrypt.compare(STRONG_PASSWORD, user.passwordHash)).toBe(true);
    });

    it('hashes with bcrypt cost 12', async () => {
      const s = await registerCompany(t, 'cost');
      const user = await t.prisma.user.findUniqueOrThrow({ where: { id: s.userId } });
      expect(user.passwordHash).toMatch(/^\$2b\$12\$/);
    });

    it('refuses a duplicate user email or company email with 409 and writes nothing', async () => {
      const first = await registerCompany(t, 'dup');
      const otherCompanyEmail = `${unique('x')}@example.test`;
      const sameUser = await t.http().post('/api/v1/auth/register').send({
        companyName: 'Other',
        companyEmail: otherCompanyEmail,
        name: 'Someone',
        email: first.email.toUpperCase(),
        password: STRONG_PASSWORD,
      });
      expect(sameUser.status).toBe(409);
      // The company insert was rolled back (counted by its own email: other suites create companies meanwhile).
      expect(await t.prisma.company.count({ where: { email: otherCompanyEmail } })).toBe(0);
      const company = await t.prisma.company.findUniqueOrThrow({ where: { id: first.companyId } });
      const sameCompany = await t
        .http()
        .post('/api/v1/auth/register')
        .send({
          companyName: 'Other',
          companyEmail: company.email,
          name: 'Someone',
          email: `${unique('y')}@example.test`,
          password: STRONG_PASSWORD,
        });
      expect(sameCompany.status).toBe(409);
    });

    it.each([
      ['too short', 'short12', /at least 8 bytes/],
      ['73 bytes', 'a'.repeat(73), /at most 72 bytes/],
      ['over 72 bytes in UTF-8', 'é'.repeat(37), /at most 72 bytes/],
      ['common', 'Password123', /too common/],
    ])('refuses a password that is %s', async (_label, password, message) => {
      const res = await t
        .http()
        .post('/api/v1/auth/register')
        .send({
          companyName: 'Pw Co',
          companyEmail: `${unique('pw')}@example.test`,
          name: 'Pw',
          email: `${unique('pw')}@example.test`,
          password,
        });
      expect(res.status).toBe(400);
      expect(res.body.message.join(' ')).toMatch(message);
    });

    it('accepts exactly 72 bytes and any composition', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/register')
        .send({
          companyName: 'Pw Co',
          companyEmail: `${unique('pw')}@example.test`,
          name: 'Pw',
          email: `${unique('pw')}@example.test`,
          password: 'b'.repeat(72),
        });
      expect(res.status).toBe(201);
    });
  });

  describe('login', () => {
    let admin: Session;
    beforeAll(async () => {
      admin = await registerCompany(t, 'login');
    });

    it('returns tokens, the user, and sets the refresh cookie; records lastLoginAt', async () => {
      const res = await t.http().post('/api/v1/auth/login').send({ email: admin.email.toUpperCase(), password: STRONG_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { id: admin.userId } });
      const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('refresh_token='));
      expect(cookie).toBeDefined();
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect(cookie).toMatch(/Path=\/api\/v1\/auth/);
      expect(cookie).toContain(res.body.refreshToken);
      const user = await t.prisma.user.findUniqueOrThrow({ where: { id: admin.userId } });
      expect(user.lastLoginAt).not.toBeNull();
    });

    it('answers unknown email, wrong password and deactivated user with the same 401 body', async () => {
      const member = await createMember(t, admin, 'USER');
      await t.http().patch(`/api/v1/users/${member.userId}`).set(admin.auth).send({ isActive: false }).expect(200);
      const attempts = [
        { email: `nobody-${unique('n')}@example.test`, password: STRONG_PASSWORD },
        { email: admin.email, password: 'wrong password here' },
        { email: member.email, password: STRONG_PASSWORD },
      ];
      const bodies = [];
      for (const attempt of attempts) {
        const res = await t.http().post('/api/v1/auth/login').send(attempt);
        expect(res.status).toBe(401);
        const { requestId: _ignored, ...rest } = res.body;
        bodies.push(rest);
      }
      expect(bodies[1]).toEqual(bodies[0]);
      expect(bodies[2]).toEqual(bodies[0]);
      expect(bodies[0]).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Invalid email or password', code: 'UNAUTHORIZED' });
    });

    it('takes about the same time for an unknown email as for a wrong password (median over 20)', async () => {
      // CPU time of this process (the API runs in it; bcrypt's worker threads included), not wall time:
      // the work done per login, which other processes loading the machine cannot skew.
      const timed = async (email: string): Promise<number> => {
        const start = process.cpuUsage();
        await t.http().post('/api/v1/auth/login').send({ email, password: 'not the password' }).expect(401);
        const used = process.cpuUsage(start);
        return (used.user + used.system) / 1000;
      };
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
      await timed(admin.email); // warm-up
      const unknown: number[] = [];
      const wrong: number[] = [];
      const differences: number[] = [];
      for (let i = 0; i < 20; i++) {
        // Back-to-back pairs in random order, so load from other suites hits both sides alike.
        const ghost = `ghost-${i}-${unique('g')}@example.test`;
        let u: number;
        let w: number;
        if (Math.random() < 0.5) {
          u = await timed(ghost);
          w = await timed(admin.email);
        } else {
          w = await timed(admin.email);
          u = await timed(ghost);
        }
        unknown.push(u);
        wrong.push(w);
        differences.push(u - w);
      }
      expect(Math.abs(median(differences))).toBeLessThan(50);
      // Both paths really do the bcrypt work (cost 12 takes far more than a database lookup).
      expect(median(unknown)).toBeGreaterThan(50);
      expect(median(wrong)).toBeGreaterThan(50);
      // 41 logins at bcrypt cost 12: on a machine loaded by other suites (the dist/ build among them) they
      // can take longer than the default minute of wall time. The budget is not what is tested.
    }, 240_000);
  });

  describe('access tokens', () => {
    let admin: Session;
    const jwt = new JwtService();
    const claims = (s: Session) => ({ sub: s.userId, cid: s.companyId, role: 'ADMIN', sid: 'x', typ: 'access' });
    beforeAll(async () => {
      admin = await registerCompany(t, 'jwt');
    });
    const me = (token: string) => t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

    it('GET /auth/me returns the user and never a password or hash', async () => {
      const res = await me(admin.accessToken);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: admin.userId, email: admin.email, role: 'ADMIN', companyId: admin.companyId });
      expect(JSON.stringify(res.body)).not.toMatch(HASH_PATTERN);
      expect(Object.keys(res.body)).not.toContain('password');
      expect(Object.keys(res.body)).not.toContain('passwordHash');
    });

    it('carries iss, aud, sub, company, role, session id and a 15-minute expiry', () => {
      const decoded = jwt.decode<Record<string, unknown>>(admin.accessToken);
      expect(decoded).toMatchObject({
        iss: 'warehouse-inventory-api',
        aud: 'warehouse-inventory-clients',
        sub: admin.userId,
        cid: admin.companyId,
        role: 'ADMIN',
        typ: 'access',
      });
      expect((decoded.exp as number) - (decoded.iat as number)).toBe(900);
      expect(decoded.sid).toEqual(expect.any(String));
    });

    it('refuses alg none, a bad signature, an expired token, a wrong issuer or audience, and a refresh token', async () => {
      const real = jwt.decode<Record<string, unknown>>(admin.accessToken);
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(real)}.`;
      const badSignature = jwt.sign(
        { ...claims(admin), sid: real.sid },
        {
          secret: 'another-secret-another-secret-another-secret',
          expiresIn: 900,
          issuer: 'warehouse-inventory-api',
          audience: 'warehouse-inventory-clients',
        },
      );
      const expired = jwt.sign(
        { ...claims(admin), sid: real.sid, iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 60 },
        { secret: TEST_JWT_SECRET, issuer: 'warehouse-inventory-api', audience: 'warehouse-inventory-clients' },
      );
      const wrongIssuer = jwt.sign(
        { ...claims(admin), sid: real.sid },
        { secret: TEST_JWT_SECRET, expiresIn: 900, issuer: 'someone-else', audience: 'warehouse-inventory-clients' },
      );
      const wrongAudience = jwt.sign(
        { ...claims(admin), sid: real.sid },
        { secret: TEST_JWT_SECRET, expiresIn: 900, issuer: 'warehouse-inventory-api', audience: 'other-clients' },
      );
      const hs512 = jwt.sign(
        { ...claims(admin), sid: real.sid },
        {
          secret: TEST_JWT_SECRET,
          expiresIn: 900,
          issuer: 'warehouse-inventory-api',
          audience: 'warehouse-inventory-clients',
          algorithm: 'HS512',
        },
      );
      const sanity = jwt.sign(
        { ...claims(admin), sid: real.sid },
        { secret: TEST_JWT_SECRET, expiresIn: 900, issuer: 'warehouse-inventory-api', audience: 'warehouse-inventory-clients' },
      );
      expect((await me(sanity)).status).toBe(200); // the forging helper itself makes valid tokens
      for (const token of [none, badSignature, expired, wrongIssuer, wrongAudience, hs512, admin.refreshToken, 'garbage']) {
        const res = await me(token);
        expect(res.status).toBe(401);
      }
    });

    it('a deactivated user is refused on the very next request and loses their refresh tokens', async () => {
      const member = await createMember(t, admin, 'MANAGER');
      expect((await me(member.accessToken)).status).toBe(200);
      await t.http().patch(`/api/v1/users/${member.userId}`).set(admin.auth).send({ isActive: false }).expect(200);
      expect((await me(member.accessToken)).status).toBe(401);
      expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: member.refreshToken })).status).toBe(401);
      expect(await t.prisma.refreshToken.count({ where: { userId: member.userId, isRevoked: false } })).toBe(0);
    });

    it('a role change takes effect on the very next request and revokes refresh tokens', async () => {
      const member = await createMember(t, admin, 'MANAGER');
      await t.http().patch(`/api/v1/users/${member.userId}`).set(admin.auth).send({ role: 'USER' }).expect(200);
      expect((await me(member.accessToken)).status).toBe(401);
      expect(await t.prisma.refreshToken.count({ where: { userId: member.userId, isRevoked: false } })).toBe(0);
      const again = await login(t, member.email, STRONG_PASSWORD);
      expect((await me(again.accessToken)).body.role).toBe('USER');
    });
  });

  describe('password change', () => {
    it('needs the current password, refuses a weak one, and revokes the other sessions only', async () => {
      const admin = await registerCompany(t, 'pwchange');
      const other = await login(t, admin.email, STRONG_PASSWORD);
      const wrong = await t
        .http()
        .patch('/api/v1/auth/password')
        .set(admin.auth)
        .send({ currentPassword: 'nope nope nope', newPassword: 'a brand new passphrase' });
      expect(wrong.status).toBe(400);
      const weak = await t
        .http()
        .patch('/api/v1/auth/password')
        .set(admin.auth)
        .send({ currentPassword: STRONG_PASSWORD, newPassword: 'qwerty123' });
      expect(weak.status).toBe(400);
      const ok = await t
        .http()
        .patch('/api/v1/auth/password')
        .set(admin.auth)
        .send({ currentPassword: STRONG_PASSWORD, newPassword: 'a brand new passphrase' });
      expect(ok.status).toBe(204);
      expect((await t.http().get('/api/v1/auth/me').set(other.auth)).status).toBe(401);
      expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken })).status).toBe(401);
      expect((await t.http().get('/api/v1/auth/me').set(admin.auth)).status).toBe(200);
      expect((await t.http().post('/api/v1/auth/login').send({ email: admin.email, password: STRONG_PASSWORD })).status).toBe(401);
      expect((await t.http().post('/api/v1/auth/login').send({ email: admin.email, password: 'a brand new passphrase' })).status).toBe(200);
    });
  });
});
