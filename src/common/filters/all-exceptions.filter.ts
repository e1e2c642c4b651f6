import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Prisma } from '@app/generated/prisma/client';
import { AppError } from '../errors/app-error';
import type { ErrorCode } from '../errors/error-codes';
import { ValidationFailed } from '../validation';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: ErrorCode;
  requestId: string;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const UNSUPPORTED_MEDIA_TYPE = 'Unsupported Content-Type: send the request body as application/json';

const reason = (status: number): string => REASONS[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');

/** PostgreSQL SQLSTATEs that mean "the input was wrong", reached through raw SQL or the adapter. */
const PG_CODES: Record<string, [HttpStatus, ErrorCode, string]> = {
  '23505': [HttpStatus.CONFLICT, 'UNIQUE_VIOLATION', 'A record with these values already exists'],
  '23503': [HttpStatus.BAD_REQUEST, 'REFERENCE_VIOLATION', 'A referenced record does not exist'],
  '23514': [HttpStatus.CONFLICT, 'CHECK_VIOLATION', 'The change would break a data rule'],
  '22003': [HttpStatus.UNPROCESSABLE_ENTITY, 'NUMERIC_OUT_OF_RANGE', 'A number is out of the supported range'],
  '22P02': [HttpStatus.BAD_REQUEST, 'INVALID_INPUT', 'A value has an invalid format'],
};

function fromPrisma(err: Prisma.PrismaClientKnownRequestError): [HttpStatus, ErrorCode, string] | undefined {
  switch (err.code) {
    case 'P2002': {
      const target =
        (err.meta?.target as string[] | string | undefined) ??
        (err.meta?.driverAdapterError as { cause?: { constraint?: { fields?: string[] } } } | undefined)?.cause?.constraint?.fields;
      const fields = Array.isArray(target) ? target.join(', ') : target;
      return [
        HttpStatus.CONFLICT,
        'DUPLICATE',
        fields ? `A record with this ${fields} already exists` : 'A record with these values already exists',
      ];
    }
    case 'P2025':
      return [HttpStatus.NOT_FOUND, 'NOT_FOUND', 'Record not found'];
    case 'P2003':
      return [HttpStatus.BAD_REQUEST, 'REFERENCE_VIOLATION', 'A referenced record does not exist'];
    case 'P2000':
      return [HttpStatus.BAD_REQUEST, 'VALUE_TOO_LONG', 'A value is too long for its field'];
    case 'P2023':
    case 'P2007':
      return [HttpStatus.BAD_REQUEST, 'INVALID_INPUT', 'A value has an invalid format'];
    case 'P2020':
      return [HttpStatus.UNPROCESSABLE_ENTITY, 'NUMERIC_OUT_OF_RANGE', 'A number is out of the supported range'];
    default:
      return undefined;
  }
}

function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { originalCode?: unknown; code?: unknown } } | undefined;
  if (typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  const cause = e?.cause;
  if (typeof cause?.originalCode === 'string') return cause.originalCode;
  return undefined;
}

/**
 * The single exception filter: every error leaves as { statusCode, error, message, requestId }.
 * Unknown errors become a plain 500 with the request id and no internals; they are logged.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const body = this.toBody(exception, String(request.id));
    if (body.statusCode >= 500 && !(exception instanceof AppError)) {
      this.logger.error({ err: exception, requestId: body.requestId }, 'Unhandled error');
    }
    const retryAfter = (exception as { retryAfterSeconds?: number }).retryAfterSeconds;
    if ((body.statusCode === 429 || body.statusCode === 503) && retryAfter) void reply.header('Retry-After', String(retryAfter));
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof ValidationFailed) {
      return { statusCode: 400, error: reason(400), message: exception.messages, code: exception.code, requestId };
    }
    if (exception instanceof AppError) {
      const message = exception.messages ? [...exception.messages] : exception.message;
      return { statusCode: exception.status, error: reason(exception.status), message, code: exception.code, requestId };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      let message: string | string[] = exception.message;
      if (typeof response === 'object' && response !== null && 'message' in response) {
        message = (response as { message: string | string[] }).message;
      }
      if (status === 415) message = UNSUPPORTED_MEDIA_TYPE;
      return { statusCode: status, error: reason(status), message, requestId };
    }
    // Fastify's own errors (malformed JSON, body too large, bad content type) carry a statusCode.
    const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      const status = fastifyError.statusCode;
      let message = fastifyError.message ?? reason(status);
      if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') message = 'Request body is larger than the allowed limit';
      if (status === 415) message = UNSUPPORTED_MEDIA_TYPE;
      if (fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/.test(message)) message = 'Malformed JSON in request body';
      return { statusCode: status, error: reason(status), message, requestId };
    }
    if (exception instanceof Prisma.PrismaClientKnownRequestError) {
      const mapped = fromPrisma(exception);
      if (mapped) return { statusCode: mapped[0], error: reason(mapped[0]), message: mapped[2], code: mapped[1], requestId };
    }
    const state = sqlState(exception);
    if (state && PG_CODES[state]) {
      const [status, code, message] = PG_CODES[state];
      return { statusCode: status, error: reason(status), message, code, requestId };
    }
    return { statusCode: 500, error: reason(500), message: 'Internal server error', requestId };
  }
}
