import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parse } from 'lossless-json';
import { parseGongJson, parseGongNumber } from './gong-json.parser.js';

describe('parseGongJson', () => {
  it('keeps a 19-digit id sent as a raw JSON number exact, as a string', () => {
    const text = '{"call":{"id":7782342274025937895,"duration":218,"talk":0.25}}';
    expect(parseGongJson(text)).toEqual({ call: { id: '7782342274025937895', duration: 218, talk: 0.25 } });
    // What JSON.parse would have done:
    expect(String((JSON.parse(text) as { call: { id: number } }).call.id)).toBe('7782342274025938000');
  });

  it('keeps a 20-digit id and a negative big integer exact, inside arrays too', () => {
    expect(parseGongJson('[18446744073709551615, -9223372036854775808, 9007199254740991]')).toEqual([
      '18446744073709551615',
      '-9223372036854775808',
      9007199254740991,
    ]);
  });

  it('leaves digits inside strings alone', () => {
    expect(parseGongJson('{"text":"call me: 12345678901234567890","n":1}')).toEqual({
      text: 'call me: 12345678901234567890',
      n: 1,
    });
  });

  it.each([['{"records":{"totalRecords":'], ['{"a":1'], [''], ['<html>oops</html>'], ['{"id":7782342274025937895']])(
    'throws on invalid or truncated JSON %j',
    (text) => {
      expect(() => parseGongJson(text)).toThrow(SyntaxError);
    },
  );

  it.each([
    ['42', 42],
    ['-7', -7],
    ['9007199254740993', '9007199254740993'],
    ['1.5', 1.5],
    ['1e3', 1000],
  ])('parseGongNumber(%s)', (text, expected) => {
    expect(parseGongNumber(text)).toEqual(expected);
  });

  it('gives the same result on the fast path as the lossless parser', () => {
    const bigInt = fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n });
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), bigInt);
    const json = fc.jsonValue().chain(() => fc.dictionary(fc.string(), fc.oneof(leaf, fc.array(leaf))));
    fc.assert(
      fc.property(json, (value) => {
        const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `__big${v}__` : v)).replace(
          /"__big(-?\d+)__"/g,
          '$1',
        );
        expect(parseGongJson(text)).toEqual(parse(text, null, parseGongNumber));
      }),
      { numRuns: 300 },
    );
  });
});
