import { bootApp, createMember, registerCompany, STRONG_PASSWORD, unique, type Session, type TestApp } from '../support/app';
import { createItem, createWarehouse, stocked } from '../support/fixtures';

/** Every bad input is a 4xx naming the problem, never a 5xx, and changes nothing. */
describe('hostile input', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await bootApp();
    admin = await registerCompany(t, 'hostile');
  });
  afterAll(() => t.close());

  const messages = (body: { message: string | string[] }): string => [body.message].flat().join('\n');

  describe('deeply nested JSON', () => {
    const nested = (levels: number, inner = ''): string => '['.repeat(levels) + inner + ']'.repeat(levels);
    const postJson = (path: string, text: string) => t.http().post(path).set('content-type', 'application/json').send(text);

    it('is refused with 400 before it is parsed, on a public route', async () => {
      const res = await postJson('/api/v1/auth/login', nested(400_000));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'JSON_TOO_DEEP', message: expect.stringMatching(/deeper than 64/) });
      const field = await postJson('/api/v1/auth/login', `{"email":${nested(64)},"password":"x"}`);
      expect(field.body.code).toBe('JSON_TOO_DEEP');
    });

    it('counts only structure: 64 levels pass, brackets inside strings and escaped quotes do not count', async () => {
      const atLimit = await postJson('/api/v1/auth/login', `{"email":${nested(63)},"password":"x"}`);
      expect(atLimit.status).toBe(400);
      expect(atLimit.body.code).toBe('VALIDATION_FAILED');
      const inString = await postJson('/api/v1/auth/login', JSON.stringify({ email: admin.email, password: `\\"${'['.repeat(500)}` }));
      expect(inString.status).toBe(401);
    });

    it('keeps /health/live responsive while 20 such bodies arrive at once', async () => {
      const bomb = nested(400_000); // 800 kB, under the 1 MB limit
      const bombs = Array.from({ length: 20 }, () => postJson('/api/v1/auth/login', bomb).then((r) => [r.status, r.body.code]));
      const health = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const started = Date.now();
        const res = await t.http().get('/health/live');
        return { status: res.status, ms: Date.now() - started };
      })();
      const [results, live] = await Promise.all([Promise.all(bombs), health]);
      expect(results).toEqual(Array.from({ length: 20 }, () => [400, 'JSON_TOO_DEEP']));
      expect(live.status).toBe(200);
      // Parsing these used to hold the event loop for 0.4-0.9 s each; the depth scan takes a few ms.
      expect(live.ms).toBeLessThan(3000);
    });
  });

  describe('NUL and unpaired surrogates, in any text input', () => {
    const RULE = 'must not contain NUL or unpaired surrogate characters';

    it('in body fields at any depth: 400 naming each field, nothing written', async () => {
      const name = unique('nul');
      const res = await t
        .http()
        .post('/api/v1/warehouses')
        .set(admin.auth)
        .send({ name: `${name}\u0000`, location: 'Dock \uD800', capacity: '10', extra: { deep: [{ x: 'ok' }, { y: '\uDC00tail' }] } });
      expect(res.status).toBe(400);
      const text = messages(res.body);
      expect(text).toContain(`name: ${RULE}`);
      expect(text).toContain(`location: ${RULE}`);
      expect(text).toContain(`extra.deep[1].y: ${RULE}`);
      expect(await t.prisma.warehouse.count({ where: { companyId: admin.companyId, name: { startsWith: name } } })).toBe(0);
    });

    it('in property names', async () => {
      const res = await t.http().post('/api/v1/warehouses').set(admin.auth).send({ 'na\u0000me': 'x' });
      expect(res.status).toBe(400);
      expect(messages(res.body)).toContain(`"na\\u0000me": property names ${RULE}`);
    });

    it('a lone surrogate in a login email is a 400, not a crash in the email check', async () => {
      const res = await t.http().post('/api/v1/auth/login').send({ email: 'ad\uD800min@example.test', password: 'whatever whatever' });
      expect(res.status).toBe(400);
      expect(messages(res.body)).toContain(`email: ${RULE}`);
    });

    it('in a PATCH: 400 and the record is unchanged', async () => {
      const before = await t.prisma.company.findUniqueOrThrow({ where: { id: admin.companyId } });
      const res = await t.http().patch('/api/v1/companies/me').set(admin.auth).send({ name: 'Renamed', address: 'Main St\u0000 1' });
      expect(res.status).toBe(400);
      expect(messages(res.body)).toContain(`address: ${RULE}`);
      expect(await t.prisma.company.findUniqueOrThrow({ where: { id: admin.companyId } })).toEqual(before);
    });

    it('in query strings (search, category)', async () => {
      const res = await t.http().get('/api/v1/items?search=pump%00&category=a%00b').set(admin.auth);
      expect(res.status).toBe(400);
      expect(messages(res.body)).toContain(`search: ${RULE}`);
      expect(messages(res.body)).toContain(`category: ${RULE}`);
      const warehouses = await t.http().get('/api/v1/warehouses?search=%00').set(admin.auth);
      expect(warehouses.status).toBe(400);
      expect(messages(warehouses.body)).toContain(`search: ${RULE}`);
    });

    it('in path parameters', async () => {
      const res = await t.http().get('/api/v1/items/%00').set(admin.auth);
      expect(res.status).toBe(400);
      expect(messages(res.body)).toContain(`id: ${RULE}`);
    });

    it('in a movement note', async () => {
      const target = await stocked(t, admin, 5);
      const res = await t
        .http()
        .post('/api/v1/transactions')
        .set(admin.auth)
        .send({ type: 'OUTBOUND', ...target, quantity: '1', notes: 'x\u0000' });
      expect(res.status).toBe(400);
      expect(messages(res.body)).toContain(`notes: ${RULE}`);
      expect(await t.prisma.transaction.count({ where: target })).toBe(1);
    });
  });

  describe('explicit null for a field that cannot be null', () => {
    it('users: 400 naming each field, on create and update; nothing changes', async () => {
      const member = await createMember(t, admin, 'USER');
      const res = await t.http().patch(`/api/v1/users/${member.userId}`).set(admin.auth).send({ name: null, role: null, isActive: null });
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual(['name must not be null', 'role must not be null', 'isActive must not be null']);
      const user = await t.prisma.user.findUniqueOrThrow({ where: { id: member.userId } });
      expect(user).toMatchObject({ role: 'USER', isActive: true });
      const email = `${unique('n')}@example.test`;
      const created = await t
        .http()
        .post('/api/v1/users')
        .set(admin.auth)
        .send({ email, name: 'Nully', password: STRONG_PASSWORD, role: null });
      expect(created.status).toBe(400);
      expect(created.body.message).toEqual(['role must not be null']);
      expect(await t.prisma.user.count({ where: { email } })).toBe(0);
    });

    it('warehouses', async () => {
      const wh = await createWarehouse(t, admin);
      const res = await t.http().patch(`/api/v1/warehouses/${wh.id}`).set(admin.auth).send({ name: null, location: null, capacity: null });
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual(['name must not be null', 'location must not be null', 'capacity must not be null']);
      expect((await t.http().get(`/api/v1/warehouses/${wh.id}`).set(admin.auth)).body).toMatchObject({
        name: wh.name,
        capacity: '1000.00',
      });
    });

    it('items: non-nullable fields refused, nullable ones cleared', async () => {
      const item = await createItem(t, admin, { description: 'Blue', reorderThreshold: 3, volumePerUnit: '0.5' });
      const res = await t.http().patch(`/api/v1/items/${item.id}`).set(admin.auth).send({ sku: null, name: null, unitOfMeasure: null });
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual(['sku must not be null', 'name must not be null', 'unitOfMeasure must not be null']);
      const cleared = await t
        .http()
        .patch(`/api/v1/items/${item.id}`)
        .set(admin.auth)
        .send({ category: null, description: null, reorderThreshold: null, volumePerUnit: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ sku: item.sku, category: null, description: null, reorderThreshold: null, volumePerUnit: null });
    });

    it('company: name refused, phone and address cleared', async () => {
      const res = await t.http().patch('/api/v1/companies/me').set(admin.auth).send({ name: null });
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual(['name must not be null']);
      const set = await t.http().patch('/api/v1/companies/me').set(admin.auth).send({ phone: '+821012345678', address: 'Main St 1' });
      expect(set.status).toBe(200);
      const cleared = await t.http().patch('/api/v1/companies/me').set(admin.auth).send({ phone: null, address: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ phone: null, address: null });
    });
  });

  describe('dates outside a sane range', () => {
    it.each([
      ['from=0000-01-01T00:00:00Z', 'from'],
      ['from=1969-12-31T23:59:59Z', 'from'],
      ['to=', 'to'],
      ['to=10000-01-01T00:00:00Z', 'to'],
      ['to=9999-12-31T23:59:59-01:00', 'to'],
      ['from=2026-02-30T00:00:00Z', 'from'],
      ['from=yesterday', 'from'],
    ])('%s → 400 naming the parameter', async (query, name) => {
      const res = await t.http().get(`/api/v1/transactions?${query}`).set(admin.auth);
      expect(res.status).toBe(400);
      expect(messages(res.body)).toMatch(new RegExp(`^${name} must be`, 'm'));
    });

    it('accepts the edges of the range', async () => {
      const res = await t.http().get('/api/v1/transactions?from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59.999Z').set(admin.auth);
      expect(res.status).toBe(200);
    });

    it('a history cursor with year 0 → 400 naming the cursor', async () => {
      const cursor = Buffer.from(`0000-01-01T00:00:00.000Z|${admin.userId}`).toString('base64url');
      const res = await t.http().get(`/api/v1/transactions?cursor=${cursor}`).set(admin.auth);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_CURSOR', message: 'cursor is not valid' });
    });
  });

  describe('bodies that are not JSON', () => {
    it('a form-encoded body → 415 with the error body, nothing created', async () => {
      const email = `${unique('form')}@example.test`;
      const res = await t
        .http()
        .post('/api/v1/auth/register')
        .type('form')
        .send({ companyName: 'Form Co', companyEmail: email, name: 'Form User', email, password: STRONG_PASSWORD });
      expect(res.status).toBe(415);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type', requestId: expect.any(String) });
      expect(await t.prisma.user.count({ where: { email } })).toBe(0);
    });

    it.each(['text/plain', 'multipart/form-data; boundary=x', 'application/xml'])('%s → 415', async (type) => {
      const res = await t.http().post('/api/v1/warehouses').set(admin.auth).set('content-type', type).send('name=x');
      expect(res.status).toBe(415);
    });

    it('JSON with a charset is fine; an empty JSON body counts as no body', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ email: admin.email, password: STRONG_PASSWORD }));
      expect(res.status).toBe(200);
      const empty = await t
        .http()
        .post('/api/v1/auth/logout')
        .set({ Authorization: `Bearer ${res.body.accessToken}`, 'content-type': 'application/json' })
        .send('');
      expect(empty.status).toBe(204);
    });

    it('prototype poisoning is still refused', async () => {
      const res = await t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send('{"__proto__":{"admin":true}}');
      expect(res.status).toBe(400);
    });
  });
});
