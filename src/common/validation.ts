import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError } from './errors/app-error';
import { HttpStatus } from '@nestjs/common';

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith(e.property) ? (parent ? `${parent}.${m}` : m) : `${path}: ${m}`,
    );
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

export class ValidationFailed extends AppError {
  constructor(readonly messages: string[]) {
    super(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', messages.join('; '));
  }
}

/** Unknown fields are refused, every offending field is named. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailed(flatten(errors)),
  });
}
