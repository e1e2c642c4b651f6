import { createHmac, randomUUID } from 'node:crypto';
import { bootApp, registerCompany, TEST_JWT_SECRET, type Session, type TestApp } from '../support/app';
import { stocked, type Stocked } from '../support/fixtures';

/** HS256 with the server's own secret: a token that is correctly signed but says whatever we want. */
function forge(claims: Record<string, unknown>): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${unsigned}.${createHmac('sha256', TEST_JWT_SECRET).update(unsigned).digest('base64url')}`;
}

describe('forged but correctly signed access tokens', () => {
  let t: TestApp;
  let admin: Session;
  let target: Stocked;
  let valid: Record<string, unknown>;
  beforeAll(async () => {
    t = await bootApp();
    admin = await registerCompany(t, 'forged');
    target = await stocked(t, admin, 10);
    const [, payload = ''] = admin.accessToken.split('.');
    valid = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  // The movement route checks the principal inside its own SQL statement, not in the guard.
  const moveWith = (token: string) =>
    t
      .http()
      .post('/api/v1/transactions')
      .set('Authorization', `Bearer ${token}`)
      .send({ type: 'OUTBOUND', ...target, quantity: '1' });

  it('the forging helper makes tokens the API accepts (control)', async () => {
    expect((await me(forge(valid))).status).toBe(200);
  });

  const withClaims = (change: (c: Record<string, unknown>) => void) => {
    const claims = { ...valid };
    change(claims);
    return claims;
  };

  it.each<[string, (c: Record<string, unknown>) => void]>([
    ['sub not a UUID', (c) => (c.sub = 'not-a-uuid')],
    ['sub SQL-ish', (c) => (c.sub = "' OR 1=1 --")],
    ['cid not a UUID', (c) => (c.cid = 'company')],
    ['sid not a UUID', (c) => (c.sid = 'x')],
    ['sub an array', (c) => (c.sub = [c.sub])],
    ['cid an object', (c) => (c.cid = { id: c.cid })],
    ['sid a number', (c) => (c.sid = 42)],
    ['role unknown', (c) => (c.role = 'SUPERUSER')],
    ['role an array', (c) => (c.role = ['ADMIN'])],
    ['typ missing', (c) => delete c.typ],
    ['no exp', (c) => delete c.exp],
    ['exp a string', (c) => (c.exp = String(c.exp))],
    ['unknown user with UUIDs', (c) => (c.sub = randomUUID())],
  ])('%s → 401, never 500', async (_, change) => {
    const token = forge(withClaims(change));
    const read = await me(token);
    expect(read.status).toBe(401);
    expect(read.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect((await moveWith(token)).status).toBe(401);
  });

  it('nothing moved with any of them', async () => {
    expect(await t.prisma.transaction.count({ where: target })).toBe(1);
  });
});
