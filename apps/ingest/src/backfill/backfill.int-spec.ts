import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BackfillJobV1 } from '@gong-connector/contracts';
import { ExtensiveCallsResponseSchema, parseGongJson } from '@gong-connector/gong-client';
import { BackfillJobRepository, CallReadRepository, contentHash, type CallRecord, type MonologueRecord } from '@gong-connector/persistence';
import { CallRecordMapper } from '@gong-connector/replica';
import { PrivateNatsServer, testDatabase, waitFor, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { Writable } from 'node:stream';
import { CallFetchedListener, startIngest, type IngestUnderTest, type RecordedExchange } from '../../test/ingest.harness.js';
import { BackfillCli } from '../cli/backfill.cli.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const CALLS = 2_000;

/** A call without its derived accounts; topics and trackers sorted (PostgreSQL returns them sorted, Gong's order is not data). */
function comparable(record: CallRecord): string {
  return contentHash({
    ...record,
    accounts: [],
    topics: [...record.topics].sort((a, b) => (a.name < b.name ? -1 : 1)),
    trackers: [...record.trackers].sort((a, b) => (a.trackerId < b.trackerId ? -1 : 1)),
  });
}

/** Sentence by sentence (jsonb reorders keys, so no string comparison); the first difference, if any. */
function firstDifference(stored: MonologueRecord[], sent: { speakerId: string; topic?: string; sentences: { start: number; end: number; text: string }[] }[]): string | null {
  if (stored.length !== sent.length) return `monologues ${stored.length} != ${sent.length}`;
  for (let i = 0; i < sent.length; i++) {
    const a = stored[i]!;
    const b = sent[i]!;
    if (a.speakerId !== b.speakerId || a.topic !== (b.topic ?? null) || a.sentences.length !== b.sentences.length) return `monologue ${i}`;
    for (let j = 0; j < b.sentences.length; j++) {
      const x = a.sentences[j]!;
      const y = b.sentences[j]!;
      if (x.start !== y.start || x.end !== y.end || x.text !== y.text) return `monologue ${i} sentence ${j}`;
    }
  }
  return null;
}

describe('backfill (admin API, CLI) against gong-sim', () => {
  let sim: GongSim;
  let range: { from: string; to: string };
  let inRange: GongSim['company']['data']['calls'];

  beforeAll(async () => {
    sim = await startGongSim({ port: 0, seed: 'ingest-backfill', users: 40, accounts: 60, calls: CALLS, days: 60, anchorDate: '2026-03-01' });
    // Every seeded call (a few of the history's last calls end after the anchor date).
    const starts = sim.company.data.calls.map((c) => c.started);
    range = { from: new Date(Math.min(...starts)).toISOString(), to: new Date(Math.max(...starts) + 1000).toISOString() };
    inRange = [...sim.company.data.calls];
  });

  afterAll(async () => {
    await sim?.close();
  });

  async function admin(ingest: IngestUnderTest, method: string, path: string, body?: unknown): Promise<BackfillJobV1> {
    const res = await fetch(`${ingest.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(res.status).toBeLessThan(300);
    return (await res.json()) as BackfillJobV1;
  }

  describe('a full backfill', () => {
    let natsServer: PrivateNatsServer;
    let db: TestDatabase;
    let ingest: IngestUnderTest;
    let listener: CallFetchedListener;
    let job: BackfillJobV1;
    const answers: RecordedExchange[] = [];

    beforeAll(async () => {
      natsServer = await PrivateNatsServer.start();
      [db, listener] = await Promise.all([testDatabase(), CallFetchedListener.start(natsServer.url)]);
      ingest = await startIngest({ sim, db, natsUrl: natsServer.url, env: { INGEST_ADMIN_TOKEN: ADMIN_TOKEN }, record: answers });
      sim.resetStats();
      job = await admin(ingest, 'POST', '/admin/backfills', range);
      let last = job;
      job = await waitFor(
        async () => {
          last = await admin(ingest, 'GET', `/admin/backfills/${job.id}`);
          return last.status === 'running' || last.status === 'queued' ? undefined : last;
        },
        () => `the backfill to finish (last seen: ${last.status}, ${last.callsStored} of ${CALLS} calls stored, ${last.requestsSpent} Gong requests)`,
        { timeoutMs: 240_000, intervalMs: 500 },
      );
    }, 300_000);

    afterAll(async () => {
      await ingest?.close();
      await listener?.close();
      await db?.close();
      await natsServer?.stop();
    });

    it(`stores all ${CALLS} calls at no more than 21 Gong requests per 1,000 calls`, async () => {
      expect(inRange).toHaveLength(CALLS);
      expect(job).toMatchObject({ status: 'completed', callsStored: CALLS, callsTotal: CALLS, transcriptsStored: CALLS, progress: 1 });
      const stats = sim.stats();
      const perThousand = (stats.total / CALLS) * 1000;
      expect(perThousand).toBeLessThanOrEqual(21);
      expect(stats.byEndpoint['POST /v2/calls/extensive']?.['200']).toBe(CALLS / 100);
      expect(stats.byEndpoint['POST /v2/calls/transcript']?.['200']).toBe(CALLS / 100);
      expect(job.requestsSpent).toBe(stats.total);
      await expect(ingest.get(CallReadRepository).count()).resolves.toEqual({ calls: CALLS, transcripts: CALLS });
      const metrics = await (await fetch(`${ingest.url}/metrics`)).text();
      expect(metrics).toContain(`ingest_backfill_progress_ratio{job="${job.id}",service="ingest"} 1`);
      expect(metrics).toContain(`ingest_backfill_calls_done{job="${job.id}",service="ingest"} ${CALLS}`);
      expect(metrics).toMatch(new RegExp(`ingest_calls_stored_total\\{source="backfill",service="ingest"\\} ${CALLS}`));
    });

    it('stores every call, party and CRM object as the simulator has them, accounts derived from CRM and email domains', async () => {
      const repo = ingest.get(CallReadRepository);
      const stored = new Map<string, CallRecord>();
      for (let i = 0; i < inRange.length; i += 500) {
        for (const c of await repo.getCalls(inRange.slice(i, i + 500).map((c) => c.id))) stored.set(c.id, c);
      }
      expect(stored.size).toBe(CALLS);
      for (const call of inRange) {
        const s = stored.get(call.id)!;
        expect({ id: s.id, started: Date.parse(s.started), workspaceId: s.workspaceId, primaryUserId: s.primaryUserId, isPrivate: s.isPrivate, title: s.title, durationS: s.durationS }).toEqual({
          id: call.id,
          started: Math.floor(call.started / 1000) * 1000,
          workspaceId: call.workspaceId,
          primaryUserId: call.primaryUserId,
          isPrivate: call.isPrivate,
          title: call.title,
          durationS: call.duration,
        });
        expect(s.parties.map((p) => [p.partyId, p.email ?? undefined, p.name ?? undefined, p.title ?? undefined, p.userId ?? undefined, p.speakerId ?? undefined, p.affiliation, p.methods])).toEqual(
          call.parties.map((p) => [p.id, p.emailAddress, p.name, p.title, p.userId, p.speakerId, p.affiliation, p.methods]),
        );
        const accountObjects = s.context.filter((o) => o.objectType === 'Account');
        const opportunityObjects = s.context.filter((o) => o.objectType === 'Opportunity');
        if (call.hasCrmContext && call.accountCrmId) {
          const account = sim.company.account(call.accountCrmId)!;
          expect(accountObjects.map((o) => [o.objectId, o.timing, o.name])).toEqual([
            [account.crmId, 'Now', account.name],
            [account.crmId, 'TimeOfCall', account.name],
          ]);
          expect(opportunityObjects.map((o) => o.objectId)).toEqual(call.opportunityCrmId ? [call.opportunityCrmId, call.opportunityCrmId] : []);
          expect(s.accounts).toContainEqual({
            source: 'crm',
            account: expect.objectContaining({ id: `crm:Salesforce:${account.crmId}`, name: account.name, domain: account.domain, crmObjectId: account.crmId }),
          });
        } else {
          expect(s.context).toEqual([]);
        }
        // Participants from a customer's domain link the call to an account even without CRM context.
        const customerDomains = new Set(
          call.parties
            .filter((p) => p.affiliation === 'External' && p.emailAddress)
            .map((p) => p.emailAddress!.split('@')[1]!.toLowerCase())
            .filter((d) => sim.company.data.accounts.some((a) => a.domain === d)),
        );
        for (const domain of customerDomains) expect([call.id, domain, s.accounts.some((a) => a.account.domain === domain)]).toEqual([call.id, domain, true]);
      }
    });

    it('stores every transcript sentence as the API sent it, and whole calls exactly as the API answered them', async () => {
      const ok = answers.filter((a) => a.status === 200);
      // Raw JSON (5 MB a page; ids are quoted strings): exactly what was sent, without our schemas in between.
      type SentTranscript = { callId: string; transcript: { speakerId: string; topic?: string; sentences: { start: number; end: number; text: string }[] }[] };
      const transcripts = ok.filter((a) => a.path === '/v2/calls/transcript').flatMap((a) => (JSON.parse(a.text) as { callTranscripts: SentTranscript[] }).callTranscripts);
      expect(new Set(transcripts.map((t) => t.callId))).toEqual(new Set(inRange.map((c) => c.id)));
      const sent = new Map(transcripts.map((t) => [t.callId, t]));
      for (let i = 0; i < inRange.length; i += 500) {
        const rows: { call_id: string; monologues: MonologueRecord[]; sentence_count: number }[] = await db.database.query(
          `SELECT call_id, monologues, sentence_count FROM "${db.schema}".call_transcripts WHERE call_id = ANY($1::text[])`,
          [inRange.slice(i, i + 500).map((c) => c.id)],
        );
        const differing = rows.map((r) => [r.call_id, firstDifference(r.monologues, sent.get(r.call_id)!.transcript)] as const).filter(([, d]) => d !== null);
        expect(differing).toEqual([]);
        for (const r of rows) expect(r.sentence_count).toBe(sent.get(r.call_id)!.transcript.reduce((n, m) => n + m.sentences.length, 0));
      }
      // Whole records (AI content, interaction stats and tracker occurrences included) for a quarter of the pages.
      const pages = ok.filter((a) => a.path === '/v2/calls/extensive');
      expect(pages).toHaveLength(CALLS / 100);
      const repo = ingest.get(CallReadRepository);
      for (const page of [pages[0]!, pages[7]!, pages[13]!, pages[pages.length - 1]!]) {
        const calls = ExtensiveCallsResponseSchema.parse(parseGongJson(page.text)).calls;
        const stored = await repo.getCalls(calls.map((c) => c.metaData.id));
        expect(stored).toHaveLength(calls.length);
        const mismatches = stored.filter((r, k) => comparable(r) !== comparable(CallRecordMapper.toCallRecord(calls[k]!))).map((r) => r.id);
        expect(mismatches).toEqual([]);
      }
    });

    it('announces every call once on ingest.call.fetched.v1 (source backfill, with its transcript)', async () => {
      await waitFor(() => listener.arrivals.size >= CALLS || undefined, 'every call announced', { timeoutMs: 20_000 });
      expect(listener.events).toHaveLength(CALLS);
      expect(new Set(listener.events.map((e) => e.callId)).size).toBe(CALLS);
      expect(listener.events.every((e) => e.source === 'backfill' && e.hasTranscript)).toBe(true);
      expect(new Set(listener.lanes)).toEqual(new Set(['bulk'])); // history never takes the post-call lane
    });
  });

  describe('a backfill interrupted by a shutdown', () => {
    let natsServer: PrivateNatsServer;
    let db: TestDatabase;
    let listener: CallFetchedListener;
    const firstDays = () => ({ from: range.from, to: new Date(Date.parse(range.from) + 13 * 86_400_000).toISOString() });

    beforeAll(async () => {
      natsServer = await PrivateNatsServer.start();
      [db, listener] = await Promise.all([testDatabase(), CallFetchedListener.start(natsServer.url)]);
    });

    afterAll(async () => {
      await listener?.close();
      await db?.close();
      await natsServer?.stop();
    });

    it('resumes where it stopped after a restart and finishes with no gaps and no duplicates', async () => {
      const window = firstDays();
      const expected = inRange.filter((c) => c.started < Date.parse(window.to)).map((c) => c.id);
      expect(expected.length).toBeGreaterThan(300);
      const first = await startIngest({ sim, db, natsUrl: natsServer.url, env: { INGEST_ADMIN_TOKEN: ADMIN_TOKEN } });
      const started = await admin(first, 'POST', '/admin/backfills', window);
      await waitFor(async () => (await first.get(BackfillJobRepository).get(started.id))!.callsStored >= 200 || undefined, 'two pages stored', {
        timeoutMs: 60_000,
      });
      await first.close();
      const paused = (await new BackfillJobRepository(db.database).get(started.id))!;
      expect(paused.status).toBe('running');
      expect(paused.callsStored).toBeGreaterThanOrEqual(200);
      expect(paused.callsStored).toBeLessThan(expected.length);
      expect(paused.cursor).not.toBeNull();

      const second = await startIngest({ sim, db, natsUrl: natsServer.url, env: { INGEST_ADMIN_TOKEN: ADMIN_TOKEN } });
      try {
        const done = await waitFor(
          async () => {
            const j = await admin(second, 'GET', `/admin/backfills/${started.id}`);
            return j.status === 'running' ? undefined : j;
          },
          'the resumed backfill to finish',
          { timeoutMs: 120_000, intervalMs: 250 },
        );
        expect(done).toMatchObject({ status: 'completed', callsStored: expected.length, transcriptsStored: expected.length });
        // Resuming repeated nothing: one extensive page and one transcript batch per 100 calls.
        expect(done.requestsSpent).toBe(2 * Math.ceil(expected.length / 100));
        const rows: { id: string }[] = await db.database.query(`SELECT id FROM "${db.schema}".calls ORDER BY id`);
        expect(rows.map((r) => r.id)).toEqual([...expected].sort());
        await expect(second.get(CallReadRepository).count()).resolves.toEqual({ calls: expected.length, transcripts: expected.length });
        await waitFor(() => listener.arrivals.size >= expected.length || undefined, 'every call announced', { timeoutMs: 20_000 });
        expect(listener.events).toHaveLength(expected.length);
      } finally {
        await second.close();
      }
      // Bounded by its waits (60 + 120 + 20 s), each of which names what it waited for; the file's
      // 60 s default cut this test off first on a busy machine.
    }, 240_000);

    it('runs from the CLI with a progress bar, and cancels', async () => {
      const ingest = await startIngest({ sim, db, natsUrl: natsServer.url, env: { INGEST_ADMIN_TOKEN: ADMIN_TOKEN } });
      try {
        let out = '';
        let err = '';
        const sink = (write: (s: string) => void) => new Writable({ write: (chunk: Buffer, _e, done) => (write(chunk.toString()), done()) });
        const cli = new BackfillCli({ out: sink((s) => (out += s)), err: sink((s) => (err += s)) });
        const from = new Date(Date.parse(range.to) - 2 * 86_400_000).toISOString();
        const code = await cli.run(['--from', from, '--to', range.to, '--url', ingest.url, '--poll-ms', '200'], { INGEST_ADMIN_TOKEN: ADMIN_TOKEN });
        expect({ code, err }).toMatchObject({ code: 0, err: expect.stringMatching(/backfill \[.*\] \d+% \| \d+\/\d+ calls/) });
        expect(out).toMatch(/backfill bf-[0-9a-f-]+ completed: \d+ calls, \d+ transcripts, \d+ Gong requests/);
        await expect(cli.run(['--from', 'yesterday', '--to', range.to, '--url', ingest.url], { INGEST_ADMIN_TOKEN: ADMIN_TOKEN })).resolves.toBe(2);
        await expect(cli.run(['--list', '--url', ingest.url], {})).resolves.toBe(2);

        const job = await admin(ingest, 'POST', '/admin/backfills', { from: firstDays().to, to: range.to });
        await waitFor(async () => (await admin(ingest, 'GET', `/admin/backfills/${job.id}`)).callsStored > 0 || undefined, 'the job to start', { timeoutMs: 30_000 });
        const cancelled = await cli.run(['--cancel', job.id, '--url', ingest.url], { INGEST_ADMIN_TOKEN: ADMIN_TOKEN });
        expect(cancelled).toBe(0);
        const final = await admin(ingest, 'GET', `/admin/backfills/${job.id}`);
        expect(final.status).toBe('cancelled');
        expect(final.callsStored).toBeLessThan(final.callsTotal ?? Infinity);
        const res = await fetch(`${ingest.url}/admin/backfills/${job.id}`);
        expect(res.status).toBe(401);
      } finally {
        await ingest.close();
      }
    });
  });
});
