import { exceedsJsonDepth } from './json-body';

describe('exceedsJsonDepth', () => {
  const nested = (n: number, inner = '1') => '['.repeat(n) + inner + ']'.repeat(n);

  it('allows up to the limit and refuses one level more', () => {
    expect(exceedsJsonDepth(nested(64))).toBe(false);
    expect(exceedsJsonDepth(nested(65))).toBe(true);
    expect(exceedsJsonDepth(`{"a":${nested(62, '{}')}}`)).toBe(false);
    expect(exceedsJsonDepth(`{"a":${nested(63, '{}')}}`)).toBe(true);
  });

  it('counts only structure: brackets in strings, escaped quotes and backslashes are skipped', () => {
    expect(exceedsJsonDepth(JSON.stringify({ s: '['.repeat(1000) }))).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify({ s: `\\"${'{'.repeat(100)}` }))).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify({ s: '\\' }) + nested(70))).toBe(true);
    expect(exceedsJsonDepth(JSON.stringify(['"', nested(70)]))).toBe(false);
  });

  it('scans an unbalanced 800 kB bomb in one linear pass', () => {
    expect(exceedsJsonDepth('['.repeat(800_000))).toBe(true);
    expect(exceedsJsonDepth(']'.repeat(800_000))).toBe(false);
  });
});
