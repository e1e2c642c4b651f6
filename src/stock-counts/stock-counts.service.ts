import { HttpStatus, Injectable } from '@nestjs/common';
import { AppError, badRequest, notFound } from '@app/common/errors/app-error';
import { Page, skipOf, toPage } from '@app/common/dto/pagination.dto';
import { StockTransactions, type StockResult, type StockTx } from '@app/ledger/stock-transactions';
import type { ListStockCountsQuery, OpenStockCountDto, RecordLinesDto, StockCountResponse } from './dto/stock-count.dto';
import { StockCountsRepository } from './stock-counts.repository';
import { CLOSE_COUNT, COUNT_BODY, COUNT_LINES, KNOWN_ITEMS, LOCK_COUNT, UPSERT_LINES } from './stock-counts.sql';

export const POST_COUNT_ROUTE = 'POST /api/v1/stock-counts/:id/post';

const notOpen = (status: string): AppError => new AppError(HttpStatus.CONFLICT, 'COUNT_NOT_OPEN', `The count is ${status}, not OPEN`);

/**
 * Cycle counts. A line stores what was counted and the on-hand at that moment (expected); posting
 * applies each line's variance (counted − expected) as an ADJUSTMENT with reason COUNT, all lines in
 * one transaction. Movements made between recording a line and posting are real and are kept: the
 * count corrects only the difference it observed (docs/architecture.md).
 */
@Injectable()
export class StockCountsService {
  constructor(
    private readonly stock: StockTransactions,
    private readonly repo: StockCountsRepository,
  ) {}

  async open(dto: OpenStockCountDto): Promise<StockCountResponse> {
    const count = await this.repo.open(dto.warehouseId, dto.notes ?? null);
    if (count) return count;
    if ((await this.repo.warehouseState(dto.warehouseId)) === 'deleted') {
      throw new AppError(HttpStatus.CONFLICT, 'WAREHOUSE_DELETED', 'The warehouse is deleted: it cannot be counted');
    }
    throw notFound('Warehouse');
  }

  async recordLines(id: string, dto: RecordLinesDto): Promise<StockCountResponse> {
    const items = dto.lines.map((l) => l.itemId.toLowerCase());
    if (new Set(items).size !== items.length) throw badRequest('VALIDATION_FAILED', 'lines must name each itemId once');
    const result = await this.stock.run(undefined, HttpStatus.OK, async (tx) => {
      const count = await this.lock(tx, id);
      if (count.status !== 'OPEN') throw notOpen(count.status);
      const known = new Set((await tx.query<{ id: string }>(KNOWN_ITEMS, [items])).map((r) => r.id));
      if (items.some((i) => !known.has(i))) throw notFound('Item');
      await tx.query(UPSERT_LINES, [id, count.warehouseId, items, dto.lines.map((l) => l.countedQuantity), tx.scope.userId]);
      return this.body(tx, id);
    });
    return result.body;
  }

  post(id: string, key?: string): Promise<StockResult<StockCountResponse>> {
    const idempotency = key ? { route: POST_COUNT_ROUTE, key, canonical: [id.toLowerCase()] } : undefined;
    return this.stock.run(idempotency, HttpStatus.OK, async (tx) => {
      const count = await this.lock(tx, id);
      if (count.status !== 'OPEN') throw notOpen(count.status);
      const lines = await tx.query<{ itemId: string; variance: string; changed: boolean }>(COUNT_LINES, [id]);
      const changed = lines.filter((l) => l.changed);
      if (changed.length > 0) {
        const keys = changed.map((l) => ({ warehouseId: count.warehouseId, itemId: l.itemId }));
        const rows = await tx.lockRows(keys, true);
        await tx.lockTotals(keys, true);
        for (const line of changed) {
          const movement = await tx.applyLeg({
            warehouseId: count.warehouseId,
            itemId: line.itemId,
            type: 'ADJUSTMENT',
            change: line.variance,
            quantity: line.variance,
            reason: 'COUNT',
            stockCountId: id,
            changesTotal: true,
          });
          if (!movement) {
            const available = [...rows.values()].find((r) => r.itemId === line.itemId)?.available ?? '0.00';
            throw new AppError(
              HttpStatus.CONFLICT,
              'INSUFFICIENT_STOCK',
              `Insufficient stock for the line of item ${line.itemId}: variance ${line.variance}, ${available} available; nothing was posted`,
            );
          }
        }
      }
      const [closed] = await tx.query<{ body: StockCountResponse }>(CLOSE_COUNT, [id, 'POSTED']);
      if (!closed) throw notFound('Stock count');
      return closed.body;
    });
  }

  async cancel(id: string): Promise<StockCountResponse> {
    const result = await this.stock.run(undefined, HttpStatus.OK, async (tx) => {
      const count = await this.lock(tx, id);
      if (count.status !== 'OPEN') throw notOpen(count.status);
      const [closed] = await tx.query<{ body: StockCountResponse }>(CLOSE_COUNT, [id, 'CANCELLED']);
      if (!closed) throw notFound('Stock count');
      return closed.body;
    });
    return result.body;
  }

  async get(id: string): Promise<StockCountResponse> {
    const found = await this.repo.find(id);
    if (!found) throw notFound('Stock count');
    return found;
  }

  async list(query: ListStockCountsQuery): Promise<Page<StockCountResponse>> {
    const { items, total } = await this.repo.list(query, skipOf(query), query.limit);
    return toPage(items, total, query);
  }

  private async lock(tx: StockTx, id: string): Promise<{ id: string; warehouseId: string; status: string }> {
    const [count] = await tx.query<{ id: string; warehouseId: string; status: string }>(LOCK_COUNT, [id]);
    if (!count) throw notFound('Stock count');
    return count;
  }

  private async body(tx: StockTx, id: string): Promise<StockCountResponse> {
    const [row] = await tx.query<{ body: StockCountResponse }>(COUNT_BODY, [id]);
    if (!row) throw notFound('Stock count');
    return row.body;
  }
}
