import { ZonedTimeFormatter } from '@gong-connector/contracts';
import type { GongClient, GongPage, GongPriority } from '@gong-connector/gong-client';
import {
  CallOutcomeRepository,
  CoachingMetricsRepository,
  DirectoryRepository,
  LibraryRepository,
  ScorecardRepository,
  SyncCheckpointRepository,
  UserStatsRepository,
  type Database,
  type Transaction,
} from '@gong-connector/persistence';
import {
  toAnsweredScorecardRecord,
  toCallOutcomeRecord,
  toCoachingMetricsRecords,
  toLibraryClip,
  toLibraryFolderRecord,
  toScorecardDefinitionRecord,
  toUserDayActivityRecords,
  toUserDayInteractionRecord,
} from './coaching-record.mapper.js';

const DAY_MS = 86_400_000;

/** The day streams, each with its own checkpoint (`coaching.<stream>`, or `coaching.backfill:<stream>`). */
export const COACHING_DAY_STREAMS = ['activity', 'interaction', 'scorecards'] as const;
export type CoachingDayStream = (typeof COACHING_DAY_STREAMS)[number];

export interface CoachingSyncOptions {
  /** The company's time zone: stats dates are its calendar dates. */
  timeZone: string;
  /** Days before each day stream's checkpoint that every run syncs again (stats and reviews change after the day). */
  lookbackDays?: number;
  /** How far back the first run of a day stream reaches (older history is the backfill's). */
  initialDays?: number;
  /** Widest date range per activity or scorecards request (fewer requests; a checkpoint after each). */
  windowDays?: number;
  /** Scorecard definitions and call outcomes: at most once per this interval. */
  settingsIntervalMs?: number;
  /** Library folders and clips, and coaching metrics: at most once per this interval (weekly). */
  weeklyIntervalMs?: number;
}

export interface CoachingSyncResult {
  requests: number;
  activityDays: number;
  interactionDays: number;
  answeredScorecards: number;
  definitions: number | null;
  folders: number | null;
  coachingRows: number | null;
}

type Range = { from: string; to: string };

/**
 * Replicates Gong's coaching data into the replica: per-user daily activity (`day-by-day`, one
 * request per 100 active users for up to `windowDays` days) and interaction stats (`interaction`,
 * one request per 100 active users per day: Gong only aggregates it over the asked range), answered
 * scorecards by review date (both review methods), scorecard definitions and call outcomes (daily),
 * Library folders with their clips and managers' coaching metrics (weekly). Every page is stored in
 * one transaction together with its stream's checkpoint, so a crash resumes at the first page not
 * committed and a re-run rewrites the same rows (upserts keyed by Gong's ids and days).
 */
export class CoachingSync {
  private readonly stats: UserStatsRepository;
  private readonly scorecards: ScorecardRepository;
  private readonly library: LibraryRepository;
  private readonly coaching: CoachingMetricsRepository;
  private readonly outcomes: CallOutcomeRepository;
  private readonly directory: DirectoryRepository;
  private readonly checkpoints: SyncCheckpointRepository;
  private readonly time: ZonedTimeFormatter;
  private readonly o: Required<CoachingSyncOptions>;
  private requests = 0;

  constructor(
    private readonly db: Database,
    private readonly gong: GongClient,
    private readonly clock: { now(): number },
    options: CoachingSyncOptions,
  ) {
    this.stats = new UserStatsRepository(db);
    this.scorecards = new ScorecardRepository(db);
    this.library = new LibraryRepository(db);
    this.coaching = new CoachingMetricsRepository(db);
    this.outcomes = new CallOutcomeRepository(db);
    this.directory = new DirectoryRepository(db);
    this.checkpoints = new SyncCheckpointRepository(db);
    this.time = new ZonedTimeFormatter(options.timeZone);
    this.o = { lookbackDays: 2, initialDays: 1, windowDays: 31, settingsIntervalMs: DAY_MS, weeklyIntervalMs: 7 * DAY_MS, ...options };
  }

  /** Today in the company time zone (`YYYY-MM-DD`); days before it are complete. */
  today(): string {
    return this.time.localDate(this.clock.now());
  }

