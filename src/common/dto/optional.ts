import { applyDecorators } from '@nestjs/common';
import { registerDecorator, ValidateIf } from 'class-validator';

/** Name of the constraint reported when a non-nullable field is sent as null (see validation.ts). */
export const NOT_NULL = 'isNotNull';

/**
 * An optional field that cannot be cleared: left out, it is not validated; sent as `null`, it is a 400
 * ("name must not be null"); any other value goes through the field's own validators. For every
 * optional non-nullable field of a request body, and for every field of an update (PATCH) DTO.
 */
export function OptionalNotNull(): PropertyDecorator {
  return applyDecorators(
    ValidateIf((_: object, value: unknown) => value !== undefined),
    (target: object, property: string | symbol) =>
      registerDecorator({
        name: NOT_NULL,
        target: target.constructor,
        propertyName: String(property),
        validator: {
          validate: (value: unknown) => value !== null,
          defaultMessage: (args) => `${args?.property ?? 'value'} must not be null`,
        },
      }),
  );
}

/** An optional field that `null` clears: neither `null` nor absence is validated. */
export const OptionalNullable = (): PropertyDecorator => ValidateIf((_: object, value: unknown) => value !== null && value !== undefined);
