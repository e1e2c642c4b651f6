import { ParseUUIDPipe } from '@nestjs/common';
import { badRequest } from '../errors/app-error';

/** Path ids must be UUIDs: anything else is a 400 naming the parameter, never a database error. */
export const UuidParam = (name = 'id'): ParseUUIDPipe =>
  new ParseUUIDPipe({ exceptionFactory: () => badRequest('INVALID_ID', `${name} must be a UUID`) });
