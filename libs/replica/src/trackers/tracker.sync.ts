import type { GongClient, KeywordTracker } from '@gong-connector/gong-client';
import { SyncCheckpointRepository, TrackerRepository, type Database, type KeywordTrackerRecord } from '@gong-connector/persistence';

/** The sync checkpoint of the keyword trackers. */
export const TRACKERS_CHECKPOINT = 'trackers';

export function toKeywordTrackerRecord(t: KeywordTracker): KeywordTrackerRecord {
  return {
    id: t.trackerId,
    name: t.trackerName ?? t.trackerId,
    workspaceId: t.workspaceId ?? null,
    affiliation: t.affiliation ?? null,
    keywords: (t.languageKeywords ?? []).map((k) => ({ language: k.language ?? null, phrases: k.keywords ?? [] })),
    saidAt: t.saidAt ?? null,
    saidInTopics: t.saidInTopics ?? [],
    partOfQuestion: t.partOfQuestion ?? false,
    updated: t.updated ?? null,
  };
}

/**
 * Replicates the company's keyword trackers (`GET /v2/settings/trackers`, one request for every
 * workspace) at `sync` priority; a sync younger than `minIntervalMs` (a checkpoint in Postgres) is
 * not repeated, so the quota is spent once a day however often it is asked.
 */
export class TrackerSync {
  private readonly repo: TrackerRepository;
  private readonly checkpoints: SyncCheckpointRepository;

  constructor(
    db: Database,
    private readonly gong: GongClient,
    private readonly clock: { now(): number } = { now: () => Date.now() },
  ) {
    this.repo = new TrackerRepository(db);
    this.checkpoints = new SyncCheckpointRepository(db);
  }

  async run(options: { minIntervalMs?: number; force?: boolean } = {}): Promise<{ skipped: boolean; trackers: number; syncedAt: Date }> {
    const last = await this.checkpoints.get(TRACKERS_CHECKPOINT);
    if (!options.force && last && this.clock.now() - last.position.getTime() < (options.minIntervalMs ?? 0)) {
      return { skipped: true, trackers: 0, syncedAt: last.position };
    }
    const startedAt = new Date(this.clock.now());
    const trackers = (await this.gong.withPriority('sync').listKeywordTrackers()).map(toKeywordTrackerRecord);
    await this.repo.replaceAll(trackers);
    await this.checkpoints.set(TRACKERS_CHECKPOINT, startedAt, { trackers: trackers.length });
    return { skipped: false, trackers: trackers.length, syncedAt: startedAt };
  }
}
