/**
 * Formats instants as ISO-8601 with the company's UTC offset, the way Gong does
 * (`2024-03-05T09:02:11-08:00`). Offsets are looked up once per hour of time and cached, so
 * formatting thousands of timestamps stays cheap.
 */
export class ZonedTimeFormatter {
  private readonly offsetByHour = new Map<number, number>();
  private readonly parts: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    this.parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** Offset from UTC in minutes at that instant (e.g. -480 for PST). */
  offsetMinutes(ms: number): number {
    const hour = Math.floor(ms / 3_600_000);
    let offset = this.offsetByHour.get(hour);
    if (offset === undefined) {
      const p: Record<string, string> = {};
      for (const part of this.parts.formatToParts(new Date(hour * 3_600_000))) p[part.type] = part.value;
      const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
      offset = Math.round((asUtc - hour * 3_600_000) / 60_000);
      this.offsetByHour.set(hour, offset);
    }
    return offset;
  }

  /** `YYYY-MM-DDTHH:mm:ss±HH:MM` in the zone (no milliseconds, as Gong prints them). */
  format(ms: number): string {
    const offset = this.offsetMinutes(ms);
    const local = new Date(Math.floor(ms / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }

  /** The local calendar date `YYYY-MM-DD` of an instant. */
  localDate(ms: number): string {
    return new Date(ms + this.offsetMinutes(ms) * 60_000).toISOString().slice(0, 10);
  }

  /** The instant at which a local calendar date (`YYYY-MM-DD`) starts. */
  startOfLocalDate(date: string): number {
    const utcMidnight = Date.parse(`${date}T00:00:00Z`);
    // Two passes settle the offset around DST changes.
    let guess = utcMidnight - this.offsetMinutes(utcMidnight) * 60_000;
    guess = utcMidnight - this.offsetMinutes(guess) * 60_000;
    return guess;
  }
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
