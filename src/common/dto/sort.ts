import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, registerDecorator } from 'class-validator';
import { Prisma } from '@app/generated/prisma/client';

/**
 * `?sort=` on lists, one rule for all of them: a comma-separated list of documented field names, each
 * ascending or, with a `-` prefix, descending (`?sort=-createdAt`, `?sort=name,-updatedAt`). Lists default
 * to newest first. Every order ends with the row id (in the direction of the last key), so the order is
 * total and pages never overlap or skip a row for a given sort.
 */
export interface SortKey<F extends string> {
  readonly field: F;
  readonly descending: boolean;
}

export const NEWEST_FIRST = '-createdAt';

export function parseSort<F extends string>(
  value: string | undefined,
  fields: readonly F[],
  fallback: string = NEWEST_FIRST,
): SortKey<F>[] {
  return (value ?? fallback).split(',').map((part) => {
    const descending = part.startsWith('-');
    return { field: (descending ? part.slice(1) : part) as F, descending };
  });
}

/** The first field of `value` that is not in `fields`, if any. */
function unknownField(value: string, fields: readonly string[]): string | undefined {
  return value
    .split(',')
    .map((part) => (part.startsWith('-') ? part.slice(1) : part))
    .find((field) => !fields.includes(field));
}

/**
 * The `sort` query parameter of a list: validated against `fields` (an unknown one is a 400 naming it) and
 * documented with them and the default.
 */
export function SortParam(fields: readonly string[], fallback: string = NEWEST_FIRST): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: String,
      default: fallback,
      example: fallback,
      pattern: `^-?(${fields.join('|')})(,-?(${fields.join('|')}))*$`,
      description:
        `Order of the list: comma-separated fields, each ascending or descending with a \`-\` prefix. ` +
        `Fields: ${fields.join(', ')}. Default \`${fallback}\` (newest first); ties are broken by id.`,
    }),
    IsOptional(),
    IsString(),
    MaxLength(200),
    (target: object, property: string | symbol) =>
      registerDecorator({
        name: 'isSort',
        target: target.constructor,
        propertyName: String(property),
        validator: {
          validate: (value: unknown) => typeof value === 'string' && unknownField(value, fields) === undefined,
          defaultMessage: (args) => {
            const bad = typeof args?.value === 'string' ? unknownField(args.value, fields) : undefined;
            return `${args?.property ?? 'sort'}: unknown sort field "${bad ?? ''}"; allowed: ${fields.join(', ')} (prefix - for descending)`;
          },
        },
      }),
  );
}

/** `ORDER BY …` for raw SQL: each field's column expression, then the id as the tie-breaker. */
export function sqlOrderBy<F extends string>(keys: SortKey<F>[], columns: Record<F, Prisma.Sql>, id: Prisma.Sql): Prisma.Sql {
  // PostgreSQL's default null placement (last ascending, first descending), as Prisma's orderBy.
  const dir = (descending: boolean): Prisma.Sql => (descending ? Prisma.sql`DESC` : Prisma.sql`ASC`);
  const last = keys[keys.length - 1]?.descending ?? true;
  const parts = keys.map((k) => Prisma.sql`${columns[k.field]} ${dir(k.descending)}`);
  return Prisma.sql`ORDER BY ${Prisma.join([...parts, Prisma.sql`${id} ${dir(last)}`], ', ')}`;
}

/** The same order for a Prisma `findMany`. */
export function prismaOrderBy<F extends string>(keys: SortKey<F>[]): Array<Partial<Record<F | 'id', Prisma.SortOrder>>> {
  const order = (descending: boolean): Prisma.SortOrder => (descending ? 'desc' : 'asc');
  const last = keys[keys.length - 1]?.descending ?? true;
  return [
    ...keys.map((k) => ({ [k.field]: order(k.descending) }) as Partial<Record<F | 'id', Prisma.SortOrder>>),
    { id: order(last) } as Partial<Record<F | 'id', Prisma.SortOrder>>,
  ];
}
