import { createHash } from 'node:crypto';
import type { CreateTransactionDto } from './dto/transaction.dto';

/** The route an Idempotency-Key is scoped to (with the company and the user). */
export const MOVEMENT_ROUTE = 'POST /api/v1/transactions';

/** Canonical decimal text: "10", "10.0" and "10.00" are the same quantity. */
export function canonicalDecimal(value: string): string {
  const [int = '0', frac = ''] = value.split('.');
  const i = int.replace(/^0+(?=\d)/, '');
  const f = frac.replace(/0+$/, '');
  return f ? `${i}.${f}` : i;
}

export function requestHash(dto: CreateTransactionDto): string {
  const canonical = JSON.stringify([
    dto.type,
    dto.warehouseId.toLowerCase(),
    dto.itemId.toLowerCase(),
    canonicalDecimal(dto.quantity),
    dto.notes ?? null,
    ...(dto.unitCost != null ? [canonicalDecimal(dto.unitCost)] : []),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
