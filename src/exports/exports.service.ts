import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { type CsvColumn, toCsv } from './csv';
import { ExportsRepository } from './exports.repository';

const ITEM_COLUMNS: CsvColumn[] = [
  { key: 'id', header: 'id' },
  { key: 'sku', header: 'sku', text: true },
  { key: 'name', header: 'name', text: true },
  { key: 'category', header: 'category', text: true },
  { key: 'unit_of_measure', header: 'unitOfMeasure', text: true },
  { key: 'description', header: 'description', text: true },
  { key: 'reorder_threshold', header: 'reorderThreshold' },
  { key: 'volume_per_unit', header: 'volumePerUnit' },
  { key: 'total_quantity', header: 'totalQuantity' },
  { key: 'created_at', header: 'createdAt' },
  { key: 'updated_at', header: 'updatedAt' },
];

const INVENTORY_COLUMNS: CsvColumn[] = [
  { key: 'warehouse_id', header: 'warehouseId' },
  { key: 'warehouse_name', header: 'warehouseName', text: true },
  { key: 'item_id', header: 'itemId' },
  { key: 'sku', header: 'sku', text: true },
  { key: 'item_name', header: 'itemName', text: true },
  { key: 'quantity', header: 'quantity' },
];

const TRANSACTION_COLUMNS: CsvColumn[] = [
  { key: 'id', header: 'id' },
  { key: 'created_at', header: 'createdAt' },
  { key: 'type', header: 'type' },
  { key: 'warehouse_id', header: 'warehouseId' },
  { key: 'warehouse_name', header: 'warehouseName', text: true },
  { key: 'item_id', header: 'itemId' },
  { key: 'sku', header: 'sku', text: true },
  { key: 'item_name', header: 'itemName', text: true },
  { key: 'quantity', header: 'quantity' },
  { key: 'balance_after', header: 'balanceAfter' },
  { key: 'notes', header: 'notes', text: true },
  { key: 'created_by', header: 'createdBy' },
  // Valuation and links (after the original columns, so a consumer reading by position keeps working).
  { key: 'unit_cost', header: 'unitCost' },
  { key: 'average_cost_after', header: 'averageCostAfter' },
  { key: 'reason', header: 'reason' },
  { key: 'transfer_id', header: 'transferId' },
  { key: 'reservation_id', header: 'reservationId' },
  { key: 'stock_count_id', header: 'stockCountId' },
  { key: 'document_id', header: 'documentId' },
  { key: 'supplier_id', header: 'supplierId' },
  { key: 'customer_id', header: 'customerId' },
];

/** CSV files streamed from the database with constant memory (docs/architecture.md, "CSV export"). */
@Injectable()
export class ExportsService {
  constructor(private readonly repo: ExportsRepository) {}

  async items(): Promise<Readable> {
    return toCsv(await this.repo.items(), ITEM_COLUMNS);
  }

  async inventory(asOf?: string): Promise<Readable> {
    return toCsv(await this.repo.inventory(asOf ? new Date(asOf) : undefined), INVENTORY_COLUMNS);
  }

  async transactions(from?: string, to?: string): Promise<Readable> {
    return toCsv(await this.repo.transactions(from ? new Date(from) : undefined, to ? new Date(to) : undefined), TRANSACTION_COLUMNS);
  }
}
