import { AppError, ErrorCode, ZonedTimeFormatter } from '@gong-connector/contracts';

/** A calendar day as agents send it: `2026-11-01`. */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DateRangeInput {
  from?: string | undefined;
  to?: string | undefined;
}

export interface ResolvedDateRange {
  /** Inclusive ISO date-time (UTC), or undefined for an open start. */
  from: string | undefined;
  /** Exclusive ISO date-time (UTC), or undefined for an open end. */
  to: string | undefined;
  /** The zone days were read in (IANA name). */
  timeZone: string;
}

/**
 * Turns `from`/`to` as agents send them into instants: a full ISO date-time is taken as it is; a
 * bare day (`2026-11-01`) is that day in the company's time zone, `from` from its first instant and
 * `to` through its last (so `from=to=2026-11-01` is that whole day). `from` not before `to` is a
 * VALIDATION_FAILED naming both values.
 */
export class DateRangeResolver {
  private readonly zone: ZonedTimeFormatter;

  constructor(readonly timeZone: string) {
    if (!DateRangeResolver.isTimeZone(timeZone)) throw new Error(`Unknown time zone ${timeZone}`);
    this.zone = new ZonedTimeFormatter(timeZone);
  }

  static isTimeZone(zone: string): boolean {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }

  /** True for the bare-day form. */
  static isDay(value: string): boolean {
    return DAY.test(value);
  }

  resolve(input: DateRangeInput): ResolvedDateRange {
    const from = input.from === undefined ? undefined : this.instant(input.from, 'start');
    const to = input.to === undefined ? undefined : this.instant(input.to, 'end');
    if (from !== undefined && to !== undefined && Date.parse(from) >= Date.parse(to)) {
      const message = `from (${input.from}) must be before to (${input.to}); swap them or widen the range`;
      throw new AppError(ErrorCode.VALIDATION_FAILED, `Invalid date range: ${message}`, { details: [{ path: 'from', message }, { path: 'to', message }] });
    }
    return { from, to, timeZone: this.timeZone };
  }

  /** `start`: the day's first instant; `end`: the next day's first instant (an exclusive end). */
  private instant(value: string, edge: 'start' | 'end'): string {
    const day = DAY.exec(value);
    if (!day) return new Date(value).toISOString();
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3]) + (edge === 'end' ? 1 : 0)];
    return new Date(this.zonedMidnight(y, m, d)).toISOString();
  }

  /** Epoch ms of local midnight of (y, m, d) in the zone (d may overflow into the next month). */
  private zonedMidnight(y: number, m: number, d: number): number {
    return this.zone.startOfLocalDate(new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10));
  }
}
