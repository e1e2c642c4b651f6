import { emailProblem, normalizeEmail } from './email';

describe('e-mail rules', () => {
  it('normalises: surrounding ASCII white space, lower case, NFC', () => {
    expect(normalizeEmail('  Jose\u0301@Example.COM\r\n')).toBe('jos\u00e9@example.com');
    expect(normalizeEmail('\u00a0a@b.co')).toBe('\u00a0a@b.co'); // not trimmed: refused below instead
  });

  it.each(
    ['\u0000', '\u001f', '\u007f', '\u0080', '\u009f', '\u00ad', '\u061c', '\u180e', '\u200b', '\u200f', '\u202a', '\u202e'].concat([
      '\u2060',
      '\u2064',
      '\u2066',
      '\u2069',
      '\ufeff',
      '\u00a0',
      '\u2028',
      '\u2029',
      '\ufe0f',
      '\u3164',
      '\u{e0001}',
      ' ',
    ]),
  )('refuses U+%s inside an address', (c) => {
    expect(emailProblem(`ad${c}min@example.com`)).toMatch(/must not contain control, invisible/);
  });

  it('accepts ordinary and international addresses; refuses malformed or long ones', () => {
    expect(emailProblem('ada@acme.example')).toBeUndefined();
    expect(emailProblem('jos\u00e9@b\u00fccher.example')).toBeUndefined();
    expect(emailProblem('not-an-email')).toBe('must be an email address');
    expect(emailProblem(`${'a'.repeat(250)}@b.co`)).toMatch(/at most 254/);
    expect(emailProblem(42)).toBe('must be an email address');
  });
});
