import fc from 'fast-check';
import { bootApp, createMember, login, registerCompany, STRONG_PASSWORD, type Session, type TestApp } from '../support/app';
import { move, stocked } from '../support/fixtures';

/**
 * A bounded, deterministic, schema-driven fuzz of every operation in the live OpenAPI document, as the
 * ADMIN of a fresh company: inputs are generated from each operation's parameter and body schemas, mixed
 * with hostile values (NUL, lone surrogates, deep nesting, huge and tiny numbers, year 0, nulls, wrong types,
 * unknown fields). Every response goes through the contract harness (test/support/contract.ts), so a status
 * the document does not list, or a body that does not match, fails the case; on top of that: never a 5xx,
 * and a refused write (4xx) changes no row of the company (checksum of its rows before and after).
 * On failure fast-check prints the seed and the shrunk counterexample; rerun with FUZZ_SEED=<seed>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 12);
/** Fixed runs keep it deterministic; 12 runs per operation take ~20 s on an idle 2-core machine, and the test times out at 3 minutes. */
const BUDGET_MS = 60_000;

type Json = Record<string, unknown>;
type Schema = Json;
interface Operation {
  operationId: string;
  parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[];
  /** application/json, or for the CSV imports text/csv (a string schema whose example is a small valid file). */
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface Case {
  path: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body: unknown;
  /** declared: the body in the media type the operation declares; none: no body; text: a text/plain body. */
  bodyKind: 'declared' | 'none' | 'text';
}

const deep = (levels: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < levels; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

/** Values that have broken APIs before: each is sent in place of a field, a parameter or a whole body. */
const HOSTILE: unknown[] = [
  null,
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDC00y',
  '\u202Eevil',
  '0000-01-01T00:00:00Z',
  '0000-00-00',
  '1969-12-31T23:59:59Z',
  '10000-01-01T00:00:00Z',
  '2024-02-30T00:00:00Z',
  1e308,
  -1e308,
  5e-324,
  -0,
  2 ** 53 + 1,
  -1,
  0,
  '1e999',
  '-0.00',
  '99999999999999999999.999',
  'NaN',
  'Infinity',
  true,
  [],
  {},
  [null],
  deep(70),
  deep(20),
  'x'.repeat(5000),
  "' OR 1=1 --",
  '../../../etc/passwd',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  { __proto__: { admin: true } },
  { constructor: { prototype: { admin: true } } },
];
const hostile = fc.constantFrom(...HOSTILE);

function resolveRef(doc: Json, schema: Schema): Schema {
  let s = schema;
  while (typeof s.$ref === 'string') {
    s = ((doc.components as Json).schemas as Record<string, Schema>)[s.$ref.split('/').pop() ?? ''] ?? {};
  }
  return s;
}

/** An arbitrary of values valid for `schema` (as far as a schema says), with hostile values mixed in. */
function fromSchema(doc: Json, raw: Schema, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  const schema = resolveRef(doc, raw);
  const valid = validFromSchema(doc, schema, ids, depth);
  const withNull = schema.nullable ? fc.oneof(valid, fc.constant(null)) : valid;
  return fc.oneof({ arbitrary: withNull, weight: 4 }, { arbitrary: hostile, weight: 1 });
}

function validFromSchema(doc: Json, schema: Schema, ids: string[], depth: number): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.oneOf))
    return fc.oneof(...(schema.oneOf as Schema[]).map((s) => validFromSchema(doc, resolveRef(doc, s), ids, depth)));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (schema.example !== undefined && typeof schema.example !== 'object') {
    return fc.oneof(fc.constant(schema.example), validByType(doc, schema, ids, depth));
  }
  return validByType(doc, schema, ids, depth);
}

function validByType(doc: Json, schema: Schema, ids: string[], depth: number): fc.Arbitrary<unknown> {
  switch (schema.type) {
    case 'string': {
      if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...ids), fc.uuid());
      if (schema.format === 'date-time') {
        return fc
          .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
          .map((d) => d.toISOString());
      }
      const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
      const maxLength = Math.min(typeof schema.maxLength === 'number' ? schema.maxLength : 50, 300);
      return fc.string({ minLength, maxLength, unit: 'grapheme' });
    }
    case 'integer':
      return fc.integer({
        min: Math.max(typeof schema.minimum === 'number' ? schema.minimum : -1e6, Number.MIN_SAFE_INTEGER),
        max: Math.min(typeof schema.maximum === 'number' ? schema.maximum : 1e6, Number.MAX_SAFE_INTEGER),
      });
    case 'number':
      return fc.double({
        min: typeof schema.minimum === 'number' ? schema.minimum : -1e9,
        max: typeof schema.maximum === 'number' ? schema.maximum : 1e9,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 3 ? fc.constant([]) : fc.array(fromSchema(doc, (schema.items as Schema) ?? {}, ids, depth + 1), { maxLength: 3 });
    case 'object': {
      if (depth > 3) return fc.constant({});
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set((schema.required as string[] | undefined) ?? []);
      const shape = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fromSchema(doc, v, ids, depth + 1)]));
      const record = fc.record(shape, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
      // Sometimes an unknown field (mass assignment: companyId, role, id…), sometimes a required one missing.
      return fc.oneof(
        { arbitrary: record, weight: 5 },
        {
          arbitrary: fc
            .tuple(record, fc.constantFrom('companyId', 'id', 'createdAt', 'isAdmin', '__proto__'), hostile)
            .map(([r, k, v]) => ({ ...r, [k]: v })),
          weight: 1,
        },
        { arbitrary: fc.record(shape, { requiredKeys: [] }), weight: 1 },
      );
    }
    default:
      return hostile;
  }
}

