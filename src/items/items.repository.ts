import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import { InjectTenantPrisma, type TenantPrisma } from '@app/database/database.module';
import { TenantSql } from '@app/database/tenant-sql';
import { likePattern } from '@app/warehouses/warehouses.repository';
import { lowStockMargin } from '@app/common/sql/low-stock';
import { type SortKey, sqlOrderBy } from '@app/common/dto/sort';
import { type CategoryCount, type ItemResponse, type ItemSortField, MAX_CATEGORIES } from './dto/item.dto';

export interface ItemFilter {
  category?: string;
  search?: string;
  lowStock?: boolean;
}

const SORT_COLUMNS: Record<ItemSortField, Prisma.Sql> = {
  createdAt: Prisma.sql`i.created_at`,
  updatedAt: Prisma.sql`i.updated_at`,
  sku: Prisma.sql`lower(i.sku)`,
  name: Prisma.sql`lower(i.name)`,
  category: Prisma.sql`lower(i.category)`,
  totalQuantity: Prisma.sql`s.total`,
};

type ItemData = Omit<Prisma.ItemUncheckedCreateInput, 'companyId'>;

@Injectable()
export class ItemsRepository {
  constructor(
    @InjectTenantPrisma() private readonly db: TenantPrisma,
    private readonly sql: TenantSql,
  ) {}

  /** Items with totals aggregated in SQL. Raw SQL through the door: `company` is bound by TenantSql. */
  private where(company: Prisma.Sql, filter: ItemFilter & { id?: string }): Prisma.Sql {
    const conditions: Prisma.Sql[] = [Prisma.sql`i.company_id = ${company}`, Prisma.sql`i.deleted_at IS NULL`];
    if (filter.id) conditions.push(Prisma.sql`i.id = ${filter.id}::uuid`);
    if (filter.category) conditions.push(Prisma.sql`i.category = ${filter.category}`);
    if (filter.search)
      conditions.push(Prisma.sql`(i.name ILIKE ${likePattern(filter.search)} OR i.sku ILIKE ${likePattern(filter.search)})`);
    if (filter.lowStock) conditions.push(lowStockMargin('st'));
    return Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}`;
  }

  /**
   * The item's running total (item_stock.active_quantity: on hand in warehouses not deleted, kept by triggers in
   * each movement's statement) and the warehouses holding it (one probe per warehouse of the item).
   */
  private static readonly STOCK = Prisma.sql`
    LEFT JOIN item_stock st ON st.item_id = i.id
    CROSS JOIN LATERAL (
      SELECT coalesce(st.active_quantity, 0) AS total,
             (SELECT count(*) FROM inventory inv JOIN warehouses w ON w.id = inv.warehouse_id AND w.deleted_at IS NULL
               WHERE inv.company_id = i.company_id AND inv.item_id = i.id AND inv.quantity > 0) AS warehouses) s`;
  /** For counting: only the running total, which the lowStock filter reads. */
  private static readonly STOCK_FOR_COUNT = Prisma.sql`LEFT JOIN item_stock st ON st.item_id = i.id`;

  private select(filter: ItemFilter & { id?: string }, tail: Prisma.Sql): Promise<ItemResponse[]> {
    return this.sql.prepared<ItemResponse>(
      (company) => Prisma.sql`
      SELECT i.id::text AS id, i.sku, i.name, i.category, i.unit_of_measure AS "unitOfMeasure", i.description,
             i.reorder_threshold AS "reorderThreshold", i.volume_per_unit::text AS "volumePerUnit",
             round(s.total, 2)::text AS "totalQuantity", s.warehouses::int AS "warehouseCount",
             coalesce(st.average_cost, 0)::text AS "averageCost",
             round(s.total * coalesce(st.average_cost, 0), 2)::text AS value,
             i.reorder_quantity::text AS "reorderQuantity",
             (i.reorder_threshold IS NOT NULL AND s.total <= i.reorder_threshold) AS "lowStockWarning",
             i.created_at AS "createdAt", i.updated_at AS "updatedAt"
        FROM items i ${ItemsRepository.STOCK}
       ${this.where(company, filter)} ${tail}`,
    );
  }

  private async count(filter: ItemFilter): Promise<number> {
    if (!filter.category && !filter.search && !filter.lowStock) {
      // No filter: the company's running item count (company_totals, kept by triggers on items).
      const rows = await this.sql.prepared<{ n: number }>(
        (company) => Prisma.sql`SELECT coalesce((SELECT item_count FROM company_totals WHERE company_id = ${company}), 0) AS n`,
      );
      return rows[0]?.n ?? 0;
    }
    // The stock total is only needed when filtering on it.
    const stock = filter.lowStock ? ItemsRepository.STOCK_FOR_COUNT : Prisma.empty;
    const rows = await this.sql.prepared<{ n: number }>(
      (company) => Prisma.sql`SELECT count(*)::int AS n FROM items i ${stock} ${this.where(company, filter)}`,
    );
    return rows[0]?.n ?? 0;
  }

  async findActive(id: string): Promise<ItemResponse | undefined> {
    return (await this.select({ id }, Prisma.empty))[0];
  }

  async list(
    filter: ItemFilter,
    sort: SortKey<ItemSortField>[],
    skip: number,
    take: number,
  ): Promise<{ items: ItemResponse[]; total: number }> {
    const [items, total] = await Promise.all([
      this.select(filter, Prisma.sql`${sqlOrderBy(sort, SORT_COLUMNS, Prisma.sql`i.id`)} LIMIT ${take} OFFSET ${skip}`),
      this.count(filter),
    ]);
    return { items, total };
  }

  /** Categories in use by the company's items that are not deleted, with how many items each. */
  categories(): Promise<CategoryCount[]> {
    return this.sql.rows<CategoryCount>(
      (company) => Prisma.sql`
      SELECT i.category, count(*)::int AS "itemCount"
        FROM items i
       WHERE i.company_id = ${company} AND i.deleted_at IS NULL AND i.category IS NOT NULL
       GROUP BY i.category
       ORDER BY i.category
       LIMIT ${MAX_CATEGORIES}`,
    );
  }

  async create(data: ItemData): Promise<string> {
    return (await this.db.item.create({ data: data as Prisma.ItemUncheckedCreateInput, select: { id: true } })).id;
  }

  async updateActive(id: string, data: Partial<ItemData>): Promise<boolean> {
    return (await this.db.item.updateMany({ where: { id, deletedAt: null }, data })).count === 1;
  }

  async softDelete(id: string): Promise<boolean> {
    return (await this.db.item.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: new Date() } })).count === 1;
  }
}
