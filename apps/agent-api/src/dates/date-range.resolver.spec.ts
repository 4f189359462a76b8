import { describe, expect, it } from '@jest/globals';
import { ErrorCode } from '@gong-connector/contracts';
import { failureOf } from '../../test/unit.fixture.js';
import { DateRangeResolver } from './date-range.resolver.js';

const resolveAsync = async (zone: string, input: { from?: string; to?: string }) => new DateRangeResolver(zone).resolve(input);

describe('DateRangeResolver', () => {
  it.each([
    ['UTC', '2026-11-01', '2026-11-01', '2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z'],
    // Los Angeles is on PDT (UTC-7) on 1 November 2026 until 02:00, then PST (UTC-8).
    ['America/Los_Angeles', '2026-11-01', '2026-11-01', '2026-11-01T07:00:00.000Z', '2026-11-02T08:00:00.000Z'],
    ['Europe/Berlin', '2026-07-01', '2026-07-31', '2026-06-30T22:00:00.000Z', '2026-07-31T22:00:00.000Z'],
    ['Asia/Kolkata', '2026-01-31', '2026-02-01', '2026-01-30T18:30:00.000Z', '2026-02-01T18:30:00.000Z'],
  ])('reads bare days in %s as whole days (%s to %s)', (zone, from, to, fromIso, toIso) => {
    expect(new DateRangeResolver(zone).resolve({ from, to })).toEqual({ from: fromIso, to: toIso, timeZone: zone });
  });

  it('takes full ISO date-times as they are, and mixes both forms', () => {
    const r = new DateRangeResolver('America/New_York').resolve({ from: '2026-11-01T12:00:00+02:00', to: '2026-11-03' });
    expect(r).toEqual({ from: '2026-11-01T10:00:00.000Z', to: '2026-11-04T05:00:00.000Z', timeZone: 'America/New_York' });
  });

  it('leaves an open side open', () => {
    expect(new DateRangeResolver('UTC').resolve({ from: '2026-11-01' })).toEqual({ from: '2026-11-01T00:00:00.000Z', to: undefined, timeZone: 'UTC' });
  });

  it.each([
    [{ from: '2026-11-02', to: '2026-11-01' }],
    [{ from: '2026-11-01T10:00:00Z', to: '2026-11-01T09:00:00Z' }],
    [{ from: '2026-11-01T10:00:00Z', to: '2026-11-01T10:00:00Z' }],
  ])('rejects from not before to with both values named: %j', async (input) => {
    const error = await failureOf(resolveAsync('UTC', input));
    expect(error.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(error.message).toContain(`from (${input.from})`);
    expect(error.message).toContain(`to (${input.to})`);
  });

  it('refuses an unknown zone at construction', () => {
    expect(() => new DateRangeResolver('Mars/Olympus')).toThrow('Unknown time zone Mars/Olympus');
  });
});
