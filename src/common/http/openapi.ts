import { ParseUUIDPipe, type INestApplication } from '@nestjs/common';
import { GUARDS_METADATA, HTTP_CODE_METADATA, METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ApiServiceUnavailableResponse, DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { IS_PUBLIC } from '../decorators/auth.decorators';
import { ERROR_CODES, ERROR_CODE_LIST } from '../errors/error-codes';
import { MAX_JSON_DEPTH } from './json-body';

/*
 * How a route documents itself (see docs/api.md, "Documenting a route"):
 *
 * - The route declares what only it knows: its success response type (`@ApiOkResponse({ type })`,
 *   `@ApiPageResponse(Entry)` for a page, `@ApiCreatedResponse`…), a `summary` (`@ApiOperation`), and the
 *   domain errors it throws (`@ApiConflictResponse`, `@ApiNotFoundResponse` for a body reference…).
 * - Everything the pipeline itself produces is added here, from the route's metadata, so a new route
 *   cannot forget it: 401/403 unless @Public, 429 + Retry-After and the rate-limit headers when a
 *   ThrottlerGuard guards it, 400 when it takes a body, a query or path parameters, 404 and `format: uuid`
 *   for path ids, 413/415 when Fastify parses a body for its method, the success status from @HttpCode
 *   when no success response is declared, X-Request-Id on every response, the shared ErrorResponse body on
 *   every 4xx/5xx, a stable operationId (`<controller>_<method>`, e.g. `items_list`) and a fallback summary.
 */

type Schema = Record<string, unknown>;
type Header = { description: string; required?: boolean; schema: Schema };
type Response = { description: string; content?: Record<string, { schema: unknown }>; headers?: Record<string, Header | { $ref: string }> };
type Parameter = { in?: string; name?: string; schema?: Schema; required?: boolean };
type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  requestBody?: unknown;
  parameters?: Parameter[];
  security?: unknown[];
  responses: Record<string, Response>;
};

interface RouteMetadata {
  isPublic: boolean;
  throttled: boolean;
  httpCode?: number;
  /** Path parameters validated by ParseUUIDPipe (UuidParam). */
  uuidParams: Set<string>;
}

const ERROR_SCHEMA = 'ErrorResponse';
const errorContent = { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } } };

/** Names of the ThrottlerModule throttlers (auth.module.ts): each sets its own set of headers. */
export const THROTTLER_NAMES = ['ip', 'account-ip', 'account'] as const;

const BAD_INPUT =
  'Invalid input, every offending field named: failed validation, unknown field, null for a field that cannot be null, ' +
  'text containing NUL or unpaired surrogate characters, a date outside 1970-01-01..9999-12-31';
const BAD_BODY = `${BAD_INPUT}; malformed JSON, or JSON nested deeper than ${MAX_JSON_DEPTH} levels`;
const BAD_EXTRA_BODY = `a request body (none is needed) that is malformed JSON or nested deeper than ${MAX_JSON_DEPTH} levels`;
const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

const REASONS: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '204': 'No Content',
  '400': 'Bad Request',
  '401': 'Missing, invalid or expired access token',
  '403': 'Forbidden',
  '404': 'Not found in your company',
  '409': 'Conflict',
  '413': 'Request body larger than the limit (1 MB by default)',
  '415': 'A request body whose Content-Type is not application/json',
  '422': 'Unprocessable Entity',
  '429': 'Too many requests: retry after the number of seconds in Retry-After',
  '503': 'Service Unavailable',
};

/** For a route that hashes or checks a password (PasswordHasher): 503 BUSY with Retry-After when saturated. */
export const ApiPasswordHashing = (): MethodDecorator & ClassDecorator =>
  ApiServiceUnavailableResponse({
    description: 'BUSY: too many password checks at once; retry after Retry-After seconds',
    headers: {
      'Retry-After': {
        description: 'Seconds to wait before retrying',
        required: true,
        schema: { type: 'integer', minimum: 1, maximum: 3600 },
      },
    },
  });

/** `ItemsController` + `list` → `items_list`; `StockCountsController` + `create` → `stock_counts_create`. */
export function operationIdOf(controllerKey: string, methodKey: string): string {
  const base = controllerKey
    .replace(/Controller$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
  return `${base}_${methodKey}`;
}

/** The metadata of every route handler, by operationId. */
function routeMetadata(app: INestApplication): Map<string, RouteMetadata> {
  const routes = new Map<string, RouteMetadata>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type || typeof type !== 'function') continue;
      const proto = type.prototype as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(proto)) {
        const handler = proto[key];
        if (key === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const guards = [
          ...((Reflect.getMetadata(GUARDS_METADATA, type) as unknown[] | undefined) ?? []),
          ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[] | undefined) ?? []),
        ];
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, type, key) ?? {}) as Record<string, { data?: unknown; pipes?: unknown[] }>;
        const uuidParams = new Set(
          Object.values(args)
            .filter((a) => typeof a.data === 'string' && (a.pipes ?? []).some((p) => p instanceof ParseUUIDPipe))
            .map((a) => a.data as string),
        );
        routes.set(operationIdOf(type.name, key), {
          uuidParams,
          isPublic: Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, type)),
          throttled: guards.some((g) => typeof g === 'function' && (g === ThrottlerGuard || g.prototype instanceof ThrottlerGuard)),
          httpCode: Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined,
        });
      }
    }
  }
  return routes;
}

