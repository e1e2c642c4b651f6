import { HttpStatus } from '@nestjs/common';
import type { ErrorCode } from './error-codes';

/**
 * Domain errors carry a stable code and the HTTP status they map to. Services throw these;
 * the global exception filter turns them into the public error body.
 */
export class AppError extends Error {
  /** When set, the answer's `message` is this list (one entry per offending field or line) instead of the text. */
  readonly messages?: readonly string[];

  constructor(
    readonly status: HttpStatus,
    readonly code: ErrorCode,
    message: string,
    /** Sent as Retry-After (seconds) with 429 and 503 answers. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string): AppError => new AppError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `${what} not found`);
export const badRequest = (code: ErrorCode, message: string): AppError => new AppError(HttpStatus.BAD_REQUEST, code, message);
export const forbidden = (message: string): AppError => new AppError(HttpStatus.FORBIDDEN, 'FORBIDDEN', message);
export const unauthorized = (message = 'Invalid credentials'): AppError => new AppError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', message);
