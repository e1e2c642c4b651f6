import { Prisma } from '@app/generated/prisma/client';

/** Warning threshold for utilization, in percent: a warehouse is over it when its utilization is above. */
export const UTILIZATION_WARNING = 80;

/**
 * The stock of warehouse `w` (joined as `ws`): its inventory rows of items that are not deleted. The one
 * definition of a warehouse's `itemCount`, `totalQuantity` and utilization, used by the warehouse reads and
 * the dashboard alike. Sums stay plain `numeric` (no narrowing cast), so no total can overflow.
 */
export const WAREHOUSE_STOCK = Prisma.sql`
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE inv.quantity > 0) AS item_count,
           sum(inv.quantity) AS total_quantity,
           sum(inv.quantity * coalesce(it.volume_per_unit, 0)) AS volume,
           sum(inv.quantity * coalesce(st.average_cost, 0)) AS value
      FROM inventory inv
      JOIN items it ON it.company_id = inv.company_id AND it.id = inv.item_id AND it.deleted_at IS NULL
      LEFT JOIN item_stock st ON st.item_id = inv.item_id
     WHERE inv.company_id = w.company_id AND inv.warehouse_id = w.id) ws ON true`;

/** Columns over `w` and `WAREHOUSE_STOCK`. */
export const WAREHOUSE_STOCK_COLUMNS = {
  itemCount: Prisma.sql`coalesce(ws.item_count, 0)`,
  totalQuantity: Prisma.sql`round(coalesce(ws.total_quantity, 0), 2)`,
  /** Percent of capacity used, 2 decimals: Σ quantity × item volume / capacity. */
  utilization: Prisma.sql`round(coalesce(ws.volume, 0) * 100 / w.capacity, 2)`,
  /** Σ quantity × item average cost, rounded once to 2 decimals (company currency). */
  value: Prisma.sql`round(coalesce(ws.value, 0), 2)`,
} as const;
