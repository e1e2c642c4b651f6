import { ApiOkResponse, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;

export class LimitQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit: number = DEFAULT_LIMIT;
}

export class PageQuery extends LimitQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1_000_000, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page: number = 1;
}

export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
  hasNext: boolean;
}

export function toPage<T>(items: T[], total: number, query: PageQuery): Page<T> {
  return { items, page: query.page, limit: query.limit, total, hasNext: query.page * query.limit < total };
}

export const skipOf = (q: PageQuery): number => (q.page - 1) * q.limit;

type Class<T = unknown> = new (...args: never[]) => T;
const pageClasses = new Map<Class, Class>();

/**
 * The documented shape of `Page<Entry>`: a class named `<Entry>Page` (ItemResponse → ItemPage) whose
 * `items` are `Entry`s. Use it through `@ApiPageResponse(Entry)` on a list route.
 */
export function PageOf<T>(entry: Class<T>): Class<Page<T>> {
  const cached = pageClasses.get(entry);
  if (cached) return cached as Class<Page<T>>;
  class PageDto {
    @ApiProperty({ type: [entry], maxItems: MAX_LIMIT }) items!: T[];
    @ApiProperty({ type: 'integer', minimum: 1, maximum: 1_000_000, example: 1 }) page!: number;
    @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_LIMIT, example: DEFAULT_LIMIT }) limit!: number;
    @ApiProperty({ type: 'integer', minimum: 0, description: 'Rows matching the filters, on every page' }) total!: number;
    @ApiProperty({ description: 'Whether a next page exists' }) hasNext!: boolean;
  }
  Object.defineProperty(PageDto, 'name', { value: `${entry.name.replace(/(Response|Entry)$/, '')}Page` });
  pageClasses.set(entry, PageDto);
  return PageDto;
}

/** Documents a paginated list route's 200 response. */
export const ApiPageResponse = <T>(entry: Class<T>): MethodDecorator & ClassDecorator => ApiOkResponse({ type: PageOf(entry) });
