import { dateTimeProblem, isSaneInstant } from './dates';

describe('date rules', () => {
  it.each(['1970-01-01T00:00:00Z', '2026-03-01T12:30:00.123+09:00', '2026-03-01', '9999-12-31T23:59:59.999Z'])('accepts %s', (v) =>
    expect(dateTimeProblem(v)).toBeUndefined(),
  );

  it.each([
    '',
    '0000-01-01T00:00:00Z',
    '1969-12-31T23:59:59.999Z',
    '9999-12-31T23:59:59-00:01',
    '+010000-01-01T00:00:00Z',
    '2026-02-30T00:00:00Z',
    'yesterday',
    '1700000000',
  ])('refuses %p', (v) => expect(dateTimeProblem(v)).toBeDefined());

  it('checks decoded instants', () => {
    expect(isSaneInstant(new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(isSaneInstant(new Date('0000-01-01T00:00:00Z'))).toBe(false);
    expect(isSaneInstant(new Date('nope'))).toBe(false);
  });
});
