import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { appendFileSync } from 'node:fs';
import request, { type Response, type Test } from 'supertest';

/**
 * The response-validation harness: every response an e2e suite receives through `t.http()` (test/support/
 * app.ts) is checked against the app's own OpenAPI document (/docs-json):
 *   - the method + path match a documented operation (path templates like /items/{id});
 *   - the status is listed for that operation;
 *   - the body is valid against the documented schema (ajv + ajv-formats: required, nullable, enum, format,
 *     limits, and no property the schema does not list), or there is no body when none is documented;
 *   - every header the response documents as required is present.
 * A mismatch makes the request's promise reject, which fails the test that made it.
 *
 * Escape hatch, for requests that are undocumented on purpose (404 probes of unknown routes, /docs itself,
 * a raw socket-level check): `t.http({ undocumented: 'why' })`. CORS preflights (OPTIONS) are answered
 * by the CORS plugin and are not operations, so they are not checked.
 */

type Json = Record<string, unknown>;
interface OperationCheck {
  template: string;
  regex: RegExp;
  statics: number;
  method: string;
  responses: Record<
    string,
    {
      validate?: ValidateFunction;
      /** Non-JSON media types (text/csv): the body text is checked against their (string) schema. */
      textValidate: Record<string, ValidateFunction>;
      contentTypes: string[];
      requiredHeaders: string[];
      headerSchemas: Record<string, ValidateFunction>;
    }
  >;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;
type Method = (typeof METHODS)[number];

/** OpenAPI 3.0 schema → JSON Schema (draft-07) as ajv reads it. `strict` closes objects. */
export function toJsonSchema(schema: unknown, strict = true): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, strict));
  if (typeof schema !== 'object' || schema === null) return schema;
  const source = schema as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' || key === 'example' || key === 'examples' || key === 'xml' || key === 'externalDocs') continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace('#/components/schemas/', 'openapi#/definitions/');
      continue;
    }
    if (key === 'properties' || key === 'definitions') {
      out[key] = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, toJsonSchema(v, strict)]));
      continue;
    }
    out[key] = typeof value === 'object' ? toJsonSchema(value, strict) : value;
  }
  // OpenAPI 3.0's boolean exclusiveMinimum/Maximum are numbers in JSON Schema draft-06+.
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[flag] === 'boolean') {
      if (out[flag] === true) out[flag] = out[bound];
      else delete out[flag];
      if (out[flag] !== undefined) delete out[bound];
    }
  }
  if (strict && out.type === 'object' && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (source.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    } else {
      return { anyOf: [out, { type: 'null' }] };
    }
  }
  return out;
}

export function createAjv(document: Json): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addVocabulary(['discriminator']);
  const schemas = ((document.components as Json | undefined)?.schemas ?? {}) as Json;
  ajv.addSchema({ $id: 'openapi', definitions: toJsonSchema(schemas) as Json });
  return ajv;
}

export class ContractChecker {
  private readonly operations: OperationCheck[] = [];
  validated = 0;

