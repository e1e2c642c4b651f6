import { keyOf } from '@app/ledger/stock-transactions';
import { cents, fromCents, shortLines } from './short-lines';

describe('shipment lines against available stock', () => {
  const a = { warehouseId: 'W1', itemId: 'I1' };
  const b = { warehouseId: 'W1', itemId: 'I2' };
  const rows = new Map([
    [keyOf(a), { available: '5.00' }],
    [keyOf(b), { available: '0.50' }],
  ]);

  it('counts in exact hundredths', () => {
    expect(cents('0.1') + cents('0.2')).toBe(cents('0.3'));
    expect(fromCents(cents('1000000') + cents('0.05'))).toBe('1000000.05');
    expect(cents('12')).toBe(1200n);
  });

  it('fits when every row holds the sum of its lines', () => {
    expect(
      shortLines(
        [
          { ...a, lineNo: 0, quantity: '2.5' },
          { ...a, lineNo: 1, quantity: '2.50' },
          { ...b, lineNo: 2, quantity: '0.5' },
        ],
        rows,
      ),
    ).toBeUndefined();
  });

  it('names every line of a short row, with the row total and its available quantity, and only those', () => {
    const err = shortLines(
      [
        { ...a, lineNo: 0, quantity: '3.00' },
        { ...b, lineNo: 1, quantity: '0.25' },
        { ...a, lineNo: 2, quantity: '2.01' },
      ],
      rows,
    );
    expect(err?.code).toBe('INSUFFICIENT_STOCK');
    expect(err?.status).toBe(409);
    expect(err?.messages).toEqual([
      'Insufficient stock on 2 line(s); nothing was reserved',
      'lines[0] (item I1, warehouse W1): 3.00 requested (5.01 on all lines of this item and warehouse), 5.00 available',
      'lines[2] (item I1, warehouse W1): 2.01 requested (5.01 on all lines of this item and warehouse), 5.00 available',
    ]);
    expect(err?.keys).toEqual([a]);
  });

  it('treats a row it could not lock as holding nothing', () => {
    const err = shortLines([{ warehouseId: 'W9', itemId: 'I9', lineNo: 0, quantity: '1' }], rows);
    expect(err?.messages[1]).toBe('lines[0] (item I9, warehouse W9): 1 requested, 0.00 available');
  });
});
