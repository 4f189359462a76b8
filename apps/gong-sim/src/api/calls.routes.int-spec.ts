import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allPages, createTestSim, type TestSim, type Body } from '../../test/gong-sim.fixture.js';
import { NO_CALLS_FOUND } from '../http/gong-http.error.js';
import { CURSOR_EXPIRED, CURSOR_MISMATCH } from '../pagination/cursor.codec.js';

let t: TestSim;
beforeAll(async () => {
  t = await createTestSim({ calls: 250 });
});
afterAll(async () => {
  await t.sim.close();
});

const ids = (pages: Body[], key: string, id: (x: Body) => string) => pages.flatMap((p) => p[key].map(id));

describe('calls endpoints', () => {
  it('GET /v2/calls pages 100 at a time, cursor only while more remain, every call exactly once', async () => {
    const pages = await allPages(t, 'GET', '/v2/calls');
    expect(pages.map((p) => p.records.currentPageSize)).toEqual([100, 100, 50]);
    expect(pages.map((p) => p.records.currentPageNumber)).toEqual([0, 1, 2]);
    expect(pages.every((p) => p.records.totalRecords === 250)).toBe(true);
    expect(pages[2].records.cursor).toBeUndefined();
    const all = ids(pages, 'calls', (c) => c.id);
    expect(new Set(all).size).toBe(250);
    expect(new Set(all)).toEqual(new Set(t.sim.company.data.calls.map((c) => c.id)));
  });

  it('POST /v2/calls/extensive pages with the cursor in the body, every call exactly once', async () => {
    const pages = await allPages(t, 'POST', '/v2/calls/extensive', { filter: {} });
    const all = ids(pages, 'calls', (c) => c.metaData.id);
    expect(all).toHaveLength(250);
    expect(new Set(all).size).toBe(250);
    const started = pages.flatMap((p) => p.calls.map((c: Body) => Date.parse(c.metaData.started)));
    expect([...started].sort((a, b) => a - b)).toEqual(started);
  });

  it('ignores a POST cursor sent in the query string (page 1 again)', async () => {
    const first = await t.request('POST', '/v2/calls/extensive', { filter: {} });
    const again = await t.request('POST', `/v2/calls/extensive?cursor=${encodeURIComponent(first.json.records.cursor)}`, { filter: {} });
    expect(again.json.records.currentPageNumber).toBe(0);
    expect(again.json.calls[0].metaData.id).toBe(first.json.calls[0].metaData.id);
  });

  it('rejects an expired cursor and a cursor sent with a changed request', async () => {
    const first = await t.request('POST', '/v2/calls/extensive', { filter: {} });
    const cursor = first.json.records.cursor;
    const changed = await t.request('POST', '/v2/calls/extensive', { cursor, filter: { workspaceId: t.sim.company.data.workspaces[0].id } });
    expect(changed.status).toBe(400);
    expect(changed.json).toEqual({ requestId: expect.any(String), errors: [CURSOR_MISMATCH] });
    t.clock.advance(t.sim.settings.cursorTtlSeconds * 1000 + 1);
    const expired = await t.request('POST', '/v2/calls/extensive', { cursor, filter: {} });
    expect(expired.status).toBe(400);
    expect(expired.json.errors).toEqual([CURSOR_EXPIRED]);
  });

  it('filters extensive by date range (start time, to exclusive), callIds and host', async () => {
    const calls = t.sim.company.data.calls;
    const from = calls[50].started;
    const to = calls[60].started;
    const iso = (ms: number) => new Date(ms).toISOString();
    const res = await t.request('POST', '/v2/calls/extensive', { filter: { fromDateTime: iso(from), toDateTime: iso(to) } });
    const expected = calls.filter((c) => c.started >= from && c.started < to).map((c) => c.id);
    expect(res.json.calls.map((c: Body) => c.metaData.id)).toEqual(expected);

    const pick = [calls[3].id, calls[7].id, calls[200].id];
    const byIds = await t.request('POST', '/v2/calls/extensive', { filter: { callIds: pick, fromDateTime: iso(calls[5].started) } });
    expect(byIds.json.calls.map((c: Body) => c.metaData.id)).toEqual([calls[7].id, calls[200].id]);

    const host = calls[10].primaryUserId;
    const byHost = await t.request('POST', '/v2/calls/extensive', { filter: { primaryUserIds: [host] }, contentSelector: { exposedFields: { parties: true } } });
    expect(byHost.json.calls.length).toBe(calls.filter((c) => c.primaryUserId === host).length);
    expect(byHost.json.calls.every((c: Body) => c.metaData.primaryUserId === host)).toBe(true);
  });

  it('filters GET /v2/calls of web conferences on the scheduled time, extensive on the start time', async () => {
    const call = t.sim.company.data.calls.find((c) => c.direction === 'Conference' && c.started - c.scheduled >= 60_000)!;
    const from = new Date(call.scheduled + 30_000).toISOString();
    const to = new Date(call.started + 30_000).toISOString();
    const list = await t.request('GET', `/v2/calls?fromDateTime=${from}&toDateTime=${to}`);
    const listed = list.status === 200 ? list.json.calls.map((c: Body) => c.id) : [];
    expect(listed).not.toContain(call.id);
    const ext = await t.request('POST', '/v2/calls/extensive', { filter: { fromDateTime: from, toDateTime: to } });
    expect(ext.json.calls.map((c: Body) => c.metaData.id)).toContain(call.id);
  });

  it('honours the content selector: metaData only by default, each block only when asked', async () => {
    const id = t.sim.company.data.calls.find((c) => c.hasCrmContext && c.opportunityCrmId)!.id;
    const bare = await t.request('POST', '/v2/calls/extensive', { filter: { callIds: [id] } });
    expect(Object.keys(bare.json.calls[0])).toEqual(['metaData']);

    const basic = await t.request('POST', '/v2/calls/extensive', { filter: { callIds: [id] }, contentSelector: { context: 'Basic' } });
    expect(basic.json.calls[0].context[0].objects.map((o: Body) => o.objectType)).toEqual(['Account', 'Opportunity']);
    expect(basic.json.calls[0].context[0].objects[0].fields).toBeUndefined();

    const full = await t.request('POST', '/v2/calls/extensive', {
      filter: { callIds: [id] },
      contentSelector: {
        context: 'Extended',
        contextTiming: ['Now', 'TimeOfCall'],
        exposedFields: { parties: true, content: { topics: true, trackers: true }, interaction: { questions: true } },
      },
    });
    const call = full.json.calls[0];
    expect(Object.keys(call)).toEqual(['metaData', 'context', 'parties', 'content', 'interaction']);
    expect(call.context[0].objects.map((o: Body) => `${o.objectType}:${o.timing}`)).toEqual(['Account:Now', 'Opportunity:Now', 'Account:TimeOfCall', 'Opportunity:TimeOfCall']);
    expect(call.context[0].objects[1].fields.map((f: Body) => f.name)).toEqual(['Name', 'LeadSource', 'Type', 'StageName', 'Probability', 'Amount', 'CloseDate']);
    expect(Object.keys(call.content)).toEqual(['trackers', 'topics']);
    expect(call.content.trackers[0].occurrences).toBeUndefined();
    expect(Object.keys(call.interaction)).toEqual(['questions']);
    expect(call.parties.some((p: Body) => p.userId === call.metaData.primaryUserId)).toBe(true);

    const occ = await t.request('POST', '/v2/calls/extensive', { filter: { callIds: [id] }, contentSelector: { exposedFields: { content: { trackers: true, trackerOccurrences: true } } } });
    expect(occ.json.calls[0].content.trackers.every((tr: Body) => Array.isArray(tr.occurrences))).toBe(true);
  });

  it('serves transcripts for 100+ callIds per request, speakers matching the parties', async () => {
    const calls = t.sim.company.data.calls.slice(0, 150);
    const pages = await allPages(t, 'POST', '/v2/calls/transcript', { filter: { callIds: calls.map((c) => c.id) } });
    const transcripts = pages.flatMap((p) => p.callTranscripts);
    expect(transcripts.map((x: Body) => x.callId)).toEqual(calls.map((c) => c.id));
    for (const tr of transcripts) {
      const call = t.sim.company.call(tr.callId)!;
      const speakers = new Set(call.parties.map((p) => p.speakerId).filter(Boolean));
      expect(tr.transcript.every((m: Body) => speakers.has(m.speakerId))).toBe(true);
    }
  });

  it('GET /v2/calls/{id} returns one call; unknown ids are 404, malformed ids 400', async () => {
    const id = t.sim.company.data.calls[5].id;
    const one = await t.request('GET', `/v2/calls/${id}`);
    expect(one.json.call.id).toBe(id);
    const unknown = await t.request('GET', '/v2/calls/1234567890123456789');
    expect(unknown.status).toBe(404);
    expect(unknown.json.errors).toEqual(['Call ID was not found']);
    expect((await t.request('GET', '/v2/calls/abc')).status).toBe(400);
  });

  it.each([
    ['POST', '/v2/calls/extensive', { filter: { fromDateTime: '2001-01-01T00:00:00Z', toDateTime: '2001-01-02T00:00:00Z' } }],
    ['POST', '/v2/calls/transcript', { filter: { callIds: ['1234567890123456789'] } }],
    ['GET', '/v2/calls?fromDateTime=2001-01-01T00:00:00Z&toDateTime=2001-01-02T00:00:00Z', undefined],
  ] as const)('answers an empty %s %s with 404 and Gong\'s message', async (method, url, body) => {
    const res = await t.request(method, url, body);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ requestId: expect.stringMatching(/^[0-9a-z]{19}$/), errors: [NO_CALLS_FOUND] });
  });

  it.each([
    ['no filter', {}],
    ['a bad date', { filter: { fromDateTime: 'yesterday' } }],
    ['a non-numeric call id', { filter: { callIds: ['abc'] } }],
    ['a bad context', { filter: {}, contentSelector: { context: 'Everything' } }],
  ])('answers malformed input (%s) with 400 {requestId, errors}', async (_name, body) => {
    const res = await t.request('POST', '/v2/calls/extensive', body);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ requestId: expect.any(String), errors: [expect.any(String)] });
  });

  it('answers a syntactically broken JSON body with 400', async () => {
    const res = await t.request('POST', '/v2/calls/extensive', '{"filter": {');
    expect(res.status).toBe(400);
    expect(res.json.errors[0]).toMatch(/Malformed JSON/);
  });

  it('accepts call ids sent as JSON numbers beyond 2^53 without rounding them', async () => {
    const id = t.sim.company.data.calls[9].id;
    const res = await t.request('POST', '/v2/calls/extensive', `{"filter":{"callIds":[${id}]}}`);
    expect(res.json.calls[0].metaData.id).toBe(id);
  });

  it('keeps a call transcript back until Gong has processed it', async () => {
    const done = t.sim.completeCall();
    await done.webhooks;
    const body = { filter: { callIds: [done.call.id] } };
    expect((await t.request('POST', '/v2/calls/transcript', body)).status).toBe(404);
    expect((await t.request('POST', '/v2/calls/extensive', body)).status).toBe(200);
    t.clock.advance(t.sim.settings.transcriptDelayMs);
    const ready = await t.request('POST', '/v2/calls/transcript', body);
    expect(ready.status).toBe(200);
    expect(ready.json.callTranscripts[0].transcript.length).toBeGreaterThan(0);
  });
});