  constructor(readonly document: Json) {
    const ajv = createAjv(document);
    const headers = ((document.components as Json | undefined)?.headers ?? {}) as Record<string, Json>;
    for (const [template, item] of Object.entries(document.paths as Record<string, Json>)) {
      const pattern = template
        .split('/')
        .map((seg) => (/^\{.+\}$/.test(seg) ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      const statics = template.split('/').filter((seg) => seg && !seg.startsWith('{')).length;
      for (const method of METHODS) {
        const op = item[method] as Json | undefined;
        if (!op) continue;
        const responses: OperationCheck['responses'] = {};
        for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
          const content = (response.content ?? {}) as Record<string, { schema?: unknown }>;
          const json = content['application/json']?.schema;
          const requiredHeaders = Object.entries((response.headers ?? {}) as Record<string, Json>)
            .filter(([, h]) => (typeof h.$ref === 'string' ? headers[h.$ref.split('/').pop() ?? '']?.required : h.required) === true)
            .map(([name]) => name.toLowerCase());
          // Header values are text: an integer header is checked as its decimal digits.
          const headerSchemas: Record<string, ValidateFunction> = {};
          for (const [name, h] of Object.entries((response.headers ?? {}) as Record<string, Json>)) {
            const header = typeof h.$ref === 'string' ? headers[h.$ref.split('/').pop() ?? ''] : h;
            const schema = (header?.schema ?? {}) as Json;
            const text: Json = schema.type === 'integer' ? { type: 'string', pattern: '^-?\\d+$' } : { ...schema, type: 'string' };
            headerSchemas[name.toLowerCase()] = ajv.compile(toJsonSchema(text) as Json);
          }
          const textValidate: Record<string, ValidateFunction> = {};
          for (const [type, media] of Object.entries(content)) {
            if (type !== 'application/json' && media.schema) textValidate[type] = ajv.compile(toJsonSchema(media.schema) as Json);
          }
          responses[status] = {
            headerSchemas,
            textValidate,
            validate: json ? ajv.compile(toJsonSchema(json) as Json) : undefined,
            contentTypes: Object.keys(content),
            requiredHeaders,
          };
        }
        this.operations.push({ template, regex: new RegExp(`^${pattern}/?$`), statics, method, responses });
      }
    }
  }

  /** The problems with one response (empty when it matches the document). */
  check(method: string, url: string, res: Response): string[] {
    const path = new URL(url, 'http://localhost').pathname;
    const lookup = method === 'head' ? 'get' : method;
    const op = this.operations.filter((o) => o.method === lookup && o.regex.test(path)).sort((a, b) => b.statics - a.statics)[0];
    const where = `${method.toUpperCase()} ${path} → ${res.status}`;
    if (!op) return [`${where}: no operation in the OpenAPI document for ${method.toUpperCase()} ${path}`];
    const expected = op.responses[String(res.status)] ?? op.responses[`${String(res.status)[0]}XX`] ?? op.responses.default;
    if (!expected) {
      return [
        `${where}: status ${res.status} is not documented for ${op.method.toUpperCase()} ${op.template} (documented: ${Object.keys(op.responses).join(', ')})`,
      ];
    }
    const problems: string[] = [];
    for (const name of expected.requiredHeaders) {
      if (res.headers[name] === undefined) problems.push(`${where}: documented header ${name} is missing`);
    }
    for (const [name, validate] of Object.entries(expected.headerSchemas)) {
      const value = res.headers[name] as string | string[] | undefined;
      for (const v of value === undefined ? [] : [value].flat()) {
        if (!validate(v)) problems.push(`${where}: header ${name}: ${JSON.stringify(v)} ${validate.errors?.[0]?.message ?? ''}`);
      }
    }
    if (method === 'head') return problems;
    const type = String(res.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const hasBody = (res.text ?? '').length > 0 || (res.body !== undefined && Buffer.isBuffer(res.body) && res.body.length > 0);
    if (!hasBody) {
      if (expected.validate) problems.push(`${where}: empty body, but a ${op.template} ${res.status} body schema is documented`);
      return problems;
    }
    if (expected.contentTypes.length === 0) {
      problems.push(`${where}: a ${type || 'untyped'} body, but no response body is documented`);
      return problems;
    }
    if (!expected.contentTypes.includes(type)) {
      problems.push(`${where}: content-type ${type}, documented: ${expected.contentTypes.join(', ')}`);
      return problems;
    }
    if (type === 'application/json' && expected.validate && !expected.validate(res.body)) {
      for (const e of expected.validate.errors ?? []) {
        problems.push(`${where}: body${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
      }
    }
    if (type === 'application/json' && !expected.validate) problems.push(`${where}: a JSON body, but no schema is documented`);
    if (type !== 'application/json') {
      const validate = expected.textValidate[type];
      if (!validate) problems.push(`${where}: a ${type} body, but no schema is documented for it`);
      else if (!validate(res.text ?? '')) {
        for (const e of validate.errors ?? []) problems.push(`${where}: ${type} body ${e.message ?? ''} ${JSON.stringify(e.params)}`);
      }
    }
    this.validated += 1;
    return problems;
  }
}

export interface HttpOptions {
  /** Skip the contract check for this agent's requests; say why (e.g. '404 probe of an unknown route'). */
  undocumented?: string;
}

/** Appends how many responses `checker` validated to CONTRACT_STATS_FILE, when set (called by t.close()). */
export function recordContractStats(checker: ContractChecker): void {
  const file = process.env.CONTRACT_STATS_FILE;
  if (file) appendFileSync(file, `${checker.validated}\n`);
}

/** A supertest agent for `baseUrl` whose every response is checked by `checker`. */
export function checkedAgent(baseUrl: string, checker: ContractChecker, options: HttpOptions = {}): ReturnType<typeof request> {
  const agent = request(baseUrl);
  if (options.undocumented !== undefined) {
    if (options.undocumented.trim().length < 5) throw new Error('t.http({ undocumented }) needs a reason');
    return agent;
  }
  return new Proxy(agent, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== 'string' || !(METHODS as readonly string[]).includes(prop) || typeof value !== 'function') return value;
      const method = prop as Method;
      return (url: string, ...rest: unknown[]): Test => {
        const test = (value as (url: string, ...args: unknown[]) => Test).call(target, url, ...rest);
        if (method === 'options') return test;
        const end = test.end.bind(test);
        test.end = (fn?: (err: unknown, res: Response) => void): Test =>
          end((err: unknown, res: Response) => {
            if (res) {
              const problems = checker.check(method, url, res);
              if (problems.length > 0) {
                const error = new Error(
                  `Response does not match the OpenAPI document:\n  ${problems.join('\n  ')}\nbody: ${(res.text ?? '').slice(0, 500)}`,
                );
                fn?.(err ?? error, res);
                return;
              }
            }
            fn?.(err, res);
          });
        return test;
      };
    },
  });
}