  /**
   * The scheduled incremental run at `sync` priority: each day stream from its checkpoint (less the
   * lookback) to today (exclusive), then the daily and weekly lists when due.
   */
  async run(): Promise<CoachingSyncResult> {
    const result = this.emptyResult();
    const before = this.requests;
    const today = this.today();
    for (const stream of COACHING_DAY_STREAMS) {
      const name = `coaching.${stream}`;
      const cp = await this.checkpoints.get(name);
      const next = typeof cp?.state.next === 'string' ? cp.state.next : addDays(today, -this.o.initialDays);
      const from = addDays(next < today ? next : today, -this.o.lookbackDays);
      // A first run marks where the stream starts, even when it has no whole day to sync yet.
      if (!cp) await this.checkpoints.set(name, new Date(`${from}T00:00:00Z`), { next: from });
      await this.stream(stream, { from, to: today }, 'sync', name, result, (reached) => ({ next: reached }));
    }
    result.definitions = await this.settingsIfDue('sync');
    const weekly = await this.weeklyIfDue('sync');
    result.folders = weekly?.folders ?? null;
    result.coachingRows = weekly?.coachingRows ?? null;
    result.requests = this.requests - before;
    return result;
  }

  /**
   * The history [fromDate, toDate) of the day streams at `priority` (backfill by default):
   * resumable (a checkpoint per stream for this range) and idempotent.
   */
  async backfill(range: Range, priority: GongPriority = 'backfill'): Promise<CoachingSyncResult> {
    const result = this.emptyResult();
    const before = this.requests;
    const to = range.to > this.today() ? this.today() : range.to;
    for (const stream of COACHING_DAY_STREAMS) {
      const name = `coaching.backfill:${stream}`;
      const cp = await this.checkpoints.get(name);
      const sameRange = cp?.state.from === range.from && cp?.state.to === to;
      const from = sameRange && typeof cp?.state.next === 'string' ? cp.state.next : range.from;
      await this.stream(stream, { from, to }, priority, name, result, (reached) => ({ from: range.from, to, next: reached }));
    }
    result.requests = this.requests - before;
    return result;
  }

  /** Gong requests made by this instance so far. */
  get requestsMade(): number {
    return this.requests;
  }

  private async stream(
    stream: CoachingDayStream,
    range: Range,
    priority: GongPriority,
    checkpoint: string,
    result: CoachingSyncResult,
    state: (reached: string) => Record<string, unknown>,
  ): Promise<void> {
    if (range.from >= range.to) return;
    const save = (reached: string, tx: Transaction) => this.checkpoints.set(checkpoint, new Date(`${reached}T00:00:00Z`), state(reached), tx);
    const gong = this.gong.withPriority(priority);
    if (stream === 'interaction') {
      // Gong aggregates interaction stats over the asked range: one range per day keeps them daily.
      for (let day = range.from; day < range.to; day = addDays(day, 1)) {
        const next = addDays(day, 1);
        await this.pages(
          (cursor) => gong.getInteractionStatsPage({ fromDate: day, toDate: next }, cursor === undefined ? {} : { cursor }),
          async (items, last, tx) => {
            await this.stats.upsertInteraction(items.map((u) => toUserDayInteractionRecord(u, day)), tx);
            if (last) await save(next, tx);
          },
        );
        result.interactionDays += 1;
      }
      return;
    }
    for (const window of windows(range, this.o.windowDays)) {
      if (stream === 'activity') {
        await this.pages(
          (cursor) => gong.getDailyActivityPage({ fromDate: window.from, toDate: window.to }, cursor === undefined ? {} : { cursor }),
          async (items, last, tx) => {
            await this.stats.upsertActivity(items.flatMap(toUserDayActivityRecords), tx);
            if (last) await save(window.to, tx);
          },
        );
        result.activityDays += daysBetween(window);
      } else {
        await this.pages(
          (cursor) => gong.getAnsweredScorecardsPage({ reviewFromDate: window.from, reviewToDate: window.to, reviewMethod: 'BOTH' }, cursor === undefined ? {} : { cursor }),
          async (items, last, tx) => {
            await this.scorecards.upsertAnswered(items.map(toAnsweredScorecardRecord), tx);
            if (last) await save(window.to, tx);
            result.answeredScorecards += items.length;
          },
        );
      }
    }
  }

