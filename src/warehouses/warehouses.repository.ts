import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import { InjectTenantPrisma, type TenantPrisma } from '@app/database/database.module';
import { TenantSql } from '@app/database/tenant-sql';
import type { WarehouseResponse } from './dto/warehouse.dto';

type Row = Omit<WarehouseResponse, 'capacityWarning'>;

/** Warning threshold for utilization, in percent. */
export const UTILIZATION_WARNING = 80;

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
    return this.sql.rows<Row>(
      (company) => Prisma.sql`
      SELECT w.id::text AS id, w.name, w.location, w.capacity::text AS capacity, w.created_at AS "createdAt", w.updated_at AS "updatedAt",
             coalesce(s.item_count, 0)::int AS "itemCount",
             coalesce(s.total_quantity, 0)::numeric(14,2)::text AS "totalQuantity",
             round(coalesce(s.volume, 0) * 100 / w.capacity, 2)::text AS "currentUtilization",
             round(coalesce(s.value, 0), 2)::numeric(18,2)::text AS value
        FROM warehouses w
        LEFT JOIN LATERAL (
          SELECT count(*) FILTER (WHERE inv.quantity > 0) AS item_count,
                 sum(inv.quantity) AS total_quantity,
                 sum(inv.quantity * coalesce(it.volume_per_unit, 0)) AS volume,
                 sum(inv.quantity * coalesce(st.average_cost, 0)) AS value
            FROM inventory inv JOIN items it ON it.id = inv.item_id
            LEFT JOIN item_stock st ON st.item_id = inv.item_id
           WHERE inv.company_id = w.company_id AND inv.warehouse_id = w.id) s ON true
       WHERE w.company_id = ${company} AND w.deleted_at IS NULL ${where}
       ${tail}`,
    );
  }

  async findActive(id: string): Promise<Row | undefined> {
    const rows = await this.selectWithStats(Prisma.sql`AND w.id = ${id}::uuid`, Prisma.empty);
    return rows[0];
  }

  async list(search: string | undefined, skip: number, take: number): Promise<{ items: Row[]; total: number }> {
    const filter = search ? Prisma.sql`AND (w.name ILIKE ${likePattern(search)} OR w.location ILIKE ${likePattern(search)})` : Prisma.empty;
    const [items, counted] = await Promise.all([
      this.selectWithStats(filter, Prisma.sql`ORDER BY w.created_at, w.id LIMIT ${take} OFFSET ${skip}`),
      this.sql.rows<{ n: number }>(
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

/** A LIKE pattern matching `text` literally anywhere. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
