import { HttpStatus, Injectable } from '@nestjs/common';
import { Page, skipOf, toPage } from '@app/common/dto/pagination.dto';
import { keyOf, StockTransactions, type StockResult } from '@app/ledger/stock-transactions';
import type { CreateReceiptDto, ListReceiptsQuery, ReceiptEntry, ReceiptResponse, UpdateReceiptDto } from './dto/receipt.dto';
import { alreadyPosted, documentNotFound, DocumentDrafts, partnerDeleted, statusConflict } from './document-drafts';
import { DocumentsRepository } from './documents.repository';

export const POST_RECEIPT_ROUTE = 'POST /api/v1/receipts/:id/post';

/**
 * Receipts: a DRAFT of lines from a supplier, posted as INBOUND movements all at once — one
 * database transaction (document row, inventory rows and item_stock rows locked in the global
 * order, then one statement writing every line: src/transactions/sql/receipt-lines.sql.ts), so the
 * ledger holds every line or none.
 */
@Injectable()
export class ReceiptsService {
  constructor(
    private readonly stock: StockTransactions,
    private readonly drafts: DocumentDrafts,
    private readonly repo: DocumentsRepository,
  ) {}

  create(dto: CreateReceiptDto): Promise<ReceiptResponse> {
    return this.drafts.create('RECEIPT', { ...dto, partnerId: dto.supplierId });
  }

  update(id: string, dto: UpdateReceiptDto): Promise<ReceiptResponse> {
    return this.drafts.update('RECEIPT', id, { ...dto, partnerId: dto.supplierId });
  }

  async get(id: string): Promise<ReceiptResponse> {
    const found = await this.repo.find<ReceiptResponse>('RECEIPT', id);
    if (!found) throw documentNotFound('RECEIPT');
    return found;
  }

  async list(query: ListReceiptsQuery): Promise<Page<ReceiptEntry>> {
    const { items, total } = await this.repo.list<ReceiptEntry>('RECEIPT', query, skipOf(query), query.limit);
    return toPage(items, total, query);
  }

  post(id: string, key?: string): Promise<StockResult<ReceiptResponse>> {
    const idempotency = key ? { route: POST_RECEIPT_ROUTE, key, canonical: [id.toLowerCase()] } : undefined;
    return this.stock.run(idempotency, HttpStatus.OK, async (tx) => {
      const doc = await this.drafts.lock(tx, 'RECEIPT', id);
      if (doc.status === 'POSTED') throw alreadyPosted('RECEIPT');
      if (doc.status !== 'DRAFT') throw statusConflict('RECEIPT', doc.status, 'posted');
      if (doc.partnerDeleted) throw partnerDeleted('RECEIPT');
      const lines = await this.repo.lines(tx, id);
      await this.drafts.checkTargets(tx, lines);
      const keys = [...new Map(lines.map((l) => [keyOf(l), { warehouseId: l.warehouseId, itemId: l.itemId }])).values()];
      await tx.lockRows(keys, true);
      await tx.lockItemStock(lines.map((l) => l.itemId));
      const written = await this.repo.postReceiptLines(tx, doc);
      // Every row was locked and checked above; anything else is a bug, and the transaction rolls back.
      if (written.movements !== lines.length) throw new Error(`receipt ${id}: ${written.movements} of ${lines.length} lines written`);
      await this.repo.setStatus(tx, id, 'POSTED');
      return this.repo.body<ReceiptResponse>(tx, 'RECEIPT', id);
    });
  }

  async cancel(id: string): Promise<ReceiptResponse> {
    const result = await this.stock.run(undefined, HttpStatus.OK, async (tx) => {
      const doc = await this.drafts.lock(tx, 'RECEIPT', id);
      if (doc.status !== 'DRAFT') throw statusConflict('RECEIPT', doc.status, 'cancelled (only a DRAFT is)');
      await this.repo.setStatus(tx, id, 'CANCELLED');
      return this.repo.body<ReceiptResponse>(tx, 'RECEIPT', id);
    });
    return result.body;
  }
}
