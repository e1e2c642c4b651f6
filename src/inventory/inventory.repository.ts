import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import { PrismaService } from '@app/database/prisma.service';
import { TenantContext } from '@app/database/tenant-context';
import type { InventoryEntry } from './dto/inventory.dto';

export interface InventoryFilter {
  warehouseId?: string;
  itemId?: string;
  lowStock?: boolean;
}

@Injectable()
export class InventoryRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Stock rows of active warehouses and items. Raw SQL: the company is bound from the tenant context. */
  async list(filter: InventoryFilter, skip: number, take: number): Promise<{ items: InventoryEntry[]; total: number }> {
    const { companyId } = TenantContext.require();
    const where: Prisma.Sql[] = [
      Prisma.sql`inv.company_id = ${companyId}::uuid`,
      Prisma.sql`w.deleted_at IS NULL`,
      Prisma.sql`it.deleted_at IS NULL`,
    ];
    if (filter.warehouseId) where.push(Prisma.sql`inv.warehouse_id = ${filter.warehouseId}::uuid`);
    if (filter.itemId) where.push(Prisma.sql`inv.item_id = ${filter.itemId}::uuid`);
    if (filter.lowStock) where.push(Prisma.sql`it.reorder_threshold IS NOT NULL AND inv.quantity <= it.reorder_threshold`);
    const from = Prisma.sql`FROM inventory inv JOIN warehouses w ON w.id = inv.warehouse_id JOIN items it ON it.id = inv.item_id
      LEFT JOIN item_stock st ON st.item_id = inv.item_id
      WHERE ${Prisma.join(where, ' AND ')}`;
    const [items, counted] = await Promise.all([
      this.prisma.$queryRaw<InventoryEntry[]>`
        SELECT inv.id::text AS id, inv.warehouse_id::text AS "warehouseId", w.name AS "warehouseName",
               inv.item_id::text AS "itemId", it.sku AS "itemSku", it.name AS "itemName", it.unit_of_measure AS "unitOfMeasure",
               inv.quantity::text AS quantity, inv.reserved::text AS reserved, (inv.quantity - inv.reserved)::text AS available,
               round(inv.quantity * coalesce(st.average_cost, 0), 2)::numeric(18,2)::text AS value,
               it.reorder_threshold AS "reorderThreshold",
               (it.reorder_threshold IS NOT NULL AND inv.quantity <= it.reorder_threshold) AS "lowStock",
               inv.last_restocked_at AS "lastRestockedAt", inv.updated_at AS "updatedAt"
          ${from}
         ORDER BY inv.warehouse_id, inv.item_id
         LIMIT ${take} OFFSET ${skip}`,
      this.prisma.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n ${from}`,
    ]);
    return { items, total: counted[0]?.n ?? 0 };
  }
}
