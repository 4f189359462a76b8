import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@gong-connector/contracts';
import { CallWriteRepository, DirectoryRepository, SyncCheckpointRepository } from '@gong-connector/persistence';
import { CLOCK, LOGGER, type Logger } from '@gong-connector/platform';
import { DirectorySync, TrackerSync } from '@gong-connector/replica';
import { CallPageIngestor } from '../calls/call-page.ingestor.js';
import type { IngestConfig } from '../config.js';
import { INGEST_CONFIG } from '../ingest.tokens.js';
import { IngestMetrics } from '../metrics/ingest.metrics.js';
import { WindowScanner } from './window.scanner.js';

/** Attempts of a sync's Gong requests when Gong or the quota refuse for now (the next run catches up anyway). */
const SYNC_ATTEMPTS = 4;

export interface WorkspaceSyncResult {
  workspaceId: string | null;
  from: string;
  to: string;
  pages: number;
  calls: number;
  written: number;
  transcripts: number;
}

/**
 * The scheduled incremental sync, of every workspace at once at `sync` priority. Gong has no "modified since",
 * so each run covers [checkpoint − lookback, now): extensive pages (cursor in the body), transcripts
 * in batches of 100 for calls that have none stored, "call ready" events for new and changed calls.
 * The checkpoint moves with each committed page (in the page's transaction) and to the window's end
 * when the run completes; it never moves back.
 */
@Injectable()
export class IncrementalSyncService {
  private readonly positions = new Map<string, number>();

  constructor(
    @Inject(WindowScanner) private readonly scanner: WindowScanner,
    @Inject(CallPageIngestor) private readonly ingestor: CallPageIngestor,
    @Inject(SyncCheckpointRepository) private readonly checkpoints: SyncCheckpointRepository,
    @Inject(DirectoryRepository) private readonly directory: DirectoryRepository,
    @Inject(DirectorySync) private readonly directorySync: DirectorySync,
    @Inject(TrackerSync) private readonly trackerSync: TrackerSync,
    @Inject(CallWriteRepository) private readonly writes: CallWriteRepository,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Users and workspaces (skipped when another service synced them within the interval). */
  async syncDirectory(force = false): Promise<void> {
    const r = await this.directorySync.run({ minIntervalMs: this.config.INGEST_DIRECTORY_SYNC_INTERVAL_MS, force });
    if (!r.skipped) this.logger.info({ users: r.users, workspaces: r.workspaces }, 'directory synced');
  }

  /** The keyword trackers and their phrases (skipped when synced within the interval). */
  async syncTrackers(): Promise<void> {
    const r = await this.trackerSync.run({ minIntervalMs: this.config.INGEST_TRACKER_SYNC_INTERVAL_MS });
    if (!r.skipped) this.logger.info({ trackers: r.trackers }, 'trackers synced');
  }

  /**
   * Links calls stored before their account was known: by an opportunity of the account in their
   * CRM context, and internal calls by the account their title names (deal reviews that came before
   * the account's first call); the outbox sweep then announces them for re-indexing.
   */
  async relinkInternalCalls(): Promise<void> {
    const byOpportunity = await this.writes.linkCallsByOpportunity();
    if (byOpportunity.length > 0) this.logger.info({ calls: byOpportunity.length }, 'calls linked to their account by a CRM opportunity');
    const linked = await this.writes.linkInternalCallsByTitle();
    if (linked.length > 0) this.logger.info({ calls: linked.length }, 'internal calls linked to their account by title');
  }

  /**
   * One sync of every workspace at once: Gong's extensive listing without a workspace filter holds
   * the calls of all of them, so an idle tick costs one request however many workspaces the company
   * has (a window of more than 100 calls pages on, as one per workspace would). The first run after
   * an upgrade from per-workspace checkpoints starts at the oldest of them: no gap.
   */
  async runOnce(): Promise<WorkspaceSyncResult[]> {
    // a fresh install: users and workspaces first (calls name their hosts and workspaces)
    if ((await this.directory.listWorkspaces()).length === 0) await this.syncDirectory(true);
    return [await this.syncWorkspace(null)];
  }

  async syncWorkspace(workspaceId: string | null): Promise<WorkspaceSyncResult> {
    const name = checkpointName(workspaceId);
    const checkpoint = (await this.checkpoints.get(name)) ?? (workspaceId === null ? await this.oldestWorkspaceCheckpoint() : undefined);
    const now = this.clock.now();
    const fromMs = checkpoint ? checkpoint.position.getTime() - this.config.INGEST_SYNC_LOOKBACK_MS : now - this.config.INGEST_SYNC_INITIAL_MS;
    const from = new Date(fromMs).toISOString();
    const to = new Date(now).toISOString();
    let position = checkpoint?.position.getTime() ?? fromMs;
    const result: WorkspaceSyncResult = { workspaceId, from, to, pages: 0, calls: 0, written: 0, transcripts: 0 };
    await this.scanner.scan({
      to,
      workspaceId,
      priority: 'sync',
      attempts: SYNC_ATTEMPTS,
      start: { windowStart: from, cursor: null, resumeFrom: null },
      prepare: (page) => this.ingestor.prepare(page.items, { priority: 'sync', attempts: SYNC_ATTEMPTS }),
      commit: async ({ page, next }, prepared) => {
        const reached = next.cursor === null ? now : next.resumeFrom ? Date.parse(next.resumeFrom) : position;
        const advanced = Math.max(position, reached);
        const r = await this.ingestor.commit(prepared, {
          source: 'sync',
          alsoInTransaction: (tx) => this.checkpoints.set(name, new Date(advanced), { lastRunFrom: from, lastRunTo: to }, tx),
        });
        position = advanced;
        this.positions.set(workspaceId ?? 'all', position);
        result.pages += 1;
        result.calls += page.items.length;
        result.written += r.written;
        result.transcripts += r.transcriptsStored;
      },
    });
    if (result.pages === 0 || position < now) {
      // Nothing was listed (an empty window) or the last page ended early: the window is done.
      position = Math.max(position, now);
      await this.checkpoints.set(name, new Date(position), { lastRunFrom: from, lastRunTo: to });
    }
    this.positions.set(workspaceId ?? 'all', position);
    this.updateLag();
    this.logger.info({ workspaceId, from, to, pages: result.pages, calls: result.calls, written: result.written }, 'incremental sync done');
    return result;
  }

  /** `ingest_sync_lag_seconds{workspace}`: now minus each checkpoint this process knows. */
  updateLag(): void {
    const now = this.clock.now();
    for (const [workspace, position] of this.positions) this.metrics.syncLag.set({ workspace }, Math.max(0, (now - position) / 1000));
  }

  /** Loads the checkpoint so the lag gauge is right after a restart. */
  async loadCheckpoints(): Promise<void> {
    const cp = await this.checkpoints.get(checkpointName(null));
    if (cp) this.positions.set('all', cp.position.getTime());
    this.updateLag();
  }

  /** The oldest per-workspace checkpoint (kept by versions that synced each workspace on its own). */
  private async oldestWorkspaceCheckpoint(): Promise<Awaited<ReturnType<SyncCheckpointRepository['get']>>> {
    let oldest: Awaited<ReturnType<SyncCheckpointRepository['get']>>;
    for (const w of await this.directory.listWorkspaces()) {
      const cp = await this.checkpoints.get(checkpointName(w.id));
      if (cp && (!oldest || cp.position < oldest.position)) oldest = cp;
    }
    return oldest;
  }
}

function checkpointName(workspaceId: string | null): string {
  return `ingest.calls:${workspaceId ?? 'all'}`;
}