function caseArbitrary(doc: Json, op: Operation, ids: string[]): fc.Arbitrary<Case> {
  const params = op.parameters ?? [];
  const path = fc.record(
    Object.fromEntries(
      params
        .filter((p) => p.in === 'path')
        .map((p) => [
          p.name,
          fc.oneof(
            { arbitrary: fc.constantFrom(...ids), weight: 3 },
            fc.uuid(),
            hostile.map((v) => String(v).slice(0, 200) || 'x'),
          ),
        ]),
    ),
  ) as fc.Arbitrary<Record<string, string>>;
  const query = fc.record(
    Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, fromSchema(doc, p.schema ?? {}, ids)])),
    { requiredKeys: [] },
  );
  const headers = fc.record(
    Object.fromEntries(
      params
        .filter((p) => p.in === 'header')
        .map((p) => [p.name, fc.oneof(fc.stringMatching(/^[\x21-\x7e]{1,40}$/), fc.constantFrom('', ' ', 'x'.repeat(300), 'é'))]),
    ),
    { requiredKeys: [] },
  ) as fc.Arbitrary<Record<string, string>>;
  const [mediaType, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
  const schema = media?.schema;
  const body =
    mediaType === 'text/csv' && schema
      ? fc.oneof({ arbitrary: csvArbitrary(resolveRef(doc, schema), ids), weight: 6 }, { arbitrary: fromSchema(doc, schema, ids), weight: 2 })
      : schema
        ? fc.oneof({ arbitrary: fromSchema(doc, schema, ids), weight: 8 }, { arbitrary: hostile, weight: 1 })
        : fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: hostile, weight: 1 });
  const bodyKind = fc.constantFrom<Case['bodyKind']>('declared', 'declared', 'declared', 'declared', 'declared', 'none', 'text');
  return fc.record({ path, query, headers, body, bodyKind });
}

/** CSV cells: plain, quoted (commas, quotes, line breaks), formula-like, ids, and hostile text. */
const csvCell = (ids: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/),
    fc.constantFrom(...ids, '1', '0', '-1', '2.50', '1e999', '=cmd()', '', ' ', '\u0000', 'x'.repeat(300)),
    fc.string({ maxLength: 10 }).map((v) => `"${v.replace(/"/g, '""')},\n"`),
  );

/**
 * A text/csv body for an operation whose request body schema is a string with an example file: the
 * example's header (sometimes with a column dropped or an unknown one added) and a few generated rows,
 * lines ended by CRLF or LF; sometimes a ragged row or an unterminated quote.
 */
function csvArbitrary(schema: Schema, ids: string[]): fc.Arbitrary<string> {
  const header = typeof schema.example === 'string' ? (schema.example.split(/\r?\n/)[0] ?? '') : '';
  const columns = header.split(',').filter(Boolean);
  const headerArb = fc.oneof(
    { arbitrary: fc.constant(columns), weight: 6 },
    { arbitrary: fc.constant(columns.slice(1)), weight: 1 },
    { arbitrary: fc.constant([...columns, 'colour']), weight: 1 },
  );
  return fc
    .tuple(
      headerArb,
      fc.array(fc.array(csvCell(ids), { minLength: Math.max(columns.length - 1, 0), maxLength: columns.length + 1 }), { maxLength: 4 }),
      fc.constantFrom('\r\n', '\n'),
      fc.constantFrom('', '', '', '"unterminated'),
    )
    .map(([cols, rows, eol, tail]) => [cols.join(','), ...rows.map((r) => r.join(',')), ...(tail ? [tail] : [])].join(eol));
}

/** encodeURIComponent, except that a lone surrogate is sent as its (invalid) 3-byte UTF-8 form. */
function encode(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(ch);
    }
  }
  return out;
}

const queryValue = (v: unknown): string | string[] =>
  Array.isArray(v)
    ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x)))
    : typeof v === 'object' && v !== null
      ? JSON.stringify(v)
      : String(v);

