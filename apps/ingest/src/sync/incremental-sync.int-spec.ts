import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CallReadRepository, CallWriteRepository, DirectoryRepository, SyncCheckpointRepository } from '@gong-connector/persistence';
import { PrivateNatsServer, LogCapture, testDatabase, waitFor, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { CallFetchedListener, startIngest, type IngestUnderTest } from '../../test/ingest.harness.js';
import { CallEventOutbox } from '../calls/call-event.outbox.js';
import { IncrementalSyncService } from './incremental-sync.service.js';

describe('incremental sync', () => {
  const logs = new LogCapture();
  let natsServer: PrivateNatsServer;
  let sim: GongSim;
  let db: TestDatabase;
  let ingest: IngestUnderTest;
  let listener: CallFetchedListener;
  let sync: IncrementalSyncService;

  beforeAll(async () => {
    natsServer = await PrivateNatsServer.start();
    [sim, db, listener] = await Promise.all([
      // History ending two days ago: no seeded call is still in progress (its transcript not ready) at sync time.
      startGongSim({ port: 0, seed: 'ingest-sync', users: 24, accounts: 15, calls: 160, days: 6, anchorDate: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10), transcriptDelayMs: 0, pageSize: 30 }),
      testDatabase(),
      CallFetchedListener.start(natsServer.url),
    ]);
    ingest = await startIngest({
      sim,
      db,
      natsUrl: natsServer.url,
      logs,
      env: { INGEST_SCHEDULER_ENABLED: 'false', INGEST_SYNC_INITIAL_MS: String(10 * 86_400_000), INGEST_SYNC_LOOKBACK_MS: String(86_400_000) },
    });
    sync = ingest.get(IncrementalSyncService);
  });

  afterAll(async () => {
    await ingest?.close();
    await listener?.close();
    await sim?.close();
    await db?.close();
    await natsServer?.stop();
  });

  it('syncs users and workspaces, then every workspace’s calls at once with transcripts in batches, and moves the checkpoint', async () => {
    sim.resetStats();
    // Cursors expire at once: each refused cursor restarts the window at the newest stored call.
    sim.setFaults({ cursorTtlMs: 1 });
    const results = await sync.runOnce();
    sim.clearFaults();
    const truth = sim.groundTruth();
    expect(truth.workspaces.length).toBeGreaterThan(1);
    expect(results.map((r) => r.workspaceId)).toEqual([null]); // one listing for every workspace
    const users = await ingest.get(DirectoryRepository).listUsers();
    expect(users.map((u) => u.id).sort()).toEqual(truth.users.filter((u) => !u.isAvatar).map((u) => u.id).sort());
    const expected = sim.company.data.calls.map((c) => c.id);
    const rows: { id: string }[] = await db.database.query(`SELECT id FROM "${db.schema}".calls ORDER BY id`);
    expect(rows.map((r) => r.id)).toEqual([...expected].sort());
    await expect(ingest.get(CallReadRepository).count()).resolves.toEqual({ calls: expected.length, transcripts: expected.length });
    expect(results.every((r) => r.pages > 1)).toBe(true);
    expect(logs.text).toContain('Gong refused the cursor (expired); restarting the window');
    for (const r of results) {
      const checkpoint = await ingest.get(SyncCheckpointRepository).get('ingest.calls:all');
      expect(checkpoint?.position.toISOString()).toBe(r.to);
    }
    const stats = sim.stats();
    // One transcript request per page of calls, never one per call.
    const transcriptRequests = stats.byEndpoint['POST /v2/calls/transcript']?.['200'] ?? 0;
    expect(transcriptRequests).toBeLessThanOrEqual(results.reduce((n, r) => n + r.pages, 0));
    await waitFor(() => listener.arrivals.size >= expected.length || undefined, 'every call announced');
    expect(listener.events).toHaveLength(expected.length);
    expect(listener.events.every((e) => e.source === 'sync' && e.hasTranscript)).toBe(true);
    expect(new Set(listener.lanes)).toEqual(new Set(['bulk']));
  });

  it('a second run re-reads the lookback window, changes nothing and fetches no transcript again', async () => {
    sim.resetStats();
    const before = listener.events.length;
    const results = await sync.runOnce();
    expect(results.every((r) => r.written === 0 && r.transcripts === 0)).toBe(true);
    expect(sim.stats().byEndpoint['POST /v2/calls/transcript']).toBeUndefined();
    // one listing of the lookback window for the whole company (200, or Gong's 404 for an empty
    // window), not one per workspace
    const listings = Object.values(sim.stats().byEndpoint['POST /v2/calls/extensive'] ?? {}).reduce((a, b) => a + b, 0);
    expect([listings, results.length]).toEqual([Math.max(1, results[0]!.pages), 1]);
    expect(listener.events.length).toBe(before);
  });

  it('stores a new call at once, announces it without a transcript, and adds the transcript on a later run', async () => {
    const { call } = sim.completeCall();
    call.transcriptReadyAt = Number.MAX_SAFE_INTEGER; // Gong has not transcribed it yet
    await sync.runOnce();
    await expect(ingest.get(CallReadRepository).getCall(call.id)).resolves.toMatchObject({ id: call.id, title: call.title });
    await expect(waitFor(() => listener.of(call.id)[0], 'first event')).resolves.toMatchObject({ source: 'sync', hasTranscript: false });

    call.transcriptReadyAt = 0;
    sim.resetStats();
    const results = await sync.runOnce();
    expect(results.reduce((n, r) => n + r.transcripts, 0)).toBe(1);
    expect(sim.stats().byEndpoint['POST /v2/calls/transcript']?.['200']).toBe(1);
    await expect(waitFor(() => listener.of(call.id)[1], 'second event')).resolves.toMatchObject({ source: 'sync', hasTranscript: true });
  });

  it('announces, in its sweep, calls stored without their event (a crash between commit and publish)', async () => {
    const template = (await ingest.get(CallReadRepository).getCall(sim.company.data.calls[0]!.id))!;
    const orphan = { ...template, id: '1234567890123456789', title: 'Stored by a process that died before publishing' };
    await ingest.get(CallWriteRepository).upsertCalls([orphan], 'backfill');
    await ingest.get(CallWriteRepository).upsertTranscripts([{ callId: orphan.id, fetchedAt: new Date().toISOString(), monologues: [{ speakerId: '1', topic: null, sentences: [{ start: 0, end: 900, text: 'Hello.' }] }] }]);
    await expect(ingest.get(CallEventOutbox).sweep()).resolves.toBeGreaterThanOrEqual(1);
    await expect(waitFor(() => listener.of(orphan.id)[0], 'the swept event')).resolves.toMatchObject({ source: 'backfill', hasTranscript: true });
    await expect(ingest.get(CallEventOutbox).sweep()).resolves.toBe(0);
  });

  it('exports the sync lag (of the one listing of every workspace)', async () => {
    const text = await (await fetch(`${ingest.url}/metrics`)).text();
    expect(text).toMatch(/ingest_sync_lag_seconds\{workspace="all",service="ingest"\} \d/);
  });

  it('starts after an upgrade from per-workspace checkpoints at the oldest of them (no gap)', async () => {
    const checkpoints = ingest.get(SyncCheckpointRepository);
    const workspaces = sim.groundTruth({ includeCalls: false }).workspaces;
    const oldest = new Date(Date.now() - 3 * 86_400_000);
    await db.database.query(`DELETE FROM "${db.schema}".sync_checkpoints WHERE name = 'ingest.calls:all'`);
    await checkpoints.set(`ingest.calls:${workspaces[0]!.id}`, oldest, {});
    await checkpoints.set(`ingest.calls:${workspaces[1]!.id}`, new Date(oldest.getTime() + 86_400_000), {});
    const [result] = await sync.runOnce();
    expect(result!.from).toBe(new Date(oldest.getTime() - 86_400_000).toISOString()); // the oldest, less the lookback
  });
});
