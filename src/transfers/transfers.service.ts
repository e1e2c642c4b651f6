import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { AppError, badRequest } from '@app/common/errors/app-error';
import { canonical, insufficientStock, StockTransactions, type StockResult } from '@app/ledger/stock-transactions';
import type { CreateTransferDto, TransferResponse } from './dto/transfer.dto';

export const TRANSFER_ROUTE = 'POST /api/v1/transfers';

/**
 * A transfer is two ledger rows in one transaction: TRANSFER_OUT of the source and TRANSFER_IN of the
 * destination, linked by transferId. Both inventory rows are locked in (warehouse, item) order, so
 * opposite transfers between the same warehouses wait for each other instead of deadlocking. The
 * company-wide total does not change, so item_stock (and the average cost) is not touched: the value
 * moves at the average.
 */
@Injectable()
export class TransfersService {
  constructor(private readonly stock: StockTransactions) {}

  async create(dto: CreateTransferDto, key?: string): Promise<StockResult<TransferResponse>> {
    if (dto.fromWarehouseId.toLowerCase() === dto.toWarehouseId.toLowerCase()) {
      throw badRequest('SAME_WAREHOUSE', 'toWarehouseId must differ from fromWarehouseId');
    }
    const source = { warehouseId: dto.fromWarehouseId, itemId: dto.itemId };
    const target = { warehouseId: dto.toWarehouseId, itemId: dto.itemId };
    const idempotency = key
      ? {
          route: TRANSFER_ROUTE,
          key,
          canonical: [
            source.warehouseId.toLowerCase(),
            target.warehouseId.toLowerCase(),
            dto.itemId.toLowerCase(),
            canonical(dto.quantity),
            dto.notes ?? null,
          ],
        }
      : undefined;
    return this.stock.withExpiry(source, () =>
      this.stock.run(idempotency, HttpStatus.CREATED, async (tx) => {
        const rows = await tx.lockRows([source, target], true);
        await tx.lockTotals([source, target], false);
        const transferId = randomUUID();
        const common = { itemId: dto.itemId, quantity: dto.quantity, transferId, notes: dto.notes ?? null, changesTotal: false };
        const out = await tx.applyLeg({ ...common, type: 'TRANSFER_OUT', warehouseId: source.warehouseId, change: `-${dto.quantity}` });
        if (!out) {
          const available = [...rows.values()].find((r) => r.warehouseId.toLowerCase() === source.warehouseId.toLowerCase())?.available;
          throw insufficientStock(available ?? '0.00', dto.quantity, 'in the source warehouse');
        }
        const into = await tx.applyLeg({ ...common, type: 'TRANSFER_IN', warehouseId: target.warehouseId, change: dto.quantity });
        if (!into) throw new AppError(HttpStatus.CONFLICT, 'TRANSFER_FAILED', 'The destination row could not be updated');
        return {
          id: transferId,
          fromWarehouseId: out.warehouseId,
          toWarehouseId: into.warehouseId,
          itemId: out.itemId,
          quantity: out.quantity,
          unitCost: out.unitCost,
          movements: [out, into],
        };
      }),
    );
  }
}
