import { describe, expect, it } from '@jest/globals';
import { StorableTextSchema, UNSTORABLE_TEXT_MESSAGE, isStorableText } from './storable-text.js';

describe('StorableTextSchema', () => {
  it.each([
    ['plain text', 'pricing objections', true],
    ['an emoji (a surrogate pair)', 'ok 👍 done', true],
    ['control characters PostgreSQL stores', 'tab\there\nnew line \u0001', true],
    ['a NUL', 'a\u0000b', false],
    ['only a NUL', '\u0000', false],
    ['a lone high surrogate', 'x\ud83d', false],
    ['a lone low surrogate', '\udc4dx', false],
    ['surrogates in the wrong order', '\udc4d\ud83d', false],
  ])('%s: storable %s', (_name, value, storable) => {
    expect(isStorableText(value)).toBe(storable);
    const parsed = StorableTextSchema.safeParse(value);
    expect(parsed.success).toBe(storable);
    if (!parsed.success) expect(parsed.error.issues[0]!.message).toBe(UNSTORABLE_TEXT_MESSAGE);
  });
});