describe('schema-driven fuzz of every operation', () => {
  let t: TestApp;
  let admin: Session;
  let ids: string[];
  let doc: Json;
  const started = Date.now();
  let cases = 0;
  let password = STRONG_PASSWORD;

  beforeAll(async () => {
    t = await bootApp();
    doc = t.contract.document;
    admin = await registerCompany(t, 'fuzz');
    const member = await createMember(t, admin, 'USER');
    const target = await stocked(t, admin, 50);
    const movement = await move(t, admin, 'INBOUND', target, 5);
    ids = [admin.userId, member.userId, target.warehouseId, target.itemId, movement.body.id as string, admin.companyId];
  });
  afterAll(async () => {
    console.log(`fuzz: ${cases} cases over ${Object.keys(doc?.paths ?? {}).length} paths in ${Date.now() - started} ms (seed ${SEED})`);
    await t?.close();
  });

  /** A checksum of every row of the company (and its users' refresh tokens). */
  const checksum = async (): Promise<string> => {
    const rows = await t.prisma.$queryRawUnsafe<{ t: string; h: string | null }[]>(
      `SELECT 'companies' AS t, md5(string_agg(c::text, '|' ORDER BY c.id)) AS h FROM companies c WHERE c.id = $1::uuid
       UNION ALL SELECT 'users', md5(string_agg(x::text, '|' ORDER BY x.id)) FROM users x WHERE x.company_id = $1::uuid
       UNION ALL SELECT 'warehouses', md5(string_agg(x::text, '|' ORDER BY x.id)) FROM warehouses x WHERE x.company_id = $1::uuid
       UNION ALL SELECT 'items', md5(string_agg(x::text, '|' ORDER BY x.id)) FROM items x WHERE x.company_id = $1::uuid
       UNION ALL SELECT 'inventory', md5(string_agg(x::text, '|' ORDER BY x.id)) FROM inventory x WHERE x.company_id = $1::uuid
       UNION ALL SELECT 'transactions', md5(string_agg(x::text, '|' ORDER BY x.id)) FROM transactions x WHERE x.company_id = $1::uuid
       UNION ALL SELECT 'idempotency_keys', md5(string_agg(x::text, '|' ORDER BY x.id)) FROM idempotency_keys x WHERE x.company_id = $1::uuid
       UNION ALL SELECT 'refresh_tokens', md5(string_agg(r::text, '|' ORDER BY r.id)) FROM refresh_tokens r JOIN users u ON u.id = r.user_id WHERE u.company_id = $1::uuid`,
      admin.companyId,
    );
    return rows.map((r) => `${r.t}:${r.h ?? '-'}`).join(' ');
  };

  const SESSION_ENDING = new Set(['auth_logout', 'auth_logoutAll', 'auth_changePassword']);

  it(
    'never answers 5xx or an undocumented status, and a refused write changes nothing',
    async () => {
      const operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([template, item]) =>
        Object.entries(item).map(([method, op]) => ({ template, method, op })),
      );
      // Session-ending operations last, so the others run with a live session.
      operations.sort((a, b) => Number(SESSION_ENDING.has(a.op.operationId)) - Number(SESSION_ENDING.has(b.op.operationId)));
      for (const { template, method, op } of operations) {
        await fc.assert(
          fc.asyncProperty(caseArbitrary(doc, op, ids), async (c) => {
            cases += 1;
            const url = template.replace(/\{([^}]+)\}/g, (_, name: string) => encode(c.path[name] ?? 'x'));
            const write = method !== 'get';
            const before = write ? await checksum() : '';
            const query = Object.entries(c.query)
              .flatMap(([k, v]) => [queryValue(v)].flat().map((x) => `${encode(k)}=${encode(x)}`))
              .join('&');
            let req = t
              .http()
              [method as 'get' | 'post' | 'patch' | 'delete'](query ? `${url}?${query}` : url)
              .set(admin.auth)
              .set(c.headers);
            const mediaType = Object.keys(op.requestBody?.content ?? {})[0] ?? 'application/json';
            if (c.bodyKind === 'text' && write) req = req.set('content-type', 'text/plain').send(String(JSON.stringify(c.body ?? 'x')));
            else if (c.bodyKind === 'declared' && write && c.body !== undefined)
              req = req
                .set('content-type', mediaType)
                .send(mediaType === 'application/json' || typeof c.body !== 'string' ? JSON.stringify(c.body) : c.body);
            const res = await req; // the contract harness has checked status, body and headers here
            expect(res.status).toBeLessThan(500);
            if (write && res.status >= 400) expect(await checksum()).toBe(before);
            if (op.operationId === 'auth_changePassword' && res.status === 204) password = (c.body as { newPassword: string }).newPassword;
            if (SESSION_ENDING.has(op.operationId)) admin = await login(t, admin.email, password);
          }),
          { seed: SEED, numRuns: RUNS_PER_OPERATION, endOnFailure: true, verbose: 1 },
        );
      }
    },
    BUDGET_MS * 3,
  );
});