const humanize = (operationId: string): string => {
  const text = operationId.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** The components every operation refers to: the error body and the response headers. */
function addComponents(document: OpenAPIObject): void {
  document.components = document.components ?? {};
  document.components.schemas = {
    ...document.components.schemas,
    [ERROR_SCHEMA]: {
      type: 'object',
      required: ['statusCode', 'error', 'message', 'requestId'],
      additionalProperties: false,
      properties: {
        statusCode: { type: 'integer', minimum: 400, maximum: 599, example: 400 },
        error: { type: 'string', maxLength: 100, example: 'Bad Request', description: 'The HTTP reason phrase' },
        message: {
          description:
            'What went wrong; for VALIDATION_FAILED, one entry per offending field; for a shipment refused INSUFFICIENT_STOCK, a summary, then one entry per short line',
          oneOf: [
            { type: 'string', maxLength: 2000 },
            { type: 'array', maxItems: 1000, items: { type: 'string', maxLength: 2000 } },
          ],
        },
        code: {
          type: 'string',
          enum: [...ERROR_CODE_LIST],
          example: 'VALIDATION_FAILED',
          description: `Stable machine-readable reason (absent for plain HTTP errors such as 401 from the token check or 429); see docs/api.md. ${ERROR_CODE_LIST.map((c) => `${c}: ${ERROR_CODES[c][1]}.`).join(' ')}`,
        },
        requestId: { type: 'string', maxLength: 128, description: 'Also in the X-Request-Id header; quote it when reporting a problem' },
      },
    },
  };
  const header = (description: string, schema: Schema): Header => ({ description, schema });
  const rateHeaders: Record<string, Header> = {};
  for (const name of THROTTLER_NAMES) {
    rateHeaders[`RateLimitLimit_${name}`] = header(`Requests allowed per window by the "${name}" limit`, { type: 'integer', minimum: 0 });
    rateHeaders[`RateLimitRemaining_${name}`] = header(`Requests left in the window of the "${name}" limit`, {
      type: 'integer',
      minimum: 0,
    });
    rateHeaders[`RateLimitReset_${name}`] = header(`Seconds until the window of the "${name}" limit resets`, {
      type: 'integer',
      minimum: 0,
    });
  }
  document.components.headers = {
    ...document.components.headers,
    XRequestId: header('The request id: a valid incoming X-Request-Id (1-128 of A-Z a-z 0-9 . _ -), else a new UUID', {
      type: 'string',
      pattern: '^[A-Za-z0-9._-]{1,128}$',
      maxLength: 128,
    }),
    RetryAfter: header('Seconds to wait before retrying', { type: 'integer', minimum: 1 }),
    // Named after the header: Spectral's OWASP rule looks for this key in every `headers` map.
    'Access-Control-Allow-Origin': header(
      'Sent only when CORS is enabled (CORS_ORIGINS, empty by default) and the request Origin is in that list: the origin itself',
      { type: 'string', maxLength: 2048 },
    ),
    ...rateHeaders,
  };
}

// OpenAPI 3.0 forbids siblings of $ref, so a required header is an inline copy with `required: true`.
const IDEMPOTENT_REPLAYED: Header = {
  description: 'true when this is the stored response of an earlier request with the same Idempotency-Key',
  schema: { type: 'string', enum: ['true'] },
};
const headerRef = (name: string): { $ref: string } => ({ $ref: `#/components/headers/${name}` });

/**
 * Completes the document from the routes' metadata (see the comment at the top of this file) and gives
 * every error response the one body they all share.
 */
export function completeDocument(document: OpenAPIObject, app: INestApplication): OpenAPIObject {
  addComponents(document);
  const routes = routeMetadata(app);
  const tags = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const [method, value] of Object.entries(item as Record<string, unknown>)) {
      if (!HTTP_METHODS.has(method) || typeof value !== 'object' || value === null) continue;
      const op = value as Operation;
      const meta = routes.get(op.operationId ?? '') ?? { isPublic: false, throttled: false, uuidParams: new Set<string>() };
      const add = (status: string, description?: string): Response => {
        op.responses[status] = op.responses[status] ?? { description: description ?? REASONS[status] ?? status };
        return op.responses[status];
      };
      op.summary = op.summary ?? humanize(op.operationId ?? method);
      op.description = op.description ?? op.summary;
      for (const tag of op.tags ?? []) tags.add(tag);

      // Success: the status @HttpCode sets (or Nest's default) when the route declared none.
      if (!Object.keys(op.responses).some((s) => /^2\d\d$/.test(s))) {
        const status = String(meta.httpCode ?? (method === 'post' ? 201 : 200));
        add(status);
      }
      if (meta.isPublic) {
        op.security = [];
      } else {
        add('401');
        add('403', 'The role may not call this route');
      }

      const parameters = op.parameters ?? [];
      const pathParams = parameters.filter((p) => p.in === 'path');
      for (const p of pathParams) {
        // A path id read through UuidParam() is a UUID: anything else is 400 INVALID_ID.
        if (p.name && meta.uuidParams.has(p.name)) p.schema = { ...p.schema, type: 'string', format: 'uuid' };
      }
      const hasParameters = parameters.some((p) => p.in === 'query' || p.in === 'path');
      // A route that takes an Idempotency-Key answers a replay with its first response and this header.
      const idempotent = parameters.some((p) => p.in === 'header' && p.name?.toLowerCase() === 'idempotency-key');
      if (BODY_METHODS.has(method)) {
        // Fastify parses a body sent with any of these methods, whether or not the route reads it.
        add('400', op.requestBody ? BAD_BODY : `${hasParameters ? `${BAD_INPUT}; ` : ''}${BAD_EXTRA_BODY}`);
        add('413');
        add('415');
      } else if (hasParameters) {
        add('400', BAD_INPUT);
      }
      if (pathParams.length > 0) add('404');
      if (meta.throttled) add('429').headers = { 'Retry-After': { ...(headerOf(document, 'RetryAfter') as Header), required: true } };

      for (const [status, response] of Object.entries(op.responses)) {
        if (!response.description) response.description = REASONS[status] ?? status;
        // Every error leaves through the one exception filter, so every error response has its shape.
        if (/^[45]\d\d$/.test(status)) response.content = response.content ?? errorContent;
        const headers: Record<string, Header | { $ref: string }> = {
          'X-Request-Id': { ...(headerOf(document, 'XRequestId') as Header), required: true },
          'Access-Control-Allow-Origin': headerRef('Access-Control-Allow-Origin'),
        };
        // The throttler sets its headers once it has counted the request (so not on 413/415/malformed JSON).
        if (meta.throttled && status !== '413' && status !== '415') {
          for (const name of THROTTLER_NAMES) {
            for (const kind of ['Limit', 'Remaining', 'Reset'] as const) {
              headers[`X-RateLimit-${kind}-${name}`] = /^2\d\d$/.test(status)
                ? { ...(headerOf(document, `RateLimit${kind}_${name}`) as Header), required: true }
                : headerRef(`RateLimit${kind}_${name}`);
            }
          }
        }
        if (idempotent && /^2\d\d$/.test(status)) headers['Idempotent-Replayed'] = IDEMPOTENT_REPLAYED;
        response.headers = { ...headers, ...response.headers };
      }
    }
  }
  const known = new Set((document.tags ?? []).map((t) => t.name));
  document.tags = [
    ...(document.tags ?? []),
    ...[...tags]
      .filter((t) => !known.has(t))
      .sort()
      .map((name) => ({ name })),
  ];
  addFormatLimits(document.paths);
  addFormatLimits(document.components);
  return document;
}

