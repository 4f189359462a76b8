// Calls Gong no longer has: the verification sweep finds the calls a Gong user deleted (gong-sim's
// DELETE /__sim/calls/{id}) among the replicated ones, at ceil(calls / 100) extensive requests per
// cycle, and purges them from the replica, the search index and stored webhook bodies, records the
// purge with counts only, and announces `ingest.call.purged.v1`. A re-fetch Gong answers without
// the call purges it the same way; an answer that fails purges nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Events, type CallPurgedV1 } from '@gong-connector/contracts';
import { GongClient } from '@gong-connector/gong-client';
import { CallReadRepository, GoneCallRepository, SyncCheckpointRepository } from '@gong-connector/persistence';
import { createLogger, MetricsRegistry, NatsClient } from '@gong-connector/platform';
import { CallReindexer } from '@gong-connector/replica';
import { PostgresSearchIndex } from '@gong-connector/search';
import { FakeClock, PrivateNatsServer, testDatabase, waitFor, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { startIngest, type IngestUnderTest } from '../../test/ingest.harness.js';
import { IncrementalSyncService } from '../sync/incremental-sync.service.js';
import { CallVerificationSweep, VERIFY_BATCH } from './call-verification.sweep.js';
import { GoneCallPurger } from './gone-call.purger.js';

const DAY = 86_400_000;
const CYCLE_MS = 7 * DAY;

describe('calls Gong no longer has', () => {
  let natsServer: PrivateNatsServer;
  let sim: GongSim;
  let db: TestDatabase;
  let ingest: IngestUnderTest;
  let listener: NatsClient;
  const purged: CallPurgedV1[] = [];
  const clock = new FakeClock(Date.UTC(2026, 5, 1));
  let sweep: CallVerificationSweep;
  let index: PostgresSearchIndex;
  let replicated: string[] = [];

  const extensiveRequests = () => Object.values(sim.stats().byEndpoint['POST /v2/calls/extensive'] ?? {}).reduce((sum, n) => sum + n, 0);
  const count = async (sql: string, params: unknown[] = []) => ((await db.database.query(sql.replaceAll('"S".', `"${db.schema}".`), params)) as { n: number }[])[0]!.n;

  beforeAll(async () => {
    natsServer = await PrivateNatsServer.start();
    [sim, db] = await Promise.all([
      // ratePerSecond: headroom over ingest's pacing (3 per 1.1 s) for this process's own jitter between
      // a grant and gong-sim (in-process) seeing the request; this test counts requests, it does not test
      // the rate limit (a 429 here fails the sweep by design, and one came on a busy CI machine).
      startGongSim({ port: 0, seed: 'gone-calls', users: 16, accounts: 12, calls: 130, days: 6, anchorDate: new Date(Date.now() - 2 * DAY).toISOString().slice(0, 10), transcriptDelayMs: 0, ratePerSecond: 6 }),
      testDatabase(),
    ]);
    listener = await NatsClient.connect({ servers: natsServer.url, name: 'gone-calls-listener', logger: createLogger({ name: 't', level: 'silent' }) });
    const sub = listener.nc.subscribe(Events.callPurged.subject);
    void (async () => {
      for await (const m of sub) purged.push(m.json() as CallPurgedV1);
    })();
    await listener.nc.flush();
    ingest = await startIngest({ sim, db, natsUrl: natsServer.url, env: { INGEST_SCHEDULER_ENABLED: 'false', INGEST_SYNC_INITIAL_MS: String(10 * DAY) } });
    await ingest.get(IncrementalSyncService).runOnce();
    const rows: { id: string }[] = await db.database.query(`SELECT id FROM "${db.schema}".calls ORDER BY id`);
    replicated = rows.map((r) => r.id);
    // The search index holds the calls' chunks, as the transcript processor leaves it (those the tests delete, and neighbours).
    index = new PostgresSearchIndex({ database: db.database });
    await new CallReindexer(ingest.get(CallReadRepository), index).reindex([0, 17, 18, 40, 41, 50, VERIFY_BATCH + 3].map((i) => replicated[i]!));
    sweep = new CallVerificationSweep(
      ingest.get(GongClient),
      ingest.get(GoneCallRepository),
      ingest.get(SyncCheckpointRepository),
      ingest.get(GoneCallPurger),
      { INGEST_VERIFY_CYCLE_MS: CYCLE_MS },
      clock,
      createLogger({ name: 'sweep', level: 'silent' }),
    );
  }, 240_000);

  afterAll(async () => {
    await listener?.drain();
    await ingest?.close();
    await sim?.close();
    await db?.close();
    await natsServer?.stop();
  });

  it('replicated the whole company first', () => {
    expect(replicated).toHaveLength(sim.company.data.calls.length);
    expect(replicated.length).toBeGreaterThan(VERIFY_BATCH);
  });

  it('the sweep checks every call once per cycle in batches of 100 spread over it, and purges the calls deleted in Gong from the replica and every index', async () => {
    const [a, b] = [replicated[17]!, replicated[VERIFY_BATCH + 3]!];
    await db.database.query(
      `INSERT INTO "${db.schema}".outbound_webhook_subscriptions (id, url, events, secret, principal_kind, principal_user) VALUES ('s1', 'https://hooks.example.com/x', '{call.indexed}', 'whsec_x', 'user', 'a@b.example')`,
    );
    await db.database.query(
      `INSERT INTO "${db.schema}".outbound_webhook_deliveries (id, subscription_id, event, event_key, payload, status, give_up_at) VALUES
         ('d-a', 's1', 'call.indexed', $1, '{"data":{"title":"gone"}}', 'delivered', now()), ('d-keep', 's1', 'call.indexed', $2, '{}', 'delivered', now())`,
      [`${a}@2026-06-01T00:00:00.000Z`, `${replicated[0]}@2026-06-01T00:00:00.000Z`],
    );
    const chunksOfA = await count('SELECT count(*)::int AS n FROM "S".search_chunks WHERE call_id = $1', [a]);
    expect(chunksOfA).toBeGreaterThan(0);
    expect(sim.deleteCall(a)).toBe(true);
    expect(sim.deleteCall(b)).toBe(true);
    sim.resetStats();

    // One cycle: ceil(calls / 100) batches, each due a cycle's share after the previous one.
    const batches = Math.ceil(replicated.length / VERIFY_BATCH);
    const gone: string[] = [];
    let checked = 0;
    for (let i = 0; i < batches; i++) {
      const result = await sweep.runIfDue();
      expect(result).toBeDefined();
      checked += result!.checked;
      gone.push(...result!.gone);
      await expect(sweep.runIfDue()).resolves.toBeUndefined(); // not due again before its share of the cycle
      clock.advance(CallVerificationSweep.gapMs(CYCLE_MS, replicated.length));
    }
    expect(checked).toBe(replicated.length);
    expect(gone.sort()).toEqual([a, b].sort());
    // Gong's cost: one extensive request per 100 calls per cycle, and nothing else.
    expect(extensiveRequests()).toBe(batches);
    expect(sim.stats().total).toBe(batches);

    // Gone from the replica and every index; every other call kept.
    for (const id of [a, b]) {
      for (const table of ['calls', 'call_parties', 'call_transcripts', 'search_chunks']) {
        await expect(count(`SELECT count(*)::int AS n FROM "S".${table} WHERE ${table === 'calls' ? 'id' : 'call_id'} = $1`, [id])).resolves.toBe(0);
      }
    }
    await expect(count('SELECT count(*)::int AS n FROM "S".calls')).resolves.toBe(replicated.length - 2);
    await expect(count(`SELECT count(*)::int AS n FROM "S".outbound_webhook_deliveries WHERE id = 'd-a'`)).resolves.toBe(0);
    await expect(count(`SELECT count(*)::int AS n FROM "S".outbound_webhook_deliveries WHERE id = 'd-keep'`)).resolves.toBe(1);

    // Recorded with counts only, announced for subscribers that keep copies.
    const records = await ingest.get(GoneCallRepository).records();
    expect(records.every((r) => r.detectedBy === 'sweep')).toBe(true);
    expect(records.reduce((n, r) => n + r.calls, 0)).toBe(2);
    expect(records.reduce((n, r) => n + r.transcripts, 0)).toBe(2);
    expect(records.reduce((n, r) => n + r.chunks, 0)).toBeGreaterThanOrEqual(chunksOfA);
    expect(records.reduce((n, r) => n + r.deliveries, 0)).toBe(1);
    expect(JSON.stringify(records)).not.toContain(a);
    await waitFor(() => purged.length >= 2 || undefined, 'call.purged events', { timeoutMs: 10_000 });
    expect(purged.map((e) => e.callId).sort()).toEqual([a, b].sort());
    expect(purged.every((e) => e.reason === 'gone-from-gong')).toBe(true);
    const metrics = (await ingest.get(MetricsRegistry).render()).body;
    expect(metrics).toMatch(/^ingest_gone_calls_purged_total\{[^}]*detected_by="sweep"[^}]*\} 2$/m);

    // The next cycle starts again from the first call.
    const next = await sweep.runIfDue();
    expect(next?.checked).toBe(VERIFY_BATCH);
    expect(next?.gone).toEqual([]);
  });

  it('a re-fetch that Gong answers without the call purges it the same way', async () => {
    const [c, d] = [replicated[40]!, replicated[41]!];
    sim.deleteCall(c);
    sim.resetStats();
    await expect(sweep.verify([c, d])).resolves.toEqual({ checked: 2, gone: [c] });
    expect(extensiveRequests()).toBe(1);
    await expect(count('SELECT count(*)::int AS n FROM "S".calls WHERE id = ANY($1)', [[c, d]])).resolves.toBe(1);
    await expect(count('SELECT count(*)::int AS n FROM "S".search_chunks WHERE call_id = $1', [c])).resolves.toBe(0);
    const [latest] = await ingest.get(GoneCallRepository).records(1);
    expect(latest).toMatchObject({ detectedBy: 'refetch', calls: 1, transcripts: 1 });
  });

  it('purges nothing when Gong’s answer fails', async () => {
    const e = replicated[50]!;
    sim.deleteCall(e);
    sim.setFaults({ errors: [{ status: 500, paths: ['/v2/calls/extensive'] }] });
    try {
      await expect(sweep.verify([e, replicated[51]!])).rejects.toThrow();
    } finally {
      sim.clearFaults();
    }
    await expect(count('SELECT count(*)::int AS n FROM "S".calls WHERE id = $1', [e])).resolves.toBe(1);
  });
});
