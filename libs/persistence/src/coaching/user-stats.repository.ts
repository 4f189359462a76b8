import type { Database } from '../database/database.js';
import type { Transaction } from '../database/transaction.js';
import {
  ACTIVITY_COUNTERS,
  INTERACTION_STATS,
  type ActivityCounter,
  type ActivityCounts,
  type ActivityTotalsRecord,
  type InteractionAveragesRecord,
  type InteractionFigures,
  type InteractionStat,
  type UserDayActivityRecord,
  type UserDayInteractionRecord,
} from './coaching-records.js';

/** `callsAsHost` -> `calls_as_host`. */
const column = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const COUNTER_COLUMNS = ACTIVITY_COUNTERS.map(column);
const FIGURES = Object.keys(INTERACTION_STATS) as InteractionStat[];
const FIGURE_COLUMNS = FIGURES.map(column);

export interface UserDayRange {
  /** Only these users (all when absent). */
  userIds?: readonly string[] | undefined;
  /** Inclusive `YYYY-MM-DD`. */
  from: string;
  /** Exclusive `YYYY-MM-DD`. */
  to: string;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Per-user daily stats: activity (`day-by-day`) and interaction (`stats/interaction`), one row per
 * user and day, upserted idempotently (a re-sync of a day overwrites it).
 */
export class UserStatsRepository {
  constructor(private readonly db: Database) {}

  async upsertActivity(records: readonly UserDayActivityRecord[], tx?: Transaction): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map((r) => ({ user_id: r.userId, day: r.day, call_ids: r.callIds, ...Object.fromEntries(ACTIVITY_COUNTERS.map((k, i) => [COUNTER_COLUMNS[i], r.counts[k] ?? 0])) }));
    const cols = ['user_id', 'day', ...COUNTER_COLUMNS, 'call_ids'];
    const types = ['text', 'date', ...COUNTER_COLUMNS.map(() => 'int'), 'jsonb'];
    await this.db.query(
      `INSERT INTO gong_user_day_activity (${cols.join(', ')}, synced_at)
       SELECT ${cols.join(', ')}, now() FROM jsonb_to_recordset($1::jsonb) AS r(${cols.map((c, i) => `${c} ${types[i]}`).join(', ')})
       ON CONFLICT (user_id, day) DO UPDATE SET ${[...COUNTER_COLUMNS, 'call_ids'].map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, synced_at = now()`,
      [JSON.stringify(rows)],
      tx,
    );
  }

