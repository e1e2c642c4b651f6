import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import { InjectTenantPrisma, type TenantPrisma } from '@app/database/database.module';
import { TenantSql } from '@app/database/tenant-sql';
import { likePattern } from '@app/common/sql/like';
import { type SortKey, sqlOrderBy } from '@app/common/dto/sort';
import type { WarehouseResponse, WarehouseSortField } from './dto/warehouse.dto';
import { WAREHOUSE_STOCK, WAREHOUSE_STOCK_COLUMNS as STOCK } from './warehouse-stock.sql';

export { UTILIZATION_WARNING } from './warehouse-stock.sql';

type Row = Omit<WarehouseResponse, 'capacityWarning'>;

const SORT_COLUMNS: Record<WarehouseSortField, Prisma.Sql> = {
  name: Prisma.sql`lower(w.name)`,
  location: Prisma.sql`lower(w.location)`,
  capacity: Prisma.sql`w.capacity`,
  createdAt: Prisma.sql`w.created_at`,
  updatedAt: Prisma.sql`w.updated_at`,
  itemCount: STOCK.itemCount,
  totalQuantity: STOCK.totalQuantity,
  currentUtilization: STOCK.utilization,
};

@Injectable()
export class WarehousesRepository {
  constructor(
    @InjectTenantPrisma() private readonly db: TenantPrisma,
    private readonly sql: TenantSql,
  ) {}

  /**
   * Warehouses with their computed fields, aggregated in SQL (one query, no rows loaded into Node).
   * Raw SQL through the door: `company` is the context's company, bound by TenantSql.
   */
  private selectWithStats(where: Prisma.Sql, tail: Prisma.Sql): Promise<Row[]> {
    return this.sql.prepared<Row>(
      (company) => Prisma.sql`
      SELECT w.id::text AS id, w.name, w.location, w.capacity::text AS capacity, w.created_at AS "createdAt", w.updated_at AS "updatedAt",
             ${STOCK.itemCount}::int AS "itemCount",
             ${STOCK.totalQuantity}::text AS "totalQuantity",
             ${STOCK.utilization}::text AS "currentUtilization",
             ${STOCK.value}::text AS value
        FROM warehouses w ${WAREHOUSE_STOCK}
       WHERE w.company_id = ${company} AND w.deleted_at IS NULL ${where}
       ${tail}`,
    );
  }

  async findActive(id: string): Promise<Row | undefined> {
    const rows = await this.selectWithStats(Prisma.sql`AND w.id = ${id}::uuid`, Prisma.empty);
    return rows[0];
  }

  async list(
    search: string | undefined,
    sort: SortKey<WarehouseSortField>[],
    skip: number,
    take: number,
  ): Promise<{ items: Row[]; total: number }> {
    const filter = search ? Prisma.sql`AND (w.name ILIKE ${likePattern(search)} OR w.location ILIKE ${likePattern(search)})` : Prisma.empty;
    const [items, counted] = await Promise.all([
      this.selectWithStats(filter, Prisma.sql`${sqlOrderBy(sort, SORT_COLUMNS, Prisma.sql`w.id`)} LIMIT ${take} OFFSET ${skip}`),
      this.sql.prepared<{ n: number }>(
        (company) => Prisma.sql`
          SELECT count(*)::int AS n FROM warehouses w WHERE w.company_id = ${company} AND w.deleted_at IS NULL ${filter}`,
      ),
    ]);
    return { items, total: counted[0]?.n ?? 0 };
  }

  async create(data: { name: string; location: string; capacity: string }): Promise<string> {
    const created = await this.db.warehouse.create({ data: data as Prisma.WarehouseUncheckedCreateInput, select: { id: true } });
    return created.id;
  }

  /** Updates an active warehouse of the current company; false when there is none. */
  async updateActive(id: string, data: { name?: string; location?: string; capacity?: string }): Promise<boolean> {
    const res = await this.db.warehouse.updateMany({ where: { id, deletedAt: null }, data });
    return res.count === 1;
  }

  async softDelete(id: string): Promise<boolean> {
    const res = await this.db.warehouse.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: new Date() } });
    return res.count === 1;
  }
}

export { likePattern } from '@app/common/sql/like';
