import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { CreateItemDto } from '@app/items/dto/item.dto';
import { DecimalField } from '@app/common/dto/decimal';
import { IsUUID } from 'class-validator';
import {
  type ImportReport,
  type ImportRowError,
  MAX_ERROR_FIELD_LENGTH,
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_REPORTED_ERRORS,
} from './dto/import.dto';
import { parseCsv, type CsvRecord } from './csv-rows';
import { type ExistingItem, type ItemRow, ImportsRepository, type StockTarget } from './imports.repository';

const ITEM_COLUMNS = ['sku', 'name', 'category', 'unitOfMeasure', 'description', 'reorderThreshold', 'volumePerUnit'] as const;
const STOCK_COLUMNS = ['warehouseId', 'sku', 'quantity'] as const;
const OPENING_NOTES = 'Opening stock import';

class OpeningStockRow {
  @IsUUID('all', { message: 'warehouseId must be a UUID' }) warehouseId!: string;
  @DecimalField({ scale: 2, integerDigits: 7, allowZero: true, max: '1000000' }) quantity!: string;
}

function fieldErrors(row: number, errors: ValidationError[]): ImportRowError[] {
  return errors.map((e) => ({ row, field: e.property, message: Object.values(e.constraints ?? {}).join('; ') || 'is invalid' }));
}

const blankToNull = (v: string | undefined): string | null => (v === undefined || v.trim() === '' ? null : v);

/**
 * CSV imports: the whole file is validated first (a report per row and field); only a file without
 * errors is applied, in one statement (all rows or none). Rows that already match are left alone, so
 * importing the same file twice changes nothing the second time.
 */
@Injectable()
export class ImportsService {
  constructor(private readonly repo: ImportsRepository) {}

  async items(body: unknown, dryRun: boolean): Promise<ImportReport> {
    const parsed = parseCsv(body, ITEM_COLUMNS, ['sku', 'name', 'unitOfMeasure']);
    if (!parsed.ok) return failed(0, parsed.errors);
    const errors: ImportRowError[] = [];
    const rows: Array<{ row: number; item: ItemRow }> = [];
    const seen = new Map<string, number>();
    for (const record of parsed.records) {
      const v = record.values;
      const threshold = blankToNull(v.reorderThreshold);
      const plain = {
        sku: v.sku ?? '',
        name: v.name ?? '',
        unitOfMeasure: v.unitOfMeasure ?? '',
        category: blankToNull(v.category),
        description: blankToNull(v.description),
        reorderThreshold: threshold === null ? null : /^-?\d+$/.test(threshold.trim()) ? Number(threshold) : threshold,
        volumePerUnit: blankToNull(v.volumePerUnit),
      };
      const dto = plainToInstance(CreateItemDto, plain);
      const problems = validateSync(dto, { forbidUnknownValues: true });
      if (problems.length > 0) {
        errors.push(...fieldErrors(record.row, problems));
        continue;
      }
      const earlier = seen.get(skuKey(dto.sku));
      if (earlier !== undefined) {
        errors.push({ row: record.row, field: 'sku', message: `sku repeats row ${earlier} (SKUs are compared ignoring case)` });
        continue;
      }
      seen.set(skuKey(dto.sku), record.row);
      rows.push({
        row: record.row,
        item: {
          sku: dto.sku,
          name: dto.name,
          category: dto.category ?? null,
          unitOfMeasure: dto.unitOfMeasure,
          description: dto.description ?? null,
          reorderThreshold: dto.reorderThreshold ?? null,
          volumePerUnit: dto.volumePerUnit ?? null,
        },
      });
    }
    const existing = new Map((await this.repo.itemsBySku(rows.map((r) => r.item.sku))).map((e) => [skuKey(e.sku), e]));
    let created = 0;
    let unchanged = 0;
    const changes: ItemRow[] = [];
    for (const { row, item } of rows) {
      const found = existing.get(skuKey(item.sku));
      if (found?.deleted) {
        errors.push({ row, field: 'sku', message: 'sku belongs to a deleted item' });
      } else if (!found) {
        created += 1;
        changes.push(item);
      } else if (sameItem(found, item)) {
        unchanged += 1;
      } else {
        changes.push(item);
      }
    }
    const total = parsed.records.length;
    if (errors.length > 0) return failed(total, errors);
    if (!dryRun) await this.repo.upsertItems(changes);
    return { rows: total, created, updated: changes.length - created, unchanged, dryRun, errors: [] };
  }

