import { describe, expect, it } from '@jest/globals';
import { parse } from 'lossless-json';
import { int64, serializeGongJson } from './gong-json.serializer.js';
import type { Body } from '../../test/gong-sim.fixture.js';

describe('serializeGongJson', () => {
  it('writes int64 values as raw JSON numbers, beyond what a double holds', () => {
    const text = serializeGongJson({ id: int64('7782342274025937895'), ids: [int64('1'), int64('-42')], name: 'x' });
    expect(text).toBe('{"id":7782342274025937895,"ids":[1,-42],"name":"x"}');
    expect((parse(text) as Body).id.toString()).toBe('7782342274025937895');
    expect(String(JSON.parse(text).id)).not.toBe('7782342274025937895');
  });

  it('leaves strings that merely look like markers alone, and rejects non-integers', () => {
    expect(serializeGongJson({ s: 'int64:5' })).toBe('{"s":"int64:5"}');
    expect(() => int64('12a')).toThrow();
  });
});
