import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import { TenantSql } from '@app/database/tenant-sql';
import { UTILIZATION_WARNING, WAREHOUSE_STOCK, WAREHOUSE_STOCK_COLUMNS } from '@app/warehouses/warehouse-stock.sql';
import type { DashboardStats, LowStockList } from './dto/dashboard.dto';

/** Dashboard aggregates: each endpoint is one SQL query, through the door (`company` is bound by TenantSql). */
@Injectable()
export class DashboardRepository {
  constructor(private readonly sql: TenantSql) {}

  async stats(): Promise<DashboardStats> {
    // One pass over the company's stock rows (active warehouses and items) for the totals; warehouses use the
    // one definition of their stock and utilization that GET /warehouses uses. Sums are never narrowed.
    const row = await this.sql.one<DashboardStats>(
      (company) => Prisma.sql`
      WITH stock AS MATERIALIZED (
        SELECT inv.warehouse_id, inv.item_id, inv.quantity, inv.quantity * coalesce(st.average_cost, 0) AS value
          FROM inventory inv
          JOIN items it ON it.id = inv.item_id AND it.deleted_at IS NULL
          LEFT JOIN item_stock st ON st.item_id = inv.item_id
          JOIN warehouses w ON w.id = inv.warehouse_id AND w.deleted_at IS NULL
         WHERE inv.company_id = ${company}),
      wh AS (
        SELECT w.id, w.name, ${WAREHOUSE_STOCK_COLUMNS.utilization} AS utilization
          FROM warehouses w ${WAREHOUSE_STOCK}
         WHERE w.company_id = ${company} AND w.deleted_at IS NULL),
      item_totals AS (
        SELECT it.id, it.reorder_threshold, coalesce(s.total, 0) AS total
          FROM items it
          LEFT JOIN (SELECT item_id, sum(quantity) AS total FROM stock GROUP BY item_id) s ON s.item_id = it.id
         WHERE it.company_id = ${company} AND it.deleted_at IS NULL)
      SELECT (SELECT count(*)::int FROM wh) AS "warehouseCount",
             (SELECT count(*)::int FROM item_totals) AS "itemCount",
             (SELECT round(coalesce(sum(quantity), 0), 2)::text FROM stock) AS "totalQuantity",
             (SELECT round(coalesce(sum(value), 0), 2)::text FROM stock) AS "totalValue",
             (SELECT currency FROM companies WHERE id = ${company}) AS currency,
             (SELECT count(*)::int FROM item_totals WHERE reorder_threshold IS NOT NULL AND total <= reorder_threshold) AS "lowStockCount",
             (SELECT count(*)::int FROM wh WHERE utilization > ${UTILIZATION_WARNING}) AS "warehousesOverUtilizationThreshold",
             (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, 'utilization', utilization::text) ORDER BY utilization DESC), '[]'::json)
                FROM wh WHERE utilization > ${UTILIZATION_WARNING}) AS "busyWarehouses"`,
    );
    return row as DashboardStats;
  }

  async lowStock(limit: number): Promise<LowStockList> {
    const rows = await this.sql.rows<LowStockList['items'][number] & { fullCount: number }>(
      (company) => Prisma.sql`
      SELECT it.id::text AS id, it.sku, it.name, it.reorder_threshold AS "reorderThreshold", round(s.total, 2)::text AS "totalQuantity",
             count(*) OVER ()::int AS "fullCount"
        FROM items it
        CROSS JOIN LATERAL (
          SELECT coalesce(sum(inv.quantity), 0) AS total
            FROM inventory inv JOIN warehouses w ON w.id = inv.warehouse_id AND w.deleted_at IS NULL
           WHERE inv.company_id = it.company_id AND inv.item_id = it.id) s
       WHERE it.company_id = ${company} AND it.deleted_at IS NULL
         AND it.reorder_threshold IS NOT NULL AND s.total <= it.reorder_threshold
       ORDER BY s.total - it.reorder_threshold, it.sku
       LIMIT ${limit}`,
    );
    return { items: rows.map(({ fullCount: _, ...item }) => item), total: rows[0]?.fullCount ?? 0 };
  }
}
