import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { badRequest } from '@app/common/errors/app-error';

const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;

/** Documents the optional Idempotency-Key header of a stock-writing route. */
export const ApiIdempotencyKey = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]{1,255}$' },
      description:
        '1-255 visible ASCII characters; a retry with the same key and body returns the first response (Idempotent-Replayed: true)',
    }),
  );

/** The header's value, or undefined when absent; 400 when malformed. */
export function idempotencyKey(raw: string | undefined): string | undefined {
  if (raw !== undefined && !IDEMPOTENCY_KEY.test(raw)) {
    throw badRequest('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1-255 visible ASCII characters');
  }
  return raw;
}

/** Sets the status of a (possibly replayed) stock answer and returns its body. */
export function answer<T>(reply: FastifyReply, result: { status: number; body: T; replayed: boolean }): T {
  void reply.status(result.status);
  if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
  return result.body;
}
