import { compareDecimal, decimalProblem } from './decimal';

describe('decimal rules', () => {
  const qty = { scale: 2, integerDigits: 10, allowZero: false, max: '1000000' };
  it.each(['1', '0.01', '10.5', '999999.99', '1000000', '1000000.00'])('accepts %s', (v) => expect(decimalProblem(v, qty)).toBeUndefined());
  it.each(['0', '0.00', '-1', '1.001', '1e3', 'abc', '', '1000000.01', '.5', '5.'])('refuses %s', (v) =>
    expect(decimalProblem(v, qty)).toBeDefined(),
  );
  it('refuses non-strings', () => expect(decimalProblem(5, qty)).toBeDefined());
  it('compares exactly', () => {
    expect(compareDecimal('10', '9.99')).toBe(1);
    expect(compareDecimal('1.50', '1.5')).toBe(0);
    expect(compareDecimal('0.1', '0.10001')).toBe(-1);
    expect(compareDecimal('007', '7')).toBe(0);
  });
});
