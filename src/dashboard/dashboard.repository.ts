import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import { TenantSql } from '@app/database/tenant-sql';
import { lowStockMargin } from '@app/common/sql/low-stock';
import { UTILIZATION_WARNING, WAREHOUSE_STOCK, WAREHOUSE_STOCK_COLUMNS } from '@app/warehouses/warehouse-stock.sql';
import type { DashboardStats, LowStockList } from './dto/dashboard.dto';

/** Dashboard aggregates: each endpoint is one SQL query, through the door (`company` is bound by TenantSql). */
@Injectable()
export class DashboardRepository {
  constructor(private readonly sql: TenantSql) {}

  async stats(): Promise<DashboardStats> {
    // Index look-ups only (docs/architecture.md, "Running totals"): the warehouses' running totals (8 slot rows
    // each), the company's item count, and the low items through item_stock_low_idx. Warehouses use the one
    // definition of their stock and utilization that GET /warehouses uses. Sums are never narrowed.
    const row = await this.sql.preparedOne<DashboardStats>(
      (company) => Prisma.sql`
      WITH wh AS MATERIALIZED (
        SELECT w.id, w.name, ws.total_quantity, ws.value, ${WAREHOUSE_STOCK_COLUMNS.utilization} AS utilization
          FROM warehouses w ${WAREHOUSE_STOCK}
         WHERE w.company_id = ${company} AND w.deleted_at IS NULL)
      SELECT (SELECT count(*)::int FROM wh) AS "warehouseCount",
             (SELECT coalesce((SELECT item_count FROM company_totals WHERE company_id = ${company}), 0)) AS "itemCount",
             (SELECT round(coalesce(sum(total_quantity), 0), 2)::text FROM wh) AS "totalQuantity",
             (SELECT round(coalesce(sum(value), 0), 2)::text FROM wh) AS "totalValue",
             (SELECT currency FROM companies WHERE id = ${company}) AS currency,
             (SELECT count(*)::int FROM item_stock st
               WHERE st.company_id = ${company} AND ${lowStockMargin('st')}) AS "lowStockCount",
             (SELECT count(*)::int FROM wh WHERE utilization > ${UTILIZATION_WARNING}) AS "warehousesOverUtilizationThreshold",
             (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, 'utilization', utilization::text) ORDER BY utilization DESC), '[]'::json)
                FROM wh WHERE utilization > ${UTILIZATION_WARNING}) AS "busyWarehouses"`,
    );
    return row as DashboardStats;
  }

  /**
   * Items at or under their threshold (in warehouses not deleted), most urgent first, ties by SKU. The page is
   * read in item_stock_low_idx order (company, stock minus threshold, SKU: the page's whole order, so however
   * many items tie, migration 20261207140000_low_stock_total_order) and stops after `limit` rows; joining items
   * before the limit let the planner hash every item of the company. The total counts the index's entries:
   * only low items.
   */
  async lowStock(limit: number): Promise<LowStockList> {
    const rows = await this.sql.prepared<LowStockList['items'][number] & { fullCount: number }>(
      (company) => Prisma.sql`
      SELECT it.id::text AS id, it.sku, it.name, it.reorder_threshold AS "reorderThreshold", round(st.active_quantity, 2)::text AS "totalQuantity",
             (SELECT count(*)::int FROM item_stock c
               WHERE c.company_id = ${company} AND ${lowStockMargin('c')}) AS "fullCount"
        FROM (SELECT st.item_id, st.company_id, st.active_quantity, st.active_quantity - st.reorder_threshold AS margin, st.sku
                FROM item_stock st
               WHERE st.company_id = ${company} AND ${lowStockMargin('st')}
               ORDER BY st.active_quantity - st.reorder_threshold, st.sku
               LIMIT ${limit}) st
        JOIN items it ON it.id = st.item_id AND it.company_id = st.company_id
       ORDER BY st.margin, st.sku`,
    );
    return { items: rows.map(({ fullCount: _, ...item }) => item), total: rows[0]?.fullCount ?? 0 };
  }
}
