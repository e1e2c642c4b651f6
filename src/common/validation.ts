import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError } from './errors/app-error';
import { HttpStatus } from '@nestjs/common';
import { NOT_NULL } from './dto/optional';

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    // Array elements read as in the request: lines[3].quantity, not lines.3.quantity.
    const path = !parent ? e.property : /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`;
    // A null where null is not allowed says just that, not every other rule the null also breaks.
    const constraints = e.constraints?.[NOT_NULL] ? { [NOT_NULL]: e.constraints[NOT_NULL] } : (e.constraints ?? {});
    const own = Object.values(constraints).map((m) => (m.startsWith(e.property) ? (parent ? `${parent}.${m}` : m) : `${path}: ${m}`));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

export class ValidationFailed extends AppError {
  constructor(override readonly messages: string[]) {
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
