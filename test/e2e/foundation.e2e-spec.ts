import { bootApp, type TestApp } from '../support/app';

describe('foundation: pipeline, errors, health, docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(() => t.close());

  const noInternals = (body: unknown): void => {
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/at .*\.(js|ts):\d+/);
    expect(text).not.toMatch(/stack|prisma|node_modules/i);
  };

  it('liveness and readiness answer 200 without a token', async () => {
    const live = await t.http().get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details.database.status).toBe('up');
  });

  it('answers unknown routes with a JSON 404 in the public error shape', async () => {
    const res = await t.http({ undocumented: '404 probe of a route that does not exist' }).get('/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect(typeof res.body.requestId).toBe('string');
    noInternals(res.body);
  });

  it('refuses malformed JSON with a 400 and no stack trace', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email": "a@b.c", ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.message).toMatch(/not valid JSON/);
    noInternals(res.body);
  });

  it('refuses a body over 1 MB with a 413', async () => {
    const big = JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1_100_000) });
    const res = await t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send(big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('names every offending field and rejects unknown fields', async () => {
    const res = await t.http().post('/api/v1/auth/register').send({ companyName: 'x', email: 'nope', extra: 1 });
    expect(res.status).toBe(400);
    const messages = (res.body.message as string[]).join('\n');
    for (const field of ['companyName', 'companyEmail', 'name', 'email', 'password', 'extra']) expect(messages).toContain(field);
    noInternals(res.body);
  });

  it('puts a request id on every response, echoing a valid incoming one', async () => {
    const res = await t.http().get('/health/live').set('x-request-id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
    const fresh = await t.http().get('/health/live').set('x-request-id', 'bad id with spaces');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets helmet security headers', async () => {
    const res = await t.http().get('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
  });

  it('serves Swagger UI and an OpenAPI document with the Bearer scheme', async () => {
    const ui = await t.http({ undocumented: 'Swagger UI page, not an API operation' }).get('/docs');
    expect([200, 301, 302]).toContain(ui.status);
    const doc = await t.http({ undocumented: 'the OpenAPI document itself' }).get('/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/health/ready']));
  });

  it('documents the refusals of the request pipeline on every operation, with the error body', async () => {
    const doc = (await t.http({ undocumented: 'the OpenAPI document itself' }).get('/docs-json')).body as {
      paths: Record<string, Record<string, { parameters?: { in: string }[]; responses: Record<string, { content?: unknown }> }>>;
      components: { schemas: Record<string, { required?: string[] }> };
    };
    expect(doc.components.schemas.ErrorResponse?.required).toEqual(['statusCode', 'error', 'message', 'requestId']);
    const missing: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const expected = ['post', 'put', 'patch', 'delete'].includes(method)
          ? ['400', '413', '415']
          : (op.parameters ?? []).some((p) => p.in === 'query' || p.in === 'path')
            ? ['400']
            : [];
        for (const status of expected) if (!op.responses[status]) missing.push(`${method} ${path} ${status}`);
        for (const [status, response] of Object.entries(op.responses)) {
          if (/^[45]/.test(status) && !response.content) missing.push(`${method} ${path} ${status} without a body schema`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('requires a token on business routes', async () => {
    const res = await t.http().get('/api/v1/auth/me');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });
});
