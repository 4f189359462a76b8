import { describe, expect, it } from '@jest/globals';
import { BackfillEta, type EtaInput } from './backfill.eta.js';

const NOW = Date.UTC(2026, 2, 1, 12);
const base: EtaInput = {
  now: NOW,
  remainingCalls: 1000,
  pageSize: 100,
  quotaRatePerSecond: 3,
  observedRatePerSecond: null,
  availableToday: null,
  dayEndsAt: null,
  dailyAllowance: null,
};

describe('BackfillEta', () => {
  it.each<[string, Partial<EtaInput>, number | null, number | null]>([
    ['unknown before the first page', { remainingCalls: null }, null, null],
    ['nothing left', { remainingCalls: 0 }, 0, NOW],
    ['two requests per 100 calls at the quota rate', {}, 20, NOW + (20 / 3) * 1000],
    ['the job’s own pace when it is slower', { observedRatePerSecond: 1 }, 20, NOW + 20_000],
    ['the quota rate when the job could go faster', { observedRatePerSecond: 10 }, 20, NOW + (20 / 3) * 1000],
    ['within what is left today', { availableToday: 20, dayEndsAt: NOW + 3_600_000 }, 20, NOW + (20 / 3) * 1000],
    ['after the day ends when today’s quota is short', { availableToday: 5, dayEndsAt: NOW + 3_600_000, dailyAllowance: 100 }, 20, NOW + 3_600_000 + 5_000],
    ['over several days', { remainingCalls: 25_000, availableToday: 0, dayEndsAt: NOW + 3_600_000, dailyAllowance: 200 }, 500, NOW + 3_600_000 + 2 * 86_400_000 + (100 / 3) * 1000],
  ])('%s', (_what, input, requests, eta) => {
    const e = BackfillEta.estimate({ ...base, ...input });
    expect(e.requestsRemaining).toBe(requests);
    if (eta === null) expect(e.eta).toBeNull();
    else expect(e.eta).toBeCloseTo(eta, 0);
  });
});
