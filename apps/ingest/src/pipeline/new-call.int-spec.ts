import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CallReadRepository } from '@gong-connector/persistence';
import { testDatabase, within, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { CallFetchedListener, dropStreams, startIngest, testNamespace, type IngestUnderTest } from '../../test/ingest.harness.js';

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1]!;
}

/** Paces the test's new calls without sleeping on the outcome (only the arrival rate of webhooks). */
const gap = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('new-call pipeline latency (gong-sim at 3 requests/s)', () => {
  const namespace = testNamespace();
  let sim: GongSim;
  let db: TestDatabase;
  let ingest: IngestUnderTest;
  let listener: CallFetchedListener;
  const report: Record<string, number> = {};

  beforeAll(async () => {
    [sim, db, listener] = await Promise.all([
      startGongSim({ port: 0, seed: 'ingest-latency', users: 30, accounts: 30, calls: 60, days: 10, transcriptDelayMs: 0 }),
      testDatabase(),
      CallFetchedListener.start(namespace),
    ]);
    ingest = await startIngest({ sim, db, namespace, env: { INGEST_SCHEDULER_ENABLED: 'false', INGEST_TRANSCRIPT_RETRY_MS: '500' } });
    sim.addWebhook(ingest.publicWebhookUrl);
  });

  afterAll(async () => {
    // Reported, not asserted beyond the targets: the figures of this machine at this moment.
    console.log(`new-call pipeline latency (ms): ${JSON.stringify(report)}`);
    await ingest?.close();
    await listener?.close();
    await sim?.close();
    await db?.close();
    await dropStreams(namespace);
  });

  async function storedAt(callId: string): Promise<number> {
    const rows: { at: Date }[] = await db.database.query(`SELECT first_stored_at AS at FROM "${db.schema}".calls WHERE id = $1`, [callId]);
    return new Date(rows[0]!.at).getTime();
  }

  /** Completes `n` calls, one every `everyMs`, and measures webhook sent → call stored and → event published. */
  async function newCalls(n: number, everyMs: number, transcriptAfterMs = 0) {
    const runs: Promise<{ stored: number; event: number; transcriptLag: number }>[] = [];
    for (let i = 0; i < n; i++) {
      const sent = Date.now();
      const { call } = sim.completeCall();
      call.transcriptReadyAt = sent + transcriptAfterMs;
      runs.push(
        (async () => {
          const event = await within(listener.next((e) => e.callId === call.id), 60_000, `event of ${call.id}`);
          expect(event).toMatchObject({ source: 'webhook', hasTranscript: true });
          expect(listener.lanesOf(call.id)[0]).toBe('post-call'); // someone is waiting: not behind bulk work
          const arrived = listener.arrivals.get(call.id)!;
          const transcript = await ingest.get(CallReadRepository).getTranscript(call.id);
          return { stored: (await storedAt(call.id)) - sent, event: arrived - sent, transcriptLag: Date.parse(transcript!.fetchedAt) - call.transcriptReadyAt };
        })(),
      );
      await gap(everyMs);
    }
    return Promise.all(runs);
  }

  it('stores a new call and announces it within 2 s (p95) at a busy hour’s rate (one a second)', async () => {
    const results = await newCalls(20, 1_000);
    report.webhookToStoredP95 = p95(results.map((r) => r.stored));
    report.webhookToEventP95 = p95(results.map((r) => r.event));
    expect(report.webhookToStoredP95).toBeLessThanOrEqual(2_000);
    expect(report.webhookToEventP95).toBeLessThanOrEqual(2_000);
  });

  it('handles a burst (meetings ending together) in shared Gong requests, within 2 s (p95)', async () => {
    sim.resetStats();
    const results = await newCalls(8, 0);
    report.burstWebhookToEventP95 = p95(results.map((r) => r.event));
    report.burstGongRequests = sim.stats().total;
    expect(report.burstWebhookToEventP95).toBeLessThanOrEqual(2_000);
    // One extensive and one transcript request per batch, not per call.
    expect(report.burstGongRequests).toBeLessThanOrEqual(6);
  });

  it('stores the call at once when its transcript comes seconds later, and the transcript within 2 s of being available', async () => {
    const results = await newCalls(8, 1_000, 3_000);
    report.delayedWebhookToStoredP95 = p95(results.map((r) => r.stored));
    report.transcriptAvailableToStoredP95 = p95(results.map((r) => r.transcriptLag));
    expect(report.delayedWebhookToStoredP95).toBeLessThanOrEqual(2_000);
    expect(report.transcriptAvailableToStoredP95).toBeLessThanOrEqual(2_000);
  });
});