const INT32_MAX = 2_147_483_647;
/** Longest text of each string format this API uses, so every string in the document has a limit. */
const FORMAT_MAX_LENGTH: Record<string, number> = { uuid: 36, 'date-time': 64, email: 254 };

/**
 * Limits every schema in the document must carry (integers: int32 with bounds; strings of a known format:
 * their longest text), filled in where a DTO did not state them.
 */
function addFormatLimits(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(addFormatLimits);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Schema;
  if (schema.type === 'integer') {
    schema.format = schema.format ?? 'int32';
    if (schema.minimum === undefined) schema.minimum = -INT32_MAX - 1;
    if (schema.maximum === undefined) schema.maximum = INT32_MAX;
  }
  if (schema.type === 'string' && typeof schema.format === 'string' && schema.maxLength === undefined && !schema.enum) {
    const max = FORMAT_MAX_LENGTH[schema.format];
    if (max !== undefined) schema.maxLength = max;
  }
  for (const value of Object.values(schema)) addFormatLimits(value);
}

function headerOf(document: OpenAPIObject, name: string): unknown {
  return (document.components?.headers as Record<string, unknown> | undefined)?.[name];
}

/** The OpenAPI document of the app, as served at /docs-json. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Warehouse Inventory API')
      .setDescription(
        'Multi-tenant stock ledger: companies, warehouses, items, inventory and immutable movements. ' +
          'Every error has the ErrorResponse body; its `code` values are listed in docs/api.md.',
      )
      .setVersion('1.0')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'Access token from register, login or refresh: a JWT signed with HS256 only, with issuer, audience and ' +
          'expiry checked (RFC8725 best practices); short-lived, renewed with the refresh token.',
      })
      .build(),
    { operationIdFactory: operationIdOf },
  );
  return completeDocument(document, app);
}
