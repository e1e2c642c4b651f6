import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import { TenantSql } from '@app/database/tenant-sql';
import { parseSort, type SortKey, sqlOrderBy } from '@app/common/dto/sort';
import { INVENTORY_DEFAULT_SORT, INVENTORY_SORT_FIELDS, type InventoryEntry, type InventorySortField } from './dto/inventory.dto';

const DEFAULT_SORT = parseSort(undefined, INVENTORY_SORT_FIELDS, INVENTORY_DEFAULT_SORT);

const SORT_COLUMNS: Record<InventorySortField, Prisma.Sql> = {
  updatedAt: Prisma.sql`inv.updated_at`,
  lastRestockedAt: Prisma.sql`inv.last_restocked_at`,
  quantity: Prisma.sql`inv.quantity`,
  warehouseName: Prisma.sql`lower(w.name)`,
  itemSku: Prisma.sql`lower(it.sku)`,
  itemName: Prisma.sql`lower(it.name)`,
};

export interface InventoryFilter {
  warehouseId?: string;
  itemId?: string;
  lowStock?: boolean;
}

@Injectable()
export class InventoryRepository {
  constructor(private readonly sql: TenantSql) {}

  /** Stock rows of active warehouses and items. Raw SQL through the door: `company` is bound by TenantSql. */
  async list(
    filter: InventoryFilter,
    skip: number,
    take: number,
    sort: SortKey<InventorySortField>[] = DEFAULT_SORT,
  ): Promise<{ items: InventoryEntry[]; total: number }> {
    const from = (company: Prisma.Sql): Prisma.Sql => {
      const where: Prisma.Sql[] = [
        Prisma.sql`inv.company_id = ${company}`,
        Prisma.sql`w.deleted_at IS NULL`,
        Prisma.sql`it.deleted_at IS NULL`,
      ];
      if (filter.warehouseId) where.push(Prisma.sql`inv.warehouse_id = ${filter.warehouseId}::uuid`);
      if (filter.itemId) where.push(Prisma.sql`inv.item_id = ${filter.itemId}::uuid`);
      if (filter.lowStock) where.push(Prisma.sql`it.reorder_threshold IS NOT NULL AND inv.quantity <= it.reorder_threshold`);
      return Prisma.sql`FROM inventory inv JOIN warehouses w ON w.id = inv.warehouse_id JOIN items it ON it.id = inv.item_id
      WHERE ${Prisma.join(where, ' AND ')}`;
    };
    const [items, counted] = await Promise.all([
      this.sql.rows<InventoryEntry>(
        (company) => Prisma.sql`
        SELECT inv.id::text AS id, inv.warehouse_id::text AS "warehouseId", w.name AS "warehouseName",
               inv.item_id::text AS "itemId", it.sku AS "itemSku", it.name AS "itemName", it.unit_of_measure AS "unitOfMeasure",
               inv.quantity::text AS quantity, it.reorder_threshold AS "reorderThreshold",
               (it.reorder_threshold IS NOT NULL AND inv.quantity <= it.reorder_threshold) AS "lowStock",
               inv.last_restocked_at AS "lastRestockedAt", inv.updated_at AS "updatedAt"
          ${from(company)}
         ${sqlOrderBy(sort, SORT_COLUMNS, Prisma.sql`inv.id`)}
         LIMIT ${take} OFFSET ${skip}`,
      ),
      this.sql.rows<{ n: number }>((company) => Prisma.sql`SELECT count(*)::int AS n ${from(company)}`),
    ]);
    return { items, total: counted[0]?.n ?? 0 };
  }
}
