import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import { TenantSql } from '@app/database/tenant-sql';
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
  constructor(private readonly sql: TenantSql) {}

  async find(id: string): Promise<ReservationResponse | undefined> {
    const rows = await this.sql.statement<{ body: ReservationResponse }>('find_reservation', FIND_RESERVATION, [id]);
    return rows[0]?.body;
  }

  async list(filter: ReservationFilter, skip: number, take: number): Promise<{ items: ReservationResponse[]; total: number }> {
    const cond = (company: Prisma.Sql): Prisma.Sql => {
      const where: Prisma.Sql[] = [Prisma.sql`r.company_id = ${company}`];
      if (filter.warehouseId) where.push(Prisma.sql`r.warehouse_id = ${filter.warehouseId}::uuid`);
      if (filter.itemId) where.push(Prisma.sql`r.item_id = ${filter.itemId}::uuid`);
      if (filter.status === 'ACTIVE') where.push(Prisma.sql`r.status = 'ACTIVE' AND r.expires_at > now()`);
      else if (filter.status === 'EXPIRED')
        where.push(Prisma.sql`(r.status = 'EXPIRED' OR (r.status = 'ACTIVE' AND r.expires_at <= now()))`);
      else if (filter.status) where.push(Prisma.sql`r.status = ${filter.status}::"ReservationStatus"`);
      return Prisma.join(where, ' AND ');
    };
    const [items, counted] = await Promise.all([
      this.sql.rows<{ body: ReservationResponse }>(
        (company) => Prisma.sql`
        SELECT ${Prisma.raw(RESERVATION_JSON)} AS body FROM reservations r WHERE ${cond(company)}
         ORDER BY r.created_at DESC, r.id DESC LIMIT ${take} OFFSET ${skip}`,
      ),
      this.sql.rows<{ n: number }>((company) => Prisma.sql`SELECT count(*)::int AS n FROM reservations r WHERE ${cond(company)}`),
    ]);
    return { items: items.map((r) => r.body), total: counted[0]?.n ?? 0 };
  }
}
