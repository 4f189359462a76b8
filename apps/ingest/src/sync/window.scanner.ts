import { Inject, Injectable } from '@nestjs/common';
import { GongClient, GongError, type CallData, type GongPage, type GongPriority } from '@gong-connector/gong-client';
import { LOGGER, type Logger } from '@gong-connector/platform';
import { ExtensiveContentSelector } from '@gong-connector/replica';
import { TransientRetry } from '../gong/transient-retry.js';

/** Where a scan of a window stands; what a backfill job stores. */
export interface ScanPosition {
  /** `fromDateTime` of the request the cursor belongs to. */
  windowStart: string;
  /** The next page of that request (null: the request starts again at windowStart). */
  cursor: string | null;
  /** Every call that started before this is stored (null: nothing known beyond windowStart). */
  resumeFrom: string | null;
}

export interface ScannedPage {
  page: GongPage<CallData>;
  /** The position once this page is committed. */
  next: ScanPosition;
  /** True for the first page of a request (its `totalRecords` counts the rest of the window). */
  firstOfRequest: boolean;
  /** Calls of this page not already stored by an earlier page of this scan (an overlap after a restart). */
  fresh: number;
}

export interface ScanRequest<P> {
  to: string;
  workspaceId?: string | null;
  priority: GongPriority;
  start: ScanPosition;
  /** Attempts of each Gong request when Gong or the quota refuse for now (429, 5xx, quota refusals). */
  attempts: number;
  /** Checked between pages; an aborted scan finishes the commit in progress and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Work on a page that may overlap the previous page's commit (fetching its transcripts). */
  prepare: (page: GongPage<CallData>) => Promise<P>;
  /** Commits a page and the position it reaches; commits run one at a time, in page order. */
  commit: (scanned: ScannedPage, prepared: P) => Promise<void>;
}

/** Restarts after refused cursors, in a row without a page committed in between, before a scan gives up. */
const MAX_RESTARTS = 5;

/**
 * Pages through `/v2/calls/extensive` for calls that started in [windowStart, to), cursor in the
 * body, oldest first, as a pipeline: while page N is committed, page N+1 is fetched and its
 * transcripts too, so Gong's pacing (not the database) sets the pace. Gong's cursors expire (400);
 * a refused cursor restarts the request at the start time of the newest call already committed
 * (Gong pages oldest first; when a page breaks that order the restart falls back to the window
 * start), not the whole sync. Idempotent upserts absorb the overlap of a restart.
 */
@Injectable()
export class WindowScanner {
  constructor(
    @Inject(GongClient) private readonly gong: GongClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async scan<P>(request: ScanRequest<P>): Promise<void> {
    let pos = request.start;
    let restarts = 0;
    let overlapBefore: number | null = null;
    // Once a page breaks the oldest-first order, no resume point of this request can be trusted.
    let unordered = false;
    let pending = this.fetch(request, pos);
    let committing: Promise<void> = Promise.resolve();
    try {
      for (;;) {
        let page: GongPage<CallData>;
        try {
          page = await pending;
        } catch (error) {
          if (pos.cursor !== null && GongError.isKind(error, 'bad-request') && restarts < MAX_RESTARTS) {
            // The resume point is only safe once the page before is committed.
            await committing;
            restarts += 1;
            const windowStart = pos.resumeFrom ?? pos.windowStart;
            this.logger.warn({ windowStart, to: request.to, restarts, err: error.message }, 'Gong refused the cursor (expired); restarting the window');
            overlapBefore = Date.parse(windowStart);
            pos = { windowStart, cursor: null, resumeFrom: pos.resumeFrom };
            unordered = false;
            pending = this.fetch(request, pos);
            continue;
          }
          throw error;
        }
        const starts = page.items.map((c) => Date.parse(c.metaData.started ?? c.metaData.scheduled ?? ''));
        const floor = pos.resumeFrom === null ? Date.parse(pos.windowStart) : Date.parse(pos.resumeFrom);
        unordered ||= !starts.every((t, i) => Number.isFinite(t) && t >= (i === 0 ? floor : starts[i - 1]!));
        const newest = starts.length > 0 ? starts[starts.length - 1]! : undefined;
        const next: ScanPosition = {
          windowStart: pos.windowStart,
          cursor: page.records.cursor ?? null,
          // Calls that started at `newest` may continue on the next page: resume at it, inclusive.
          resumeFrom: unordered ? null : newest !== undefined ? new Date(newest).toISOString() : pos.resumeFrom,
        };
        const before = overlapBefore;
        const scanned: ScannedPage = {
          page,
          next,
          firstOfRequest: pos.cursor === null,
          fresh: before === null ? starts.length : starts.filter((t) => t > before).length,
        };
        overlapBefore = null;
        restarts = 0;
        // Fetch the next page while this one's transcripts are fetched and the previous page commits.
        if (next.cursor !== null && !request.signal?.aborted) pending = this.fetch(request, next);
        const prepared = await request.prepare(page);
        await committing;
        committing = request.commit(scanned, prepared);
        // Awaited before the next commit or below; until then it must not count as unhandled.
        committing.catch(() => undefined);
        if (next.cursor === null) {
          await committing;
          return;
        }
        pos = next;
        if (request.signal?.aborted) {
          await committing;
          request.signal.throwIfAborted();
        }
      }
    } finally {
      // Never leave a commit running behind the caller's back (its error, if any, is not the first).
      await committing.catch(() => undefined);
    }
  }

  private fetch<P>(request: ScanRequest<P>, pos: ScanPosition): Promise<GongPage<CallData>> {
    const p = TransientRetry.run(
      () =>
        this.gong.getExtensiveCallsPage(
          {
            filter: {
              fromDateTime: pos.windowStart,
              toDateTime: request.to,
              ...(request.workspaceId ? { workspaceId: request.workspaceId } : {}),
            },
            contentSelector: ExtensiveContentSelector.selector,
          },
          { priority: request.priority, ...(pos.cursor ? { cursor: pos.cursor } : {}) },
        ),
      { attempts: request.attempts, what: 'a page of /v2/calls/extensive', logger: this.logger, ...(request.signal ? { signal: request.signal } : {}) },
    );
    // A prefetched page nobody awaits (the scan stopped) must not become an unhandled rejection.
    p.catch(() => undefined);
    return p;
  }
}
