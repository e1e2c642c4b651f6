import { HttpStatus } from '@nestjs/common';
import { AppError } from '@app/common/errors/app-error';
import { keyOf, type LockedRow, type StockKey } from '@app/ledger/stock-transactions';

/** Hundredths, exactly (quantities have at most 2 decimals): no float arithmetic on stock. */
export const cents = (value: string): bigint => {
  const [int = '0', frac = ''] = value.split('.');
  return BigInt(int) * 100n + BigInt((frac + '00').slice(0, 2));
};
export const fromCents = (c: bigint): string => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;

/** The distinct (warehouse, item) rows of some lines, in first-seen order. */
export const distinctKeys = (lines: StockKey[]): StockKey[] => [
  ...new Map(lines.map((l) => [keyOf(l), { warehouseId: l.warehouseId, itemId: l.itemId }])).values(),
];

export interface ShipmentLineNeed extends StockKey {
  lineNo: number;
  quantity: string;
}

/** Confirming refused: a summary, then each short line with what its row has available; nothing was reserved. */
export class ShortLines extends AppError {
  override readonly messages: string[];

  constructor(
    readonly keys: StockKey[],
    lines: string[],
  ) {
    const summary = `Insufficient stock on ${lines.length} line(s); nothing was reserved`;
    super(HttpStatus.CONFLICT, 'INSUFFICIENT_STOCK', `${summary}: ${lines.join('; ')}`);
    this.messages = [summary, ...lines];
  }
}

/**
 * The lines of a shipment that its rows cannot hold: a row is short when the sum of its lines exceeds its
 * available stock (read from the locked row), and then every line on it is named. Undefined when all fit.
 */
export function shortLines(lines: ShipmentLineNeed[], rows: Map<string, Pick<LockedRow, 'available'>>): ShortLines | undefined {
  const need = new Map<string, bigint>();
  for (const l of lines) need.set(keyOf(l), (need.get(keyOf(l)) ?? 0n) + cents(l.quantity));
  const short = lines.filter((l) => (need.get(keyOf(l)) ?? 0n) > cents(rows.get(keyOf(l))?.available ?? '0'));
  if (short.length === 0) return undefined;
  const parts = short.map((l) => {
    const total = need.get(keyOf(l)) ?? 0n;
    const shared = total !== cents(l.quantity) ? ` (${fromCents(total)} on all lines of this item and warehouse)` : '';
    return `lines[${l.lineNo}] (item ${l.itemId}, warehouse ${l.warehouseId}): ${l.quantity} requested${shared}, ${rows.get(keyOf(l))?.available ?? '0.00'} available`;
  });
  return new ShortLines(distinctKeys(short), parts);
}
