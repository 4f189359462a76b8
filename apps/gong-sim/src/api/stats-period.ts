export type AggregationPeriod = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';

/** `YYYY-MM-DD` plus `n` days. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The period (weeks start on Monday) holding `day`, clipped to the request's [from, to). */
export function periodOf(day: string, period: AggregationPeriod, from: string, to: string): { fromDate: string; toDate: string } {
  const d = new Date(`${day}T00:00:00Z`);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  let start: string;
  let end: string;
  switch (period) {
    case 'DAY':
      start = day;
      end = addDays(day, 1);
      break;
    case 'WEEK':
      start = addDays(day, -((d.getUTCDay() + 6) % 7));
      end = addDays(start, 7);
      break;
    case 'MONTH':
      start = iso(Date.UTC(y, m, 1));
      end = iso(Date.UTC(y, m + 1, 1));
      break;
    case 'QUARTER':
      start = iso(Date.UTC(y, m - (m % 3), 1));
      end = iso(Date.UTC(y, m - (m % 3) + 3, 1));
      break;
    case 'YEAR':
      start = iso(Date.UTC(y, 0, 1));
      end = iso(Date.UTC(y + 1, 0, 1));
      break;
  }
  return { fromDate: start < from ? from : start, toDate: end > to ? to : end };
}
