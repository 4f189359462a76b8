/** What an ETA rests on. */
export interface EtaInput {
  now: number;
  /** Calls still to fetch (null: unknown before the first page). */
  remainingCalls: number | null;
  /** Calls per extensive page and per transcript batch (Gong: 100). */
  pageSize: number;
  /** Requests per second the quota lets through (the broker's current rate, or the local pacer's). */
  quotaRatePerSecond: number;
  /** Requests per second this job achieved so far (slower than the quota when Gong or the database is). */
  observedRatePerSecond: number | null;
  /** Requests backfill may still spend today (null: unknown, e.g. without a broker). */
  availableToday: number | null;
  /** When the quota day ends (the budget is fresh after it). */
  dayEndsAt: number | null;
  /** Requests backfill may spend on a full day (null: unknown). */
  dailyAllowance: number | null;
}

export interface EtaEstimate {
  requestsRemaining: number | null;
  eta: number | null;
  basis: string | null;
}

/**
 * The ETA of a backfill: one extensive page and one transcript batch per `pageSize` calls, at the
 * slower of the quota's rate and the job's own pace, and, when the quota left today does not cover
 * the rest, continued on the following quota days.
 */
export class BackfillEta {
  static estimate(input: EtaInput): EtaEstimate {
    if (input.remainingCalls === null) return { requestsRemaining: null, eta: null, basis: null };
    const requests = 2 * Math.ceil(Math.max(0, input.remainingCalls) / input.pageSize);
    if (requests === 0) return { requestsRemaining: 0, eta: input.now, basis: 'nothing left' };
    const rate = Math.max(
      0.001,
      input.observedRatePerSecond !== null ? Math.min(input.quotaRatePerSecond, input.observedRatePerSecond) : input.quotaRatePerSecond,
    );
    const paceBasis = `${requests} requests at ${rate.toFixed(2)}/s (${input.observedRatePerSecond !== null ? 'this job’s pace' : 'the quota rate'})`;
    if (input.availableToday === null || requests <= input.availableToday || input.dayEndsAt === null) {
      const note = input.availableToday === null ? '; daily quota left unknown' : `; ${input.availableToday} left today`;
      return { requestsRemaining: requests, eta: input.now + (requests / rate) * 1000, basis: paceBasis + note };
    }
    // Today's allowance runs out: the rest waits for the next quota days.
    const left = requests - input.availableToday;
    const perDay = Math.max(1, input.dailyAllowance ?? input.availableToday);
    const extraDays = Math.ceil(left / perDay) - 1;
    const lastDayRequests = left - extraDays * perDay;
    const eta = input.dayEndsAt + extraDays * 86_400_000 + (lastDayRequests / rate) * 1000;
    return {
      requestsRemaining: requests,
      eta,
      basis: `${paceBasis}; only ${input.availableToday} left today, the rest after the quota day ends (${perDay}/day)`,
    };
  }
}
