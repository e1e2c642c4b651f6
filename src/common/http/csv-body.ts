import { HttpStatus } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error';

/** The only routes that take a `text/csv` body (everything else stays JSON-only, json-body.ts). */
export const CSV_ROUTE_PREFIX = '/api/v1/imports/';

/**
 * `text/csv` bodies, for the import routes only, with their own (larger) size limit: beyond it 413.
 * Elsewhere a CSV body is refused with 415, exactly like any other non-JSON type.
 */
export function useCsvBodyForImports(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit }, (request, body, done) => {
    if (!request.url.startsWith(CSV_ROUTE_PREFIX)) {
      done(new AppError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json'), undefined);
      return;
    }
    done(null, body);
  });
}
