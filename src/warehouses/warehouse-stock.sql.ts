import { Prisma } from '@app/generated/prisma/client';

/** Warning threshold for utilization, in percent: a warehouse is over it when its utilization is above. */
export const UTILIZATION_WARNING = 80;

/**
 * The stock of warehouse `w` (joined as `ws`): its inventory rows of items that are not deleted, read from
 * the running totals (warehouse_totals, up to 8 slot rows per warehouse, kept by triggers in the statement of
 * every movement: docs/architecture.md, "Running totals"), so the cost does not grow with the warehouse. The one
 * definition of a warehouse's `itemCount`, `totalQuantity`, utilization and value, used by the warehouse reads
 * and the dashboard alike. Sums stay plain `numeric` (no narrowing cast), so no total can overflow.
 */
export const WAREHOUSE_STOCK = Prisma.sql`
  LEFT JOIN LATERAL (
    SELECT sum(t.item_count) AS item_count, sum(t.quantity) AS total_quantity, sum(t.volume) AS volume,
           sum(t.value) AS value, sum(t.row_count) AS row_count
      FROM warehouse_totals t
     WHERE t.company_id = w.company_id AND t.warehouse_id = w.id) ws ON true`;

/** Columns over `w` and `WAREHOUSE_STOCK`. */
export const WAREHOUSE_STOCK_COLUMNS = {
  itemCount: Prisma.sql`coalesce(ws.item_count, 0)`,
  totalQuantity: Prisma.sql`round(coalesce(ws.total_quantity, 0), 2)`,
  /** Percent of capacity used, 2 decimals: Σ quantity × item volume / capacity. */
  utilization: Prisma.sql`round(coalesce(ws.volume, 0) * 100 / w.capacity, 2)`,
  /** Σ quantity × item average cost, rounded once to 2 decimals (company currency). */
  value: Prisma.sql`round(coalesce(ws.value, 0), 2)`,
} as const;
