import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import { TenantContext } from '@app/database/tenant-context';
import { TenantSql } from '@app/database/tenant-sql';
import type { StockCountResponse } from './dto/stock-count.dto';
import { COUNT_JSON, FIND_COUNT, OPEN_COUNT } from './stock-counts.sql';

/** Reads and opening of counts (lines and posting run inside stock transactions: stock-counts.service.ts). */
@Injectable()
export class StockCountsRepository {
  constructor(private readonly sql: TenantSql) {}

  async open(warehouseId: string, notes: string | null): Promise<StockCountResponse | undefined> {
    const { userId } = TenantContext.require();
    const rows = await this.sql.statement<{ body: StockCountResponse }>('open_stock_count', OPEN_COUNT, [warehouseId, notes, userId]);
    return rows[0]?.body;
  }

  async find(id: string): Promise<StockCountResponse | undefined> {
    const rows = await this.sql.statement<{ body: StockCountResponse }>('find_stock_count', FIND_COUNT, [id]);
    return rows[0]?.body;
  }

  async list(
    filter: { status?: string; warehouseId?: string },
    skip: number,
    take: number,
  ): Promise<{ items: StockCountResponse[]; total: number }> {
    const cond = (company: Prisma.Sql): Prisma.Sql => {
      const where: Prisma.Sql[] = [Prisma.sql`c.company_id = ${company}`];
      if (filter.status) where.push(Prisma.sql`c.status = ${filter.status}::"StockCountStatus"`);
      if (filter.warehouseId) where.push(Prisma.sql`c.warehouse_id = ${filter.warehouseId}::uuid`);
      return Prisma.join(where, ' AND ');
    };
    const [items, counted] = await Promise.all([
      this.sql.rows<{ body: StockCountResponse }>(
        (company) => Prisma.sql`
        SELECT ${Prisma.raw(COUNT_JSON)} AS body FROM stock_counts c WHERE ${cond(company)}
         ORDER BY c.created_at DESC, c.id DESC LIMIT ${take} OFFSET ${skip}`,
      ),
      this.sql.rows<{ n: number }>((company) => Prisma.sql`SELECT count(*)::int AS n FROM stock_counts c WHERE ${cond(company)}`),
    ]);
    return { items: items.map((r) => r.body), total: counted[0]?.n ?? 0 };
  }

  /** Why no count was opened: the warehouse is missing or deleted. */
  async warehouseState(warehouseId: string): Promise<'missing' | 'deleted'> {
    const rows = await this.sql.statement<{ deleted: boolean }>(
      'warehouse_deleted',
      'SELECT deleted_at IS NOT NULL AS deleted FROM warehouses WHERE company_id = $1::uuid AND id = $2::uuid',
      [warehouseId],
    );
    return rows[0] ? 'deleted' : 'missing';
  }
}
