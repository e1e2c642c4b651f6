import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import { PrismaService } from '@app/database/prisma.service';
import { TenantContext } from '@app/database/tenant-context';
import type { StockCountResponse } from './dto/stock-count.dto';
import { COUNT_JSON, FIND_COUNT, OPEN_COUNT } from './stock-counts.sql';

/** Reads and opening of counts (lines and posting run inside stock transactions: stock-counts.service.ts). */
@Injectable()
export class StockCountsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async open(warehouseId: string, notes: string | null): Promise<StockCountResponse | undefined> {
    const { companyId, userId } = TenantContext.require();
    const { rows } = await this.prisma.pool.query<{ body: StockCountResponse }>(OPEN_COUNT, [companyId, warehouseId, notes, userId]);
    return rows[0]?.body;
  }

  async find(id: string): Promise<StockCountResponse | undefined> {
    const { companyId } = TenantContext.require();
    const { rows } = await this.prisma.pool.query<{ body: StockCountResponse }>(FIND_COUNT, [companyId, id]);
    return rows[0]?.body;
  }

  async list(
    filter: { status?: string; warehouseId?: string },
    skip: number,
    take: number,
  ): Promise<{ items: StockCountResponse[]; total: number }> {
    const { companyId } = TenantContext.require();
    const where: Prisma.Sql[] = [Prisma.sql`c.company_id = ${companyId}::uuid`];
    if (filter.status) where.push(Prisma.sql`c.status = ${filter.status}::"StockCountStatus"`);
    if (filter.warehouseId) where.push(Prisma.sql`c.warehouse_id = ${filter.warehouseId}::uuid`);
    const cond = Prisma.join(where, ' AND ');
    const [items, counted] = await Promise.all([
      this.prisma.$queryRaw<Array<{ body: StockCountResponse }>>`
        SELECT ${Prisma.raw(COUNT_JSON)} AS body FROM stock_counts c WHERE ${cond}
         ORDER BY c.created_at DESC, c.id DESC LIMIT ${take} OFFSET ${skip}`,
      this.prisma.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM stock_counts c WHERE ${cond}`,
    ]);
    return { items: items.map((r) => r.body), total: counted[0]?.n ?? 0 };
  }

  /** Why no count was opened: the warehouse is missing or deleted. */
  async warehouseState(warehouseId: string): Promise<'missing' | 'deleted'> {
    const { companyId } = TenantContext.require();
    const { rows } = await this.prisma.pool.query<{ deleted: boolean }>(
      'SELECT deleted_at IS NOT NULL AS deleted FROM warehouses WHERE id = $1::uuid AND company_id = $2::uuid',
      [warehouseId, companyId],
    );
    return rows[0] ? 'deleted' : 'missing';
  }
}