  async openingStock(body: unknown, dryRun: boolean): Promise<ImportReport> {
    const parsed = parseCsv(body, STOCK_COLUMNS, STOCK_COLUMNS);
    if (!parsed.ok) return failed(0, parsed.errors);
    const errors: ImportRowError[] = [];
    const valid: Array<{ record: CsvRecord; warehouseId: string; sku: string; quantity: string }> = [];
    for (const record of parsed.records) {
      const v = record.values;
      const dto = plainToInstance(OpeningStockRow, { warehouseId: v.warehouseId ?? '', quantity: v.quantity ?? '' });
      const problems = fieldErrors(record.row, validateSync(dto));
      const sku = (v.sku ?? '').trim();
      if (sku === '') problems.push({ row: record.row, field: 'sku', message: 'sku is required' });
      if (problems.length > 0) errors.push(...problems);
      else valid.push({ record, warehouseId: dto.warehouseId.toLowerCase(), sku, quantity: dto.quantity });
    }
    const items = new Map<string, ExistingItem>((await this.repo.itemsBySku(valid.map((r) => r.sku))).map((e) => [skuKey(e.sku), e]));
    const warehouses = new Set((await this.repo.activeWarehouseIds(valid.map((r) => r.warehouseId))).map((w) => w.id));
    const targets: Array<StockTarget & { row: number }> = [];
    const seen = new Map<string, number>();
    for (const r of valid) {
      const item = items.get(skuKey(r.sku));
      const rowErrors: ImportRowError[] = [];
      if (!warehouses.has(r.warehouseId))
        rowErrors.push({ row: r.record.row, field: 'warehouseId', message: 'no active warehouse with this id' });
      if (!item || item.deleted) rowErrors.push({ row: r.record.row, field: 'sku', message: 'no active item with this sku' });
      if (rowErrors.length > 0 || !item) {
        errors.push(...rowErrors);
        continue;
      }
      const key = `${r.warehouseId}/${item.id}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        errors.push({ row: r.record.row, field: 'sku', message: `warehouse and sku repeat row ${earlier}` });
        continue;
      }
      seen.set(key, r.record.row);
      targets.push({ row: r.record.row, warehouseId: r.warehouseId, itemId: item.id, quantity: r.quantity });
    }
    const stock = new Map((await this.repo.stockOf(targets)).map((s) => [`${s.warehouseId}/${s.itemId}`, s.quantity]));
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    for (const target of targets) {
      const onHand = stock.get(`${target.warehouseId}/${target.itemId}`);
      if (onHand === undefined) {
        if (cents(target.quantity) > 0n) created += 1;
        else unchanged += 1;
      } else if (cents(target.quantity) > cents(onHand)) updated += 1;
      else if (cents(target.quantity) === cents(onHand)) unchanged += 1;
      else errors.push({ row: target.row, field: 'quantity', message: `below the stock on hand (${onHand}); opening stock only adds` });
    }
    const total = parsed.records.length;
    if (errors.length > 0) return failed(total, errors);
    if (!dryRun)
      await this.repo.openStock(
        targets.map(({ warehouseId, itemId, quantity }) => ({ warehouseId, itemId, quantity })),
        OPENING_NOTES,
      );
    return { rows: total, created, updated, unchanged, dryRun, errors: [] };
  }
}

/** Decimal strings (≥ 0, at most 2 places) compared exactly, as integers of hundredths: no float arithmetic. */
function cents(decimal: string): bigint {
  const [whole = '0', fraction = ''] = decimal.trim().split('.');
  return BigInt(whole) * 100n + BigInt(`${fraction}00`.slice(0, 2));
}

function failed(rows: number, errors: ImportRowError[]): ImportReport {
  const reported = errors
    .sort((a, b) => a.row - b.row)
    .slice(0, MAX_REPORTED_ERRORS)
    .map((e) => ({ row: e.row, field: e.field.slice(0, MAX_ERROR_FIELD_LENGTH), message: e.message.slice(0, MAX_ERROR_MESSAGE_LENGTH) }));
  return { rows, created: 0, updated: 0, unchanged: 0, dryRun: true, errors: reported };
}

/**
 * SKUs are one per company ignoring case (the unique index is on (company_id, lower(sku))). PostgreSQL's
 * lower() and toLowerCase() agree on the SKUs the validators accept.
 */
function skuKey(sku: string): string {
  return sku.toLowerCase();
}

function sameItem(a: ExistingItem, b: ItemRow): boolean {
  const num = (v: string | null) => (v === null ? null : Number(v));
  return (
    a.name === b.name &&
    a.category === b.category &&
    a.unitOfMeasure === b.unitOfMeasure &&
    a.description === b.description &&
    a.reorderThreshold === b.reorderThreshold &&
    num(a.volumePerUnit) === num(b.volumePerUnit)
  );
}
