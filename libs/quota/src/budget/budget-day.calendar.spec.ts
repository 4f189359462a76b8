import { describe, expect, it } from '@jest/globals';
import { budgetDayOf } from './budget-day.calendar.js';

const at = (iso: string) => Date.parse(iso);

describe('budgetDayOf', () => {
  it.each([
    // offset, hour, now, key, startsAt
    [0, 0, '2026-03-02T12:00:00Z', '2026-03-02', '2026-03-02T00:00:00.000Z'],
    [0, 0, '2026-03-02T00:00:00Z', '2026-03-02', '2026-03-02T00:00:00.000Z'],
    [0, 0, '2026-03-01T23:59:59.999Z', '2026-03-01', '2026-03-01T00:00:00.000Z'],
    [0, 8, '2026-03-02T07:59:59.999Z', '2026-03-01', '2026-03-01T08:00:00.000Z'],
    [0, 8, '2026-03-02T08:00:00Z', '2026-03-02', '2026-03-02T08:00:00.000Z'],
    [-480, 0, '2026-03-02T07:59:00Z', '2026-03-01', '2026-03-01T08:00:00.000Z'], // US Pacific (UTC−8) midnight
    [-480, 0, '2026-03-02T08:00:00Z', '2026-03-02', '2026-03-02T08:00:00.000Z'],
    [330, 0, '2026-03-01T18:30:00Z', '2026-03-02', '2026-03-01T18:30:00.000Z'], // UTC+5:30
    [60, 6, '2026-03-02T04:59:00Z', '2026-03-01', '2026-03-01T05:00:00.000Z'],
  ])('offset %i min, hour %i: %s is in day %s starting %s', (utcOffsetMinutes, hour, now, key, startsAt) => {
    const day = budgetDayOf({ dayBoundary: { utcOffsetMinutes, hour } }, at(now));
    expect(day.key).toBe(key);
    expect(new Date(day.startsAt).toISOString()).toBe(startsAt);
    expect(day.endsAt - day.startsAt).toBe(86_400_000);
  });
});
