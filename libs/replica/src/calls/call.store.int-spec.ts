import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GongClient, LocalPacer, type CallData, type CallTranscript } from '@gong-connector/gong-client';
import { CallOutboxRepository, CallReadRepository, CallWriteRepository, contentHash, SyncCheckpointRepository, PersonErasureRepository } from '@gong-connector/persistence';
import { createLogger } from '@gong-connector/platform';
import { FakeClock, LogCapture, testDatabase, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { CallStore } from './call.store.js';

/** CallStore against PostgreSQL and gong-sim: one selector, one mapping, one transaction. */
describe('CallStore', () => {
  let sim: GongSim;
  let db: TestDatabase;
  let gong: GongClient;
  let store: CallStore;
  let reads: CallReadRepository;
  let outbox: CallOutboxRepository;
  let calls: CallData[];
  let transcripts: CallTranscript[];
  const log = new LogCapture();
  const clock = new FakeClock();

  const versions = async (ids: readonly string[]): Promise<Map<string, number>> => {
    const rows: { id: string; event_version: number }[] = await db.database.query('SELECT id, event_version FROM calls WHERE id = ANY($1::text[])', [ids]);
    return new Map(rows.map((r) => [r.id, r.event_version]));
  };

  beforeAll(async () => {
    [sim, db] = await Promise.all([
      startGongSim({ port: 0, seed: 'call-store-int', users: 12, accounts: 4, calls: 12, days: 10, workspaces: 1, transcriptDelayMs: 0 }),
      testDatabase(),
    ]);
    // This spec is about storing, not pacing: Gong's 3 requests/s would only make it depend on how
    // punctually a busy machine sends (the pacing is the quota's and the client's own specs' topic).
    sim.setLimits({ ratePerSecond: 1_000 });
    gong = new GongClient({ baseUrl: sim.baseUrl, auth: { kind: 'basic', ...sim.credentials }, permits: new LocalPacer({ requestsPerSecond: 50, windowMs: 1_000 }) }).withPriority('sync');
    reads = new CallReadRepository(db.database);
    outbox = new CallOutboxRepository(db.database);
    store = new CallStore({
      database: db.database,
      writes: new CallWriteRepository(db.database),
      reads,
      erasures: new PersonErasureRepository(db.database),
      clock,
      logger: createLogger({ name: 'call-store-int', level: 'warn', destination: log }),
    });
    const ids = sim.groundTruth({ includeCalls: true }).calls!.map((c) => c.id);
    calls = [];
    for await (const page of gong.extensiveForCalls(ids, CallStore.contentSelector)) calls.push(...page.items);
    transcripts = [];
    for await (const page of gong.transcriptsForCalls(ids)) transcripts.push(...page.items);
    expect(calls.length).toBeGreaterThanOrEqual(4);
  }, 60_000);

  afterAll(async () => {
    await db?.close();
    await sim?.close();
  });

  it('stores calls and transcripts in one transaction with the caller’s own writes, or nothing at all', async () => {
    const [a] = calls;
    const checkpoints = new SyncCheckpointRepository(db.database);
    await expect(
      store.store({
        calls: [a!],
        transcripts: transcripts.filter((t) => t.callId === a!.metaData.id),
        source: 'sync',
        alsoInTransaction: async (tx) => {
          await checkpoints.set('call-store-rollback', new Date(clock.now()), {}, tx);
          throw new Error('the caller’s write failed');
        },
      }),
    ).rejects.toThrow('the caller’s write failed');
    await expect(reads.getCall(a!.metaData.id)).resolves.toBeUndefined();
    await expect(checkpoints.get('call-store-rollback')).resolves.toBeUndefined();

    const result = await store.store({
      calls: [a!],
      transcripts: transcripts.filter((t) => t.callId === a!.metaData.id),
      source: 'sync',
      alsoInTransaction: (tx, r) => checkpoints.set('call-store-commit', new Date(clock.now()), { written: r.inserted.length }, tx),
    });
    expect(result).toMatchObject({ inserted: [a!.metaData.id], updated: [], unchanged: [], skipped: [] });
    expect(result.transcriptsChanged).toEqual(result.transcripts.map((t) => t.callId));
    await expect(reads.getCall(a!.metaData.id)).resolves.toMatchObject({ id: a!.metaData.id, title: result.records[0]!.title });
    await expect(db.database.query('SELECT content_hash FROM calls WHERE id = $1', [a!.metaData.id])).resolves.toEqual([{ content_hash: contentHash(result.records[0]!) }]);
    await expect(checkpoints.get('call-store-commit')).resolves.toMatchObject({ state: { written: 1 } });
  });

  it('retries a transaction that lost a deadlock, and stores the calls once', async () => {
    const b = calls[1]!;
    let attempts = 0;
    const result = await store.store({
      calls: [b],
      transcripts: [],
      source: 'backfill',
      alsoInTransaction: async () => {
        attempts += 1;
        if (attempts === 1) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      },
    });
    expect(attempts).toBe(2);
    expect(result.inserted).toEqual([b.metaData.id]);
    await expect(versions([b.metaData.id])).resolves.toEqual(new Map([[b.metaData.id, 1]]));
    expect(log.text).toContain('replica write lost a deadlock; retrying');
  });

  it('leaves out a call that cannot be mapped, and its transcript, and stores the others', async () => {
    const c = calls[2]!;
    const broken: CallData = { ...c, metaData: { ...c.metaData, id: '9100000000000000001', started: undefined, scheduled: undefined } } as CallData;
    const result = await store.store({
      calls: [broken, c],
      transcripts: [{ callId: broken.metaData.id, transcript: transcripts.find((t) => t.transcript.length > 0)!.transcript }],
      source: 'webhook',
    });
    expect(result).toMatchObject({ skipped: [broken.metaData.id], inserted: [c.metaData.id], transcriptsChanged: [] });
    await expect(reads.existingIds([broken.metaData.id, c.metaData.id])).resolves.toEqual(new Set([c.metaData.id]));
  });

  it('fetches with the one content selector, and a call fetched again is unchanged (no new outbox version)', async () => {
    const ids = calls.slice(3).map((c) => c.metaData.id);
    const before = sim.stats().total;
    const first = await store.fetchAndStore(gong, [...ids, '9100000000000000002'], 'live');
    // One extensive page and one transcript batch for the whole set; the unknown id costs nothing more.
    expect(sim.stats().total - before).toBe(2);
    expect(first.inserted.sort()).toEqual([...ids].sort());
    expect(first.records.map((r) => r.id)).not.toContain('9100000000000000002');
    const stored = await versions(ids);
    const pending = await outbox.pendingEvents({ ids });
    expect(pending.map((p) => p.callId).sort()).toEqual([...ids].sort());
    await outbox.markPublished(pending);

    // What sync stores from the same Gong content: nothing changes, nothing is announced again.
    const again = await store.store({ calls: calls.slice(3), transcripts: transcripts.filter((t) => ids.includes(t.callId)), source: 'sync' });
    expect(again.unchanged.sort()).toEqual([...ids].sort());
    expect(again.updated).toEqual([]);
    expect(again.transcriptsChanged.filter((id) => ids.includes(id))).toEqual([]);
    await expect(versions(ids)).resolves.toEqual(stored);
    await expect(outbox.pendingEvents({ ids })).resolves.toEqual([]);
  });

  it('answers an id Gong does not know with no records and no transcript request', async () => {
    const before = sim.stats().byEndpoint['POST /v2/calls/transcript'];
    const result = await store.fetchAndStore(gong, ['9100000000000000003'], 'live');
    expect(result).toMatchObject({ records: [], inserted: [], transcripts: [] });
    expect(sim.stats().byEndpoint['POST /v2/calls/transcript']).toEqual(before);
  });
});
