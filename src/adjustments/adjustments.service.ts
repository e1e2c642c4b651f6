import { HttpStatus, Injectable } from '@nestjs/common';
import { canonical, insufficientStock, StockTransactions, type StockResult } from '@app/ledger/stock-transactions';
import type { TransactionResponse } from '@app/transactions/dto/transaction.dto';
import type { CreateAdjustmentDto } from './dto/adjustment.dto';

export const ADJUSTMENT_ROUTE = 'POST /api/v1/adjustments';

/**
 * One ADJUSTMENT ledger row with a signed quantity and a reason. A decrease checks available stock
 * (on hand − reserved) on the locked row and is refused with 409 rather than going below it.
 * The average cost does not move: found stock enters at it, lost stock leaves at it.
 */
@Injectable()
export class AdjustmentsService {
  constructor(private readonly stock: StockTransactions) {}

  create(dto: CreateAdjustmentDto, key?: string): Promise<StockResult<TransactionResponse>> {
    const target = { warehouseId: dto.warehouseId, itemId: dto.itemId };
    const idempotency = key
      ? {
          route: ADJUSTMENT_ROUTE,
          key,
          canonical: [
            dto.warehouseId.toLowerCase(),
            dto.itemId.toLowerCase(),
            signedCanonical(dto.quantityChange),
            dto.reason,
            dto.notes ?? null,
          ],
        }
      : undefined;
    const decrease = dto.quantityChange.startsWith('-');
    const attempt = () =>
      this.stock.run(idempotency, HttpStatus.CREATED, async (tx) => {
        const rows = await tx.lockRows([target], true);
        const movement = await tx.applyLeg({
          ...target,
          type: 'ADJUSTMENT',
          change: dto.quantityChange,
          quantity: dto.quantityChange,
          reason: dto.reason,
          notes: dto.notes ?? null,
          changesTotal: true,
        });
        if (!movement) throw insufficientStock([...rows.values()][0]?.available ?? '0.00', dto.quantityChange.replace(/^-/, ''));
        return movement;
      });
    return decrease ? this.stock.withExpiry(target, attempt) : attempt();
  }
}

function signedCanonical(value: string): string | null {
  return value.startsWith('-') ? `-${canonical(value.slice(1)) ?? ''}` : canonical(value);
}
