import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ERROR_CODE_LIST } from '@app/common/errors/error-codes';
import { bootApp, registerCompany, type TestApp } from '../support/app';
import { createAjv } from '../support/contract';
import { DAY_SCRIPT } from '../support/client-day';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const bin = (path: string): string => join(ROOT, 'node_modules', path);

type Json = Record<string, unknown>;
type Operation = {
  operationId?: string;
  summary?: string;
  parameters?: { in: string; name: string; schema?: Json }[];
  responses: Record<string, { content?: Record<string, { schema?: Json }>; headers?: Json }>;
};

/**
 * The OpenAPI document is exact and usable as integrators use it: every operation is complete, a client
 * generated with openapi-typescript type-checks strictly and runs a whole day, and Spectral (OAS + OWASP)
 * reports no error. (Every response of every suite is also checked against it: test/support/contract.ts.)
 */
describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: Json;
  let dir: string;

  beforeAll(async () => {
    t = await bootApp();
    const res = await t.http({ undocumented: 'the OpenAPI document itself' }).get('/docs-json');
    expect(res.status).toBe(200);
    doc = res.body as Json;
    dir = mkdtempSync(join(tmpdir(), 'openapi-contract-'));
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  const operations = (): [string, Operation][] =>
    Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
    );

  it('stock operations take decimals as a string or a JSON number, with their limits, like POST /transactions', () => {
    const ajv = createAjv(doc);
    const field = (dto: string, name: string) => ajv.compile({ $ref: `openapi#/definitions/${dto}/properties/${name}` });
    const cases: [string, string, unknown[], unknown[]][] = [
      ['CreateTransferDto', 'quantity', ['12', '12.50', 12, 0.5, '1000000'], [0, -1, '1.005', '1e3', 'ten', 1000000.01]],
      ['CreateReservationDto', 'quantity', ['3', 3, '0.01'], [0, -3, '1.001']],
      ['FulfilReservationDto', 'quantity', ['2', 2], [0, '-2']],
      ['CountLineInput', 'countedQuantity', ['0', 0, '41.25', 41], ['-1', '1.001']],
      ['CreateAdjustmentDto', 'quantityChange', ['-3', '2.5', -3, 2.5, '-1000000'], ['1.001', '--1', 'x', -1000000.01, '12345678']],
    ];
    // (A string pattern cannot say "> 0": "0" passes the schema and is refused by the API, as on POST /transactions.)
    for (const [dto, name, valid, invalid] of cases) {
      const validate = field(dto, name);
      for (const v of valid) expect([dto, name, v, validate(v)]).toEqual([dto, name, v, true]);
      for (const v of invalid) expect([dto, name, v, validate(v)]).toEqual([dto, name, v, false]);
    }
  });

  it('documents Idempotent-Replayed on the success response of every route that takes an Idempotency-Key', () => {
    const idempotent = operations().filter(([, op]) =>
      (op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key'),
    );
    expect(idempotent.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/transactions',
        'POST /api/v1/transfers',
        'POST /api/v1/adjustments',
        'POST /api/v1/reservations',
      ]),
    );
    for (const [name, op] of idempotent) {
      const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      expect(success.length).toBeGreaterThan(0);
      for (const [status, response] of success)
        expect([name, status, Object.keys(response.headers ?? {})]).toEqual([
          name,
          status,
          expect.arrayContaining(['Idempotent-Replayed']),
        ]);
    }
  });

  it('gives every operation a summary, a stable readable operationId, documented success and error bodies', () => {
    const problems: string[] = [];
    const ids = new Set<string>();
    for (const [name, op] of operations()) {
      if (!op.summary) problems.push(`${name}: no summary`);
      if (!op.operationId || !/^[a-z][a-z0-9_]*_[a-z][A-Za-z0-9]*$/.test(op.operationId))
        problems.push(`${name}: operationId ${op.operationId}`);
      if (op.operationId && ids.has(op.operationId)) problems.push(`${name}: duplicate operationId ${op.operationId}`);
      ids.add(op.operationId ?? '');
      for (const [status, response] of Object.entries(op.responses)) {
        if (!response.headers?.['X-Request-Id']) problems.push(`${name} ${status}: X-Request-Id not documented`);
        // JSON everywhere, except the CSV exports (text/csv, a string schema): a schema for each media type.
        const media = Object.entries(response.content ?? {});
        if (status !== '204' && (media.length === 0 || media.some(([, m]) => !m.schema)))
          problems.push(`${name} ${status}: no body schema`);
        for (const [type, m] of media) {
          if (type !== 'application/json' && m.schema?.type !== 'string')
            problems.push(`${name} ${status}: a ${type} body must be documented as type: string`);
        }
      }
      for (const p of op.parameters ?? []) {
        // An id in the path is read through UuidParam(), which documents it as a UUID.
        if (p.in === 'path' && /(^id|Id)$/.test(p.name) && p.schema?.format !== 'uuid')
          problems.push(`${name}: path id ${p.name} is not format: uuid`);
      }
    }
    expect(problems).toEqual([]);
    expect([...ids]).toEqual(expect.arrayContaining(['items_list', 'transactions_create', 'auth_logout', 'inventory_list']));
  });

  it('publishes the error codes of src/common/errors as the enum of ErrorResponse.code', () => {
    const schemas = (doc.components as Json).schemas as Record<string, { properties: Record<string, Json> }>;
    expect(schemas.ErrorResponse.properties.code.enum).toEqual(ERROR_CODE_LIST);
    const catalogue = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');
    expect(ERROR_CODE_LIST.filter((code) => !catalogue.includes(`| \`${code}\` |`))).toEqual([]);
  });

  /** The request body Swagger UI pre-fills for "Try it out": every property, from example > default > enum > type. */
  const sample = (raw: Json): unknown => {
    let schema = raw;
    while (typeof schema.$ref === 'string')
      schema = ((doc.components as Json).schemas as Record<string, Json>)[schema.$ref.split('/').pop() ?? ''] ?? {};
    if (schema.example !== undefined) return schema.example;
    if (schema.default !== undefined) return schema.default;
    if (Array.isArray(schema.enum)) return schema.enum[0];
    if (Array.isArray(schema.oneOf)) return sample(schema.oneOf[0] as Json);
    switch (schema.type) {
      case 'object':
        return Object.fromEntries(Object.entries((schema.properties ?? {}) as Record<string, Json>).map(([k, v]) => [k, sample(v)]));
      case 'array':
        return [sample((schema.items ?? {}) as Json)];
      case 'string':
        return schema.format === 'uuid'
          ? '3fa85f64-5717-4562-b3fc-2c963f66afa6'
          : schema.format === 'date-time'
            ? new Date().toISOString()
            : 'string';
      case 'integer':
      case 'number':
        return 0;
      case 'boolean':
        return true;
      default:
        return undefined;
    }
  };

  it('pre-fills runnable Try it out bodies: the sample of every request body passes validation', async () => {
    const admin = await registerCompany(t, 'examples');
    const refused: string[] = [];
    const ops = operations().sort(([a], [b]) => Number(a.endsWith('/auth/password')) - Number(b.endsWith('/auth/password')));
    for (const [name, op] of ops) {
      const schema = (op as Operation & { requestBody?: { content: Record<string, { schema: Json }> } }).requestBody?.content[
        'application/json'
      ]?.schema;
      if (!schema) continue;
      const [method, path] = name.split(' ');
      const url = path.replace(/\{[^}]+\}/g, '3fa85f64-5717-4562-b3fc-2c963f66afa6');
      const body = sample(schema);
      const res = await t
        .http()
        [method.toLowerCase() as 'post' | 'patch'](url)
        .set(admin.auth)
        .send(body as object);
      if (res.status === 400) refused.push(`${name}: ${JSON.stringify(body)} → ${JSON.stringify(res.body.message)}`);
    }
    expect(refused).toEqual([]);
  });

  it('has no field typed as a bare object (a nullable field must keep its real type)', () => {
    const bare: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const schema = node as Json;
      if (schema.type === 'object' && !schema.properties && !schema.additionalProperties && !schema.allOf && !schema.oneOf) bare.push(path);
      for (const [key, value] of Object.entries(schema)) visit(value, `${path}/${key}`);
    };
    visit(doc.components, '#/components');
    visit(doc.paths, '#/paths');
    expect(bare).toEqual([]);
  });

  it('Spectral (spectral:oas + OWASP, .spectral.yaml) reports no error', async () => {
    const file = join(dir, 'openapi.json');
    const { stdout } = await run(
      process.execPath,
      [
        bin('@stoplight/spectral-cli/dist/index.js'),
        'lint',
        file,
        '-r',
        join(ROOT, '.spectral.yaml'),
        '-f',
        'json',
        '--fail-severity',
        'error',
        '-q',
      ],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    ).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '[]' }));
    const results = JSON.parse(stdout || '[]') as { code: string; severity: number; path: string[]; message: string }[];
    const errors = results.filter((r) => r.severity === 0).map((r) => `${r.code} at ${r.path.join('.')}: ${r.message}`);
    expect(errors).toEqual([]);
  }, 120_000);

  it('a client generated with openapi-typescript type-checks with --strict (no casts) and runs a whole day', async () => {
    // The programmatic API of openapi-typescript, as an integrator would call it (in a child: it is ESM-only).
    const generator = [
      "import openapiTS, { astToString } from 'openapi-typescript';",
      "import { readFileSync, writeFileSync } from 'node:fs';",
      `const doc = JSON.parse(readFileSync(${JSON.stringify(join(dir, 'openapi.json'))}, 'utf8'));`,
      `writeFileSync(${JSON.stringify(join(dir, 'api.d.ts'))}, astToString(await openapiTS(doc)));`,
    ].join('\n');
    writeFileSync(join(dir, 'generate.mjs'), generator);
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    await run(process.execPath, [join(dir, 'generate.mjs')], { cwd: dir });

    writeFileSync(join(dir, 'day.mts'), DAY_SCRIPT);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          lib: ['es2022', 'dom'],
          types: ['node'],
          skipLibCheck: true,
          outDir: 'out',
        },
        files: ['day.mts', 'api.d.ts'],
      }),
    );
    const tsc = await run(process.execPath, [bin('typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json'), '--strict'], { cwd: dir }).catch(
      (err: { stdout?: string; stderr?: string }) => ({ stdout: `${err.stdout ?? ''}${err.stderr ?? ''}`, failed: true }),
    );
    expect('failed' in tsc ? tsc.stdout : '').toBe('');
    expect(DAY_SCRIPT).not.toMatch(/\bas\s+(unknown|any|[A-Z{])|<any>|@ts-(ignore|expect-error)|!\./);

    const day = await run(process.execPath, [join(dir, 'out', 'day.mjs')], {
      cwd: dir,
      env: { ...process.env, BASE_URL: t.baseUrl },
    }).catch((err: { stdout?: string; stderr?: string }) => ({ stdout: `${err.stdout ?? ''}\n${err.stderr ?? ''}`, failed: true }));
    expect('failed' in day ? day.stdout : 'ok').toBe('ok');
    expect(day.stdout).toMatch(/day done/);
  }, 120_000);
});
