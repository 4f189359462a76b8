// The new-call pipeline's behaviour: every webhook's call is stored, with its transcript, and
// announced once on the post-call lane; a burst shares its Gong requests; a call whose transcript
// comes later is stored at once and announced when the transcript is in. Each step waits on its
// outcome. How fast is a benchmark's question: `npm run bench:ingest` (webhook → stored/event p95,
// burst, delayed transcripts, during a backfill).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CallReadRepository } from '@gong-connector/persistence';
import { PrivateNatsServer, testDatabase, waitFor, within, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { CallFetchedListener, startIngest, type IngestUnderTest } from '../../test/ingest.harness.js';

describe('new-call pipeline (gong-sim at 3 requests/s)', () => {
  let natsServer: PrivateNatsServer;
  let sim: GongSim;
  let db: TestDatabase;
  let ingest: IngestUnderTest;
  let listener: CallFetchedListener;

  beforeAll(async () => {
    natsServer = await PrivateNatsServer.start();
    [sim, db, listener] = await Promise.all([
      startGongSim({ port: 0, seed: 'ingest-latency', users: 30, accounts: 30, calls: 60, days: 10, transcriptDelayMs: 0 }),
      testDatabase(),
      CallFetchedListener.start(natsServer.url),
    ]);
    ingest = await startIngest({ sim, db, natsUrl: natsServer.url, env: { INGEST_SCHEDULER_ENABLED: 'false', INGEST_TRANSCRIPT_RETRY_MS: '500' } });
    sim.addWebhook(ingest.publicWebhookUrl);
  });

  afterAll(async () => {
    await ingest?.close();
    await listener?.close();
    await sim?.close();
    await db?.close();
    await natsServer?.stop();
  });

  /** When the replica first stored the call (undefined: not stored). */
  async function firstStoredAt(callId: string): Promise<number | undefined> {
    const rows: { at: Date }[] = await db.database.query(`SELECT first_stored_at AS at FROM "${db.schema}".calls WHERE id = $1`, [callId]);
    return rows[0] ? new Date(rows[0].at).getTime() : undefined;
  }

  /** The call's "call ready" event: from its webhook, with its transcript, on the post-call lane, once. */
  async function announcedWithTranscript(callId: string): Promise<void> {
    const event = await within(listener.next((e) => e.callId === callId), 60_000, `event of ${callId}`);
    expect(event).toMatchObject({ callId, source: 'webhook', hasTranscript: true });
    expect(listener.lanesOf(callId)).toEqual(['post-call']); // someone is waiting: not behind bulk work
    await expect(firstStoredAt(callId)).resolves.toEqual(expect.any(Number));
    const transcript = await ingest.get(CallReadRepository).getTranscript(callId);
    expect(transcript?.monologues.length).toBeGreaterThan(0);
  }

  it('stores each new call of a busy hour with its transcript and announces it once, on the post-call lane', async () => {
    // One after another: each call's webhook goes out once the previous call is announced.
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { call } = sim.completeCall();
      ids.push(call.id);
      await announcedWithTranscript(call.id);
    }
    expect(new Set(ids).size).toBe(10);
    expect(listener.events.filter((e) => ids.includes(e.callId))).toHaveLength(10);
  });

  it('handles a burst (meetings ending together) in shared Gong requests', async () => {
    sim.resetStats();
    const calls = Array.from({ length: 8 }, () => sim.completeCall().call);
    await Promise.all(calls.map((call) => announcedWithTranscript(call.id)));
    // One extensive and one transcript request per batch, not per call: the calls arriving while a
    // batch is in flight go out together in the next. (A 429, when this machine is so busy that
    // requests reach Gong bunched, is retried in batches too; only answered requests count here.)
    const answered = (endpoint: string) => sim.stats().byEndpoint[endpoint]?.['200'] ?? 0;
    expect(answered('POST /v2/calls/transcript')).toBeGreaterThanOrEqual(1);
    expect(answered('POST /v2/calls/transcript')).toBeLessThanOrEqual(calls.length / 2);
    expect(answered('POST /v2/calls/extensive')).toBeLessThanOrEqual(calls.length / 2);
  });

  it('stores the call at once when its transcript is not ready, and announces it once the transcript is in', async () => {
    const calls = Array.from({ length: 3 }, () => {
      const { call } = sim.completeCall();
      call.transcriptReadyAt = Date.now() + 3_600_000; // Gong has not finished the transcript
      return call;
    });
    const repo = ingest.get(CallReadRepository);
    // Stored without waiting for the transcript: the row is there, the transcript is not, nothing announced yet.
    const stored = await Promise.all(calls.map((call) => waitFor(() => firstStoredAt(call.id), `call ${call.id} stored`, { timeoutMs: 60_000, intervalMs: 50 })));
    // And ingest keeps asking Gong for the transcript meanwhile.
    const transcriptRequests = () => Object.values(sim.stats().byEndpoint['POST /v2/calls/transcript'] ?? {}).reduce((sum, n) => sum + n, 0);
    const askedBefore = transcriptRequests();
    await waitFor(() => transcriptRequests() > askedBefore, 'another transcript attempt', { timeoutMs: 60_000, intervalMs: 50 });
    for (const call of calls) {
      await expect(repo.getTranscript(call.id)).resolves.toBeFalsy();
      expect(listener.of(call.id)).toEqual([]);
    }
    // Gong finishes the transcripts.
    const readyAt = Date.now();
    for (const call of calls) call.transcriptReadyAt = readyAt;
    await Promise.all(calls.map((call) => announcedWithTranscript(call.id)));
    for (const [i, call] of calls.entries()) {
      expect(stored[i]).toBeLessThan(readyAt);
      const transcript = await repo.getTranscript(call.id);
      expect(Date.parse(transcript!.fetchedAt)).toBeGreaterThanOrEqual(readyAt);
      await expect(firstStoredAt(call.id)).resolves.toBe(stored[i]); // stored once, not again
    }
  });
});
