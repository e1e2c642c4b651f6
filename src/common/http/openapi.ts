import type { OpenAPIObject } from '@nestjs/swagger';
import { MAX_JSON_DEPTH } from './json-body';

type Operation = {
  requestBody?: unknown;
  parameters?: Array<{ in?: string }>;
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};

const ERROR_SCHEMA = 'ErrorResponse';
const errorContent = { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } } };

const BAD_INPUT =
  'Invalid input, every offending field named: failed validation, unknown field, null for a field that cannot be null, ' +
  'text containing NUL or unpaired surrogate characters, a date outside 1970-01-01..9999-12-31';
const BAD_BODY = `${BAD_INPUT}; malformed JSON, or JSON nested deeper than ${MAX_JSON_DEPTH} levels`;
const BAD_EXTRA_BODY = `a request body (none is needed) that is malformed JSON or nested deeper than ${MAX_JSON_DEPTH} levels`;
const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/**
 * Documents, on every operation, the refusals the request pipeline itself produces (the JSON-only body
 * parser and the global validation), and gives every error response the one body they all share.
 * Routes keep their own descriptions where they already document a status.
 */
export function documentPipelineErrors(document: OpenAPIObject): OpenAPIObject {
  document.components = document.components ?? {};
  document.components.schemas = {
    ...document.components.schemas,
    [ERROR_SCHEMA]: {
      type: 'object',
      required: ['statusCode', 'error', 'message', 'requestId'],
      properties: {
        statusCode: { type: 'integer', example: 400 },
        error: { type: 'string', example: 'Bad Request' },
        message: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
        code: { type: 'string', example: 'VALIDATION_FAILED' },
        requestId: { type: 'string' },
      },
    },
  };
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, unknown>)) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      const op = operation as Operation;
      const add = (status: string, description: string): void => {
        op.responses[status] = op.responses[status] ?? { description };
      };
      const hasParameters = (op.parameters ?? []).some((p) => p.in === 'query' || p.in === 'path');
      // Fastify parses a body sent with any of these methods, whether or not the route reads it.
      if (BODY_METHODS.has(method)) {
        add('400', op.requestBody ? BAD_BODY : `${hasParameters ? `${BAD_INPUT}; ` : ''}${BAD_EXTRA_BODY}`);
        add('413', 'Request body larger than the limit (1 MB by default)');
        add('415', 'A request body whose Content-Type is not application/json');
      } else if (hasParameters) {
        add('400', BAD_INPUT);
      }
      // Every error leaves through the one exception filter, so every error response has its shape.
      for (const [status, response] of Object.entries(op.responses)) {
        if (/^[45]\d\d$/.test(status)) response.content = response.content ?? errorContent;
      }
    }
  }
  return document;
}
