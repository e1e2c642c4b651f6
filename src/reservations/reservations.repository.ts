import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import { PrismaService } from '@app/database/prisma.service';
import { TenantContext } from '@app/database/tenant-context';
import type { ReservationResponse } from './dto/reservation.dto';
import { FIND_RESERVATION, RESERVATION_JSON } from './reservations.sql';

export interface ReservationFilter {
  status?: string;
  warehouseId?: string;
  itemId?: string;
}

/** Reads of reservations (writes run inside stock transactions: reservations.service.ts). */
@Injectable()
export class ReservationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async find(id: string): Promise<ReservationResponse | undefined> {
    const { companyId } = TenantContext.require();
    const { rows } = await this.prisma.pool.query<{ body: ReservationResponse }>(FIND_RESERVATION, [companyId, id]);
    return rows[0]?.body;
  }

  async list(filter: ReservationFilter, skip: number, take: number): Promise<{ items: ReservationResponse[]; total: number }> {
    const { companyId } = TenantContext.require();
    const where: Prisma.Sql[] = [Prisma.sql`r.company_id = ${companyId}::uuid`];
    if (filter.warehouseId) where.push(Prisma.sql`r.warehouse_id = ${filter.warehouseId}::uuid`);
    if (filter.itemId) where.push(Prisma.sql`r.item_id = ${filter.itemId}::uuid`);
    if (filter.status === 'ACTIVE') where.push(Prisma.sql`r.status = 'ACTIVE' AND r.expires_at > now()`);
    else if (filter.status === 'EXPIRED') where.push(Prisma.sql`(r.status = 'EXPIRED' OR (r.status = 'ACTIVE' AND r.expires_at <= now()))`);
    else if (filter.status) where.push(Prisma.sql`r.status = ${filter.status}::"ReservationStatus"`);
    const cond = Prisma.join(where, ' AND ');
    const [items, counted] = await Promise.all([
      this.prisma.$queryRaw<Array<{ body: ReservationResponse }>>`
        SELECT ${Prisma.raw(RESERVATION_JSON)} AS body FROM reservations r WHERE ${cond}
         ORDER BY r.created_at DESC, r.id DESC LIMIT ${take} OFFSET ${skip}`,
      this.prisma.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM reservations r WHERE ${cond}`,
    ]);
    return { items: items.map((r) => r.body), total: counted[0]?.n ?? 0 };
  }
}
