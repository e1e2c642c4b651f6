import { TextInputPipe } from './text-input.pipe';
import { ValidationFailed } from '../validation';

describe('TextInputPipe', () => {
  const pipe = new TextInputPipe();
  const problems = (value: unknown, type: 'body' | 'query' | 'param' | 'custom', data?: string): string[] => {
    try {
      pipe.transform(value, { type, data });
      return [];
    } catch (err) {
      return (err as ValidationFailed).messages;
    }
  };

  it('accepts ordinary text, emoji (paired surrogates) and non-strings', () => {
    expect(problems({ a: 'héllo 👋', b: [1, true, null, { c: '\uD83D\uDE00' }] }, 'body')).toEqual([]);
  });

  it('names every field holding NUL or a lone surrogate, at any depth', () => {
    expect(problems({ a: 'x\u0000', b: { c: ['ok', 'y\uD800'] }, d: '\uDC00z' }, 'body')).toEqual([
      'a: must not contain NUL or unpaired surrogate characters',
      'b.c[1]: must not contain NUL or unpaired surrogate characters',
      'd: must not contain NUL or unpaired surrogate characters',
    ]);
    expect(problems({ ['k\u0000']: 1 }, 'body')).toEqual([
      '"k\\u0000": property names must not contain NUL or unpaired surrogate characters',
    ]);
  });

  it('covers query objects, single query values and path parameters; leaves custom decorators alone', () => {
    expect(problems({ search: '\u0000' }, 'query')).toEqual(['search: must not contain NUL or unpaired surrogate characters']);
    expect(problems('\u0000', 'query', 'limit')).toEqual(['limit: must not contain NUL or unpaired surrogate characters']);
    expect(problems('ab\uDBFF', 'param', 'id')).toEqual(['id: must not contain NUL or unpaired surrogate characters']);
    expect(problems('\u0000', 'custom')).toEqual([]);
  });
});
