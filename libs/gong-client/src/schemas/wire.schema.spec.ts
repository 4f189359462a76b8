import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { parseGongJson } from '../json/gong-json.parser.js';
import { Wire } from './wire.schema.js';

describe('Wire', () => {
  const Schema = z.object({
    id: Wire.gongId,
    speakerId: Wire.optional(Wire.opaqueId),
    direction: Wire.optional(Wire.openEnum(['Inbound', 'Outbound'] as const)),
    started: Wire.optional(Wire.dateTime),
  });

  it.each([
    ['"7782342274025937895"', '7782342274025937895'],
    ['7782342274025937895', '7782342274025937895'],
    ['234599484848423', '234599484848423'],
    ['18446744073709551615', '18446744073709551615'],
  ])('turns id %s into an exact string', (raw, expected) => {
    expect(Schema.parse(parseGongJson(`{"id":${raw}}`)).id).toBe(expected);
  });

  it.each([['"12a"'], ['-5'], ['1.5'], ['true'], ['"123456789012345678901"']])('rejects id %s', (raw) => {
    expect(Schema.safeParse(parseGongJson(`{"id":${raw}}`)).success).toBe(false);
  });

  it('treats null as absent and keeps unknown enum values and ignores unknown fields', () => {
    expect(Schema.parse({ id: '1', speakerId: null, direction: 'Sideways', started: null, brandNew: { x: 1 } })).toEqual({
      id: '1',
      speakerId: undefined,
      direction: 'Sideways',
      started: undefined,
    });
  });

  it('reports a missing id and mistyped fields by path', () => {
    const result = Schema.safeParse({ speakerId: {}, direction: 3, started: 'yesterday' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['id', 'required'],
      ['speakerId', 'expected an id (a string or an integer)'],
      ['direction', 'expected a string (known values: Inbound, Outbound)'],
      ['started', 'expected an ISO-8601 date-time'],
    ]);
  });
});