  async upsertInteraction(records: readonly UserDayInteractionRecord[], tx?: Transaction): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map((r) => ({ user_id: r.userId, day: r.day, stats: r.stats, ...Object.fromEntries(FIGURES.map((k, i) => [FIGURE_COLUMNS[i], r.figures[k]])) }));
    const cols = ['user_id', 'day', ...FIGURE_COLUMNS, 'stats'];
    const types = ['text', 'date', ...FIGURE_COLUMNS.map(() => 'double precision'), 'jsonb'];
    await this.db.query(
      `INSERT INTO gong_user_day_interaction (${cols.join(', ')}, synced_at)
       SELECT ${cols.join(', ')}, now() FROM jsonb_to_recordset($1::jsonb) AS r(${cols.map((c, i) => `${c} ${types[i]}`).join(', ')})
       ON CONFLICT (user_id, day) DO UPDATE SET ${[...FIGURE_COLUMNS, 'stats'].map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, synced_at = now()`,
      [JSON.stringify(rows)],
      tx,
    );
  }

  /** Daily activity rows, by user then day. */
  async dailyActivity(range: UserDayRange): Promise<UserDayActivityRecord[]> {
    const [where, params] = rangeClause(range);
    const rows: Array<Record<string, unknown>> = await this.db.query(`SELECT *, day::text AS day_text FROM gong_user_day_activity WHERE ${where} ORDER BY user_id, day`, params);
    return rows.map((r) => ({ userId: r.user_id as string, day: r.day_text as string, counts: counts(r), callIds: r.call_ids as UserDayActivityRecord['callIds'] }));
  }

  /** Activity summed per user over the range (users without rows are absent). */
  async activityTotals(range: UserDayRange): Promise<ActivityTotalsRecord[]> {
    return (await this.activityTotalsSplit(range, range.to)).previous;
  }

  /**
   * Activity summed per user over `[from, splitAt)` (`previous`) and `[splitAt, to)` (`current`) in
   * one read: a period and the one before it.
   */
  async activityTotalsSplit(range: UserDayRange, splitAt: string): Promise<SplitTotals<ActivityTotalsRecord>> {
    const [where, params] = rangeClause(range);
    params.push(splitAt);
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT user_id, day >= $${params.length}::date AS current, count(*)::int AS days, ${COUNTER_COLUMNS.map((c) => `sum(${c})::int AS ${c}`).join(', ')}
       FROM gong_user_day_activity WHERE ${where} GROUP BY user_id, day >= $${params.length}::date ORDER BY user_id`,
      params,
    );
    return split(rows, (r) => ({ userId: r.user_id as string, days: Number(r.days), counts: counts(r) }));
  }

  /** Daily interaction rows, by user then day. */
  async dailyInteraction(range: UserDayRange): Promise<UserDayInteractionRecord[]> {
    const [where, params] = rangeClause(range);
    const rows: Array<Record<string, unknown>> = await this.db.query(`SELECT *, day::text AS day_text FROM gong_user_day_interaction WHERE ${where} ORDER BY user_id, day`, params);
    return rows.map((r) => ({ userId: r.user_id as string, day: r.day_text as string, figures: figures(r), stats: r.stats as UserDayInteractionRecord['stats'] }));
  }

  /**
   * Interaction figures per user over the range: each figure's daily values averaged, a day weighted
   * by the calls the user hosted that day (from the activity rows; 1 when that day has none).
   */
  async interactionAverages(range: UserDayRange): Promise<InteractionAveragesRecord[]> {
    return (await this.interactionAveragesSplit(range, range.to)).previous;
  }

  /** `interactionAverages` over `[from, splitAt)` (`previous`) and `[splitAt, to)` (`current`) in one read. */
  async interactionAveragesSplit(range: UserDayRange, splitAt: string): Promise<SplitTotals<InteractionAveragesRecord>> {
    const [where, params] = rangeClause(range, 'i.');
    params.push(splitAt);
    const w = 'COALESCE(NULLIF(a.calls_as_host, 0), 1)';
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT i.user_id, i.day >= $${params.length}::date AS current, count(*)::int AS days,
              ${FIGURE_COLUMNS.map((c) => `sum(i.${c} * ${w}) FILTER (WHERE i.${c} IS NOT NULL) / NULLIF(sum(${w}) FILTER (WHERE i.${c} IS NOT NULL), 0) AS ${c}`).join(', ')}
       FROM gong_user_day_interaction i LEFT JOIN gong_user_day_activity a ON a.user_id = i.user_id AND a.day = i.day
       WHERE ${where} GROUP BY i.user_id, i.day >= $${params.length}::date ORDER BY i.user_id`,
      params,
    );
    return split(rows, (r) => ({ userId: r.user_id as string, days: Number(r.days), figures: figures(r) }));
  }
}

/** Per-user figures of a period (`current`) and of the one before it (`previous`), each by user id. */
export interface SplitTotals<T> {
  previous: T[];
  current: T[];
}

function split<T>(rows: Array<Record<string, unknown>>, map: (r: Record<string, unknown>) => T): SplitTotals<T> {
  return { previous: rows.filter((r) => r.current !== true).map(map), current: rows.filter((r) => r.current === true).map(map) };
}

function rangeClause(range: UserDayRange, prefix = ''): [string, unknown[]] {
  const params: unknown[] = [range.from, range.to];
  let where = `${prefix}day >= $1::date AND ${prefix}day < $2::date`;
  if (range.userIds) {
    params.push([...range.userIds]);
    where += ` AND ${prefix}user_id = ANY($3::text[])`;
  }
  return [where, params];
}

function counts(r: Record<string, unknown>): ActivityCounts {
  return Object.fromEntries(ACTIVITY_COUNTERS.map((k: ActivityCounter, i) => [k, Number(r[COUNTER_COLUMNS[i]] ?? 0)])) as ActivityCounts;
}

function figures(r: Record<string, unknown>): InteractionFigures {
  return Object.fromEntries(FIGURES.map((k, i) => [k, num(r[FIGURE_COLUMNS[i]])])) as InteractionFigures;
}
