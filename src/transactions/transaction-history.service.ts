import { HttpStatus, Injectable } from '@nestjs/common';
import { AppError, notFound } from '@app/common/errors/app-error';
import { isSaneInstant } from '@app/common/dto/dates';
import type { ListTransactionsQuery, TransactionListEntry, TransactionPage } from './dto/transaction.dto';
import { TransactionsRepository } from './transactions.repository';

/** Reads the ledger: keyset-paginated history and single movements. */
@Injectable()
export class TransactionHistoryService {
  constructor(private readonly repo: TransactionsRepository) {}

  async history(query: ListTransactionsQuery): Promise<TransactionPage> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.repo.history(
      {
        type: query.type,
        warehouseId: query.warehouseId,
        itemId: query.itemId,
        createdBy: query.createdBy,
        documentId: query.documentId,
        supplierId: query.supplierId,
        customerId: query.customerId,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        after,
      },
      query.limit + 1,
    );
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null, limit: query.limit };
  }

  async get(id: string): Promise<TransactionListEntry> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound('Transaction');
    return row;
  }
}

function encodeCursor(row: { createdAt: string; id: string }): string {
  return Buffer.from(`${row.createdAt}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || !isSaneInstant(createdAt)) {
    throw new AppError(HttpStatus.BAD_REQUEST, 'INVALID_CURSOR', 'cursor is not valid');
  }
  return { createdAt, id };
}
