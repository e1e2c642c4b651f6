import { Injectable } from '@nestjs/common';
import { Prisma } from '@app/generated/prisma/client';
import { TenantContext } from '@app/database/tenant-context';
import { TenantSql } from '@app/database/tenant-sql';

export interface ItemRow {
  sku: string;
  name: string;
  category: string | null;
  unitOfMeasure: string;
  description: string | null;
  reorderThreshold: number | null;
  volumePerUnit: string | null;
}

export interface ExistingItem extends ItemRow {
  id: string;
  deleted: boolean;
}

export interface StockTarget {
  warehouseId: string;
  itemId: string;
  quantity: string;
}

@Injectable()
export class ImportsRepository {
  constructor(private readonly sql: TenantSql) {}

  /** The items with these SKUs, compared case-insensitively like the unique index (company_id, lower(sku)). */
  itemsBySku(skus: string[]): Promise<ExistingItem[]> {
    return this.sql.rows<ExistingItem>(
      (company) => Prisma.sql`
        SELECT id::text AS id, sku, name, category, unit_of_measure AS "unitOfMeasure", description,
               reorder_threshold AS "reorderThreshold", volume_per_unit::text AS "volumePerUnit", deleted_at IS NOT NULL AS deleted
          FROM items
         WHERE company_id = ${company}
           AND lower(sku) = ANY (SELECT lower(s) FROM jsonb_array_elements_text(${JSON.stringify(skus)}::jsonb) AS s)`,
    );
  }

  activeWarehouseIds(ids: string[]): Promise<Array<{ id: string }>> {
    return this.sql.rows(
      (company) => Prisma.sql`
        SELECT id::text AS id FROM warehouses
         WHERE company_id = ${company} AND deleted_at IS NULL
           AND id::text = ANY (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
    );
  }

  stockOf(
    pairs: Array<{ warehouseId: string; itemId: string }>,
  ): Promise<Array<{ warehouseId: string; itemId: string; quantity: string }>> {
    return this.sql.rows(
      (company) => Prisma.sql`
        SELECT v.warehouse_id::text AS "warehouseId", v.item_id::text AS "itemId", v.quantity::text AS quantity
          FROM inventory v
          JOIN jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) AS p("warehouseId" uuid, "itemId" uuid)
            ON p."warehouseId" = v.warehouse_id AND p."itemId" = v.item_id
         WHERE v.company_id = ${company}`,
    );
  }

  /**
   * One statement: every row inserted or updated, or none (upsert by SKU, case-insensitively: the conflict
   * target is the unique index's expression; an existing item keeps the spelling of its SKU).
   */
  async upsertItems(rows: ItemRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.sql.rows(
      (company) => Prisma.sql`
        WITH input AS (
          SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            AS x(sku text, name text, category text, "unitOfMeasure" text, description text, "reorderThreshold" int, "volumePerUnit" numeric))
        INSERT INTO items (company_id, sku, name, category, unit_of_measure, description, reorder_threshold, volume_per_unit, updated_at)
        SELECT ${company}, sku, name, category, "unitOfMeasure", description, "reorderThreshold", "volumePerUnit", now() FROM input
        ON CONFLICT (company_id, lower(sku)) DO UPDATE
          SET name = EXCLUDED.name, category = EXCLUDED.category, unit_of_measure = EXCLUDED.unit_of_measure,
              description = EXCLUDED.description, reorder_threshold = EXCLUDED.reorder_threshold,
              volume_per_unit = EXCLUDED.volume_per_unit, updated_at = now()
        RETURNING 1`,
    );
  }

  /**
   * One statement: for each (warehouse, item) whose stock is below the target, an INBOUND movement of
   * the difference (inventory upserted, ledger row with its balance and sequence, like POST /transactions).
   */
  async openStock(targets: StockTarget[], notes: string): Promise<void> {
    if (targets.length === 0) return;
    const { userId } = TenantContext.require();
    await this.sql.rows(
      (company) => Prisma.sql`
        WITH input AS (
          SELECT * FROM jsonb_to_recordset(${JSON.stringify(targets)}::jsonb) AS x("warehouseId" uuid, "itemId" uuid, quantity numeric)),
        diff AS (
          SELECT i."warehouseId" AS warehouse_id, i."itemId" AS item_id, i.quantity - coalesce(v.quantity, 0) AS delta
            FROM input i
            LEFT JOIN inventory v ON v.company_id = ${company} AND v.warehouse_id = i."warehouseId" AND v.item_id = i."itemId"
           WHERE i.quantity > coalesce(v.quantity, 0)),
        moved AS (
          INSERT INTO inventory AS inv (company_id, warehouse_id, item_id, quantity, last_sequence, last_restocked_at, updated_at)
          SELECT ${company}, warehouse_id, item_id, delta, 1, now(), now() FROM diff
          ON CONFLICT (warehouse_id, item_id)
            DO UPDATE SET quantity = inv.quantity + EXCLUDED.quantity, last_sequence = inv.last_sequence + 1,
                          last_restocked_at = now(), updated_at = now()
          RETURNING inv.warehouse_id, inv.item_id, inv.quantity, inv.last_sequence)
        INSERT INTO transactions (company_id, type, warehouse_id, item_id, quantity, balance_after, sequence, notes, created_by)
        SELECT ${company}, 'INBOUND', m.warehouse_id, m.item_id, d.delta, m.quantity, m.last_sequence, ${notes}, ${userId}::uuid
          FROM moved m JOIN diff d ON d.warehouse_id = m.warehouse_id AND d.item_id = m.item_id
        RETURNING 1`,
    );
  }
}
