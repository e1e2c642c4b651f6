import { Prisma } from '@app/generated/prisma/client';

/**
 * An item_stock row (under `alias`) at or under its reorder threshold, written as item_stock_low_idx's
 * predicate — the margin, stock minus threshold, at most zero — so that the index applies and the planner
 * estimates the rows from the margin's statistics (migration 20261207180000_low_stock_estimable). The same
 * condition as `active_quantity <= reorder_threshold`, which PostgreSQL cannot estimate (two columns: a fixed
 * third of the rows) and which does not imply the index's predicate.
 */
export function lowStockMargin(alias: 'st' | 'c'): Prisma.Sql {
  return Prisma.raw(`(${alias}.active_quantity - ${alias}.reorder_threshold) <= 0`);
}
