import { describe, expect, it } from '@jest/globals';
import type { LeaseRepository } from '@gong-connector/persistence';
import type { DealBackfill } from '@gong-connector/replica';
import { createLogger } from '@gong-connector/platform';
import { FakeClock } from '@gong-connector/testing';
import type { BackfillRunner } from '../backfill/backfill.runner.js';
import type { CallEventOutbox } from '../calls/call-event.outbox.js';
import type { CoachingSyncService } from '../coaching/coaching-sync.service.js';
import type { IngestConfig } from '../config.js';
import type { RetentionService } from '../retention/retention.service.js';
import type { IncrementalSyncService } from '../sync/incremental-sync.service.js';
import type { CallVerificationSweep } from '../verification/call-verification.sweep.js';
import { IngestScheduler } from './ingest.scheduler.js';

const DAY = 86_400_000;

/** A scheduler whose only scheduled work is the coaching sync (every other interval 0), leading from the start. */
function schedulerWith(runOnce: () => Promise<void>, clock: FakeClock) {
  const config = {
    INGEST_SCHEDULER_ENABLED: false,
    INGEST_SYNC_INTERVAL_MS: 0,
    INGEST_SYNC_IDLE_MAX_INTERVAL_MS: 0,
    INGEST_DIRECTORY_SYNC_INTERVAL_MS: 0,
    INGEST_TRACKER_SYNC_INTERVAL_MS: 0,
    INGEST_VERIFY_CYCLE_MS: 0,
    INGEST_OUTBOX_SWEEP_MS: 0,
    INGEST_COACHING_SYNC_INTERVAL_MS: DAY,
    INGEST_LEASE_TTL_MS: 15_000,
  } as IngestConfig;
  const scheduler = new IngestScheduler(
    { tryAcquire: async () => ({}), release: async () => undefined } as unknown as LeaseRepository,
    { loadCheckpoints: async () => undefined, updateLag: () => undefined } as unknown as IncrementalSyncService,
    { wake: () => undefined, stop: async () => undefined } as unknown as BackfillRunner,
    {} as CallEventOutbox,
    {} as RetentionService,
    {} as CallVerificationSweep,
    { runOnce } as unknown as CoachingSyncService,
    config,
    'instance-1',
    clock,
    createLogger({ name: 't', level: 'silent' }),
    { run: async () => ({ calls: 0 }) } as unknown as DealBackfill,
  );
  // One scheduler tick and the scheduled work it started, as the scheduler's loop runs them.
  const internals = scheduler as unknown as { tick(): Promise<void>; syncing: Promise<void> | undefined };
  return async () => {
    await internals.tick();
    await internals.syncing;
  };
}

describe('IngestScheduler: coaching sync', () => {
  it('tries a failed coaching run again a minute later (at its checkpoints), then waits the whole interval after a success', async () => {
    const clock = new FakeClock();
    const outcomes = ['429', 'ok', 'ok'];
    let runs = 0;
    const tick = schedulerWith(async () => {
      runs += 1;
      if (outcomes[runs - 1] === '429') throw new Error('Gong rate-limited POST /v2/stats/interaction (429, retry after 1 s)');
    }, clock);

    await tick();
    expect(runs).toBe(1);
    clock.advance(59_000);
    await tick();
    expect(runs).toBe(1);
    clock.advance(1_000);
    await tick();
    expect(runs).toBe(2);
    clock.advance(DAY - 1_000);
    await tick();
    expect(runs).toBe(2);
    clock.advance(1_000);
    await tick();
    expect(runs).toBe(3);
  });
});