  /** Every page of a listing, each stored in its own transaction (`last` on the final one, also when empty). */
  private async pages<T>(fetch: (cursor: string | undefined) => Promise<GongPage<T>>, store: (items: T[], last: boolean, tx: Transaction) => Promise<void>): Promise<void> {
    let cursor: string | undefined;
    do {
      const page = await fetch(cursor);
      this.requests += 1;
      cursor = page.records.cursor;
      await this.db.transaction((tx) => store(page.items, cursor === undefined, tx));
    } while (cursor !== undefined);
  }

  /** Scorecard definitions and call outcomes, when the last sync is older than the interval. */
  private async settingsIfDue(priority: GongPriority): Promise<number | null> {
    if (!(await this.due('coaching.settings', this.o.settingsIntervalMs))) return null;
    const gong = this.gong.withPriority(priority);
    const definitions = (await gong.listScorecards()).map(toScorecardDefinitionRecord);
    const outcomes = (await gong.listCallOutcomes()).map(toCallOutcomeRecord);
    this.requests += 2;
    await this.scorecards.replaceDefinitions(definitions);
    await this.outcomes.replaceAll(outcomes);
    await this.checkpoints.set('coaching.settings', new Date(this.clock.now()), { definitions: definitions.length, outcomes: outcomes.length });
    return definitions.length;
  }

  /** Library folders and clips, and last week's coaching metrics per manager and workspace, when due. */
  private async weeklyIfDue(priority: GongPriority): Promise<{ folders: number; coachingRows: number } | null> {
    if (!(await this.due('coaching.weekly', this.o.weeklyIntervalMs))) return null;
    const gong = this.gong.withPriority(priority);
    const workspaces = await this.directory.listWorkspaces();
    const keep: string[] = [];
    for (const ws of workspaces.length ? workspaces.map((w) => w.id) : [undefined]) {
      const folders = await gong.listLibraryFolders(ws);
      this.requests += 1;
      for (const f of folders) {
        const content = await gong.getLibraryFolderContent(f.id);
        this.requests += 1;
        await this.library.replaceFolder(toLibraryFolderRecord(f, ws ?? null), (content.calls ?? []).map(toLibraryClip));
        keep.push(f.id);
      }
    }
    await this.library.removeFoldersExcept(keep);
    const users = await this.directory.listUsers();
    const managers = [...new Set(users.map((u) => u.managerId).filter((id): id is string => id !== null))];
    const to = this.today();
    const from = addDays(to, -7);
    let coachingRows = 0;
    for (const ws of workspaces) {
      for (const managerId of managers) {
        const data = await gong.getCoaching({ workspaceId: ws.id, managerId, from: new Date(this.time.startOfLocalDate(from)).toISOString(), to: new Date(this.time.startOfLocalDate(to)).toISOString() });
        this.requests += 1;
        const rows = toCoachingMetricsRecords(data, ws.id, managerId, from, to);
        await this.coaching.upsert(rows);
        coachingRows += rows.length;
      }
    }
    await this.checkpoints.set('coaching.weekly', new Date(this.clock.now()), { folders: keep.length, coachingRows });
    return { folders: keep.length, coachingRows };
  }

  private async due(name: string, intervalMs: number): Promise<boolean> {
    if (intervalMs <= 0) return false;
    const last = await this.checkpoints.get(name);
    return !last || this.clock.now() - last.position.getTime() >= intervalMs;
  }

  private emptyResult(): CoachingSyncResult {
    return { requests: 0, activityDays: 0, interactionDays: 0, answeredScorecards: 0, definitions: null, folders: null, coachingRows: null };
  }
}

/** `YYYY-MM-DD` plus `n` days. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(r: Range): number {
  return Math.round((Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`)) / DAY_MS);
}

/** [from, to) cut into consecutive windows of at most `days` days. */
function windows(r: Range, days: number): Range[] {
  const out: Range[] = [];
  for (let from = r.from; from < r.to; ) {
    const end = addDays(from, days);
    const to = end < r.to ? end : r.to;
    out.push({ from, to });
    from = to;
  }
  return out;
}
