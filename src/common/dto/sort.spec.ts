import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Prisma } from '@app/generated/prisma/client';
import { parseSort, prismaOrderBy, SortParam, sqlOrderBy } from './sort';

const FIELDS = ['createdAt', 'name'] as const;

class Query {
  @SortParam(FIELDS) sort?: string;
}

const problems = (sort: unknown): string[] =>
  validateSync(plainToInstance(Query, { sort })).flatMap((e) => Object.values(e.constraints ?? {}));

describe('sort rule', () => {
  it('defaults to newest first, reads "-" as descending and keeps the order of the fields', () => {
    expect(parseSort(undefined, FIELDS)).toEqual([{ field: 'createdAt', descending: true }]);
    expect(parseSort('name,-createdAt', FIELDS)).toEqual([
      { field: 'name', descending: false },
      { field: 'createdAt', descending: true },
    ]);
  });

  it.each(['name', '-name', 'name,-createdAt', undefined])('accepts %s', (sort) => expect(problems(sort)).toEqual([]));

  it.each([
    ['price', 'price'],
    ['name,-price', 'price'],
    ['-', ''],
    ['name,', ''],
    ['Name', 'Name'],
  ])('refuses %s, naming "%s"', (sort, bad) => {
    expect(problems(sort)).toContain(`sort: unknown sort field "${bad}"; allowed: createdAt, name (prefix - for descending)`);
  });

  it('refuses non-strings', () => expect(problems(['name'])).not.toEqual([]));

  it('ends every order with the id, in the direction of the last key', () => {
    const sql = sqlOrderBy(
      parseSort('name', FIELDS),
      { createdAt: Prisma.sql`t.created_at`, name: Prisma.sql`lower(t.name)` },
      Prisma.sql`t.id`,
    );
    expect(sql.sql).toBe('ORDER BY lower(t.name) ASC, t.id ASC');
    const desc = sqlOrderBy(
      parseSort(undefined, FIELDS),
      { createdAt: Prisma.sql`t.created_at`, name: Prisma.sql`t.name` },
      Prisma.sql`t.id`,
    );
    expect(desc.sql).toBe('ORDER BY t.created_at DESC, t.id DESC');
    expect(prismaOrderBy(parseSort('-name,createdAt', FIELDS))).toEqual([{ name: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }]);
  });
});
