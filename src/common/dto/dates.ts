import { isISO8601, registerDecorator } from 'class-validator';

/** The instants the API accepts from clients: the Unix epoch to the end of year 9999 (UTC). */
export const EARLIEST_INSTANT = Date.UTC(1970, 0, 1);
export const LATEST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
export const DATE_RANGE_TEXT = 'between 1970-01-01 and 9999-12-31 (UTC)';

/** A real date inside the accepted range (not NaN, not year 0, nothing PostgreSQL would refuse). */
export const isSaneInstant = (date: Date): boolean =>
  !Number.isNaN(date.getTime()) && date.getTime() >= EARLIEST_INSTANT && date.getTime() <= LATEST_INSTANT;

export function dateTimeProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !isISO8601(value, { strict: true, strictSeparator: true })) {
    return `must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z, ${DATE_RANGE_TEXT}`;
  }
  if (!isSaneInstant(new Date(value))) return `must be ${DATE_RANGE_TEXT}`;
  return undefined;
}

/**
 * An ISO 8601 date-time (or date) inside the accepted range, kept as the string it was sent as.
 * The one rule for every date a client sends (query or body); an empty value is refused too.
 */
export function IsoDateTime(): PropertyDecorator {
  return (target: object, property: string | symbol) =>
    registerDecorator({
      name: 'isIsoDateTime',
      target: target.constructor,
      propertyName: String(property),
      validator: {
        validate: (value: unknown) => dateTimeProblem(value) === undefined,
        defaultMessage: (args) => `${args?.property ?? 'value'} ${dateTimeProblem(args?.value) ?? 'is invalid'}`,
      },
    });
}
