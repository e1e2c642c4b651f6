import { Transform } from 'class-transformer';

/** Trims surrounding white space from strings; leaves other values for the validators to refuse. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Query-string booleans: "true" and "false" become booleans; anything else is left for @IsBoolean to refuse. */
export const ToBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
