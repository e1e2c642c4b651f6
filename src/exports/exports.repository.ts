import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { TenantSql } from '@app/database/tenant-sql';

// Each export is one statement, read whole here; $1 is the company (bound by TenantSql).
const ITEMS = `
SELECT i.id, i.sku, i.name, i.category, i.unit_of_measure, i.description, i.reorder_threshold,
       i.volume_per_unit::text AS volume_per_unit,
       coalesce((SELECT sum(v.quantity) FROM inventory v WHERE v.company_id = $1 AND v.item_id = i.id), 0)::numeric(14,2)::text AS total_quantity,
       i.created_at, i.updated_at
  FROM items i
 WHERE i.company_id = $1 AND i.deleted_at IS NULL
 ORDER BY i.sku`;

const INVENTORY_NOW = `
SELECT v.warehouse_id, w.name AS warehouse_name, v.item_id, i.sku, i.name AS item_name, v.quantity::text AS quantity
  FROM inventory v
  JOIN warehouses w ON w.company_id = v.company_id AND w.id = v.warehouse_id
  JOIN items i ON i.company_id = v.company_id AND i.id = v.item_id
 WHERE v.company_id = $1 AND w.deleted_at IS NULL AND i.deleted_at IS NULL
 ORDER BY w.name, i.sku, v.warehouse_id, v.item_id`;

// The balance after the last movement at or before $2, per (warehouse, item): the ledger's answer.
const INVENTORY_AS_OF = `
SELECT s.warehouse_id, w.name AS warehouse_name, s.item_id, i.sku, i.name AS item_name, s.balance_after::text AS quantity
  FROM (SELECT DISTINCT ON (t.warehouse_id, t.item_id) t.warehouse_id, t.item_id, t.balance_after
          FROM transactions t
         WHERE t.company_id = $1 AND t.created_at <= $2
         ORDER BY t.warehouse_id, t.item_id, t.sequence DESC) s
  JOIN warehouses w ON w.company_id = $1 AND w.id = s.warehouse_id
  JOIN items i ON i.company_id = $1 AND i.id = s.item_id
 ORDER BY w.name, i.sku, s.warehouse_id, s.item_id`;

const TRANSACTIONS = `
SELECT t.id, t.created_at, t.type::text AS type, t.warehouse_id, w.name AS warehouse_name, t.item_id, i.sku, i.name AS item_name,
       t.quantity::text AS quantity, t.balance_after::text AS balance_after, t.notes, t.created_by,
       t.unit_cost::text AS unit_cost, t.average_cost_after::text AS average_cost_after, t.reason::text AS reason,
       t.transfer_id, t.reservation_id, t.stock_count_id, t.document_id, t.supplier_id, t.customer_id
  FROM transactions t
  JOIN warehouses w ON w.company_id = t.company_id AND w.id = t.warehouse_id
  JOIN items i ON i.company_id = t.company_id AND i.id = t.item_id
 WHERE t.company_id = $1 AND ($2::timestamptz IS NULL OR t.created_at >= $2) AND ($3::timestamptz IS NULL OR t.created_at < $3)
 ORDER BY t.created_at, t.id`;

@Injectable()
export class ExportsRepository {
  constructor(private readonly sql: TenantSql) {}

  items(): Promise<Readable> {
    return this.sql.stream(ITEMS, []);
  }

  inventory(asOf: Date | undefined): Promise<Readable> {
    return asOf ? this.sql.stream(INVENTORY_AS_OF, [asOf]) : this.sql.stream(INVENTORY_NOW, []);
  }

  transactions(from: Date | undefined, to: Date | undefined): Promise<Readable> {
    return this.sql.stream(TRANSACTIONS, [from ?? null, to ?? null]);
  }
}
