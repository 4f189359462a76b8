import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isLosslessNumber } from 'lossless-json';
import { allPages, createTestSim, type TestSim, type Body } from '../../test/gong-sim.fixture.js';

let t: TestSim;
beforeAll(async () => {
  t = await createTestSim({ calls: 600, days: 60 });
});
afterAll(async () => {
  await t.sim.close();
});

describe('settings', () => {
  it('lists keyword trackers, per workspace or all, with the phrases the transcripts use', async () => {
    const all = await t.request('GET', '/v2/settings/trackers');
    const ws = t.sim.company.data.workspaces[0].id;
    const one = await t.request('GET', `/v2/settings/trackers?workspaceId=${ws}`);
    expect(all.json.keywordTrackers.length).toBe(one.json.keywordTrackers.length * t.sim.company.data.workspaces.length);
    expect(one.json.keywordTrackers.every((k: Body) => k.workspaceId === ws)).toBe(true);
    const names = one.json.keywordTrackers.map((k: Body) => k.trackerName);
    expect(names).toEqual(expect.arrayContaining(['Competitors', 'Pricing', 'Security', 'Legal', 'Next Steps']));
    expect((await t.request('GET', '/v2/settings/trackers?workspaceId=1234567890123456789')).status).toBe(404);
  });

  it('lists scorecards with int64 ids as raw JSON numbers', async () => {
    const res = await t.request('GET', '/v2/settings/scorecards');
    expect(res.text).toMatch(/"scorecardId":\d{18,19},/);
    const lossless = res.lossless();
    const card = lossless.scorecards[0];
    expect(isLosslessNumber(card.scorecardId)).toBe(true);
    expect(t.sim.company.data.scorecards.map((s) => s.scorecardId)).toContain(card.scorecardId.toString());
    // A plain JSON.parse corrupts them, as with the real API.
    expect(String(res.json.scorecards[0].scorecardId)).not.toBe(card.scorecardId.toString());
  });
});

describe('stats', () => {
  it('aggregates activity per user for a date range, hosts counted from the calls', async () => {
    const body = { filter: { fromDate: '2025-12-01', toDate: '2026-01-15' } };
    const pages = await allPages(t, 'POST', '/v2/stats/activity/aggregate', body);
    const rows = pages.flatMap((p) => p.usersAggregateActivityStats);
    expect(rows.length).toBeGreaterThan(0);
    expect(pages[0].timeZone).toBe('America/Los_Angeles');
    expect(pages[0].fromDateTime).toBe('2025-12-01T00:00:00-08:00');
    const from = Date.parse('2025-12-01T08:00:00Z');
    const to = Date.parse('2026-01-15T08:00:00Z');
    const hosted = new Map<string, number>();
    for (const c of t.sim.company.data.calls) if (c.started >= from && c.started < to) hosted.set(c.primaryUserId, (hosted.get(c.primaryUserId) ?? 0) + 1);
    for (const r of rows) expect(r.userAggregateActivityStats.callsAsHost).toBe(hosted.get(r.userId) ?? 0);
    expect((await t.request('POST', '/v2/stats/activity/aggregate', { filter: { fromDate: '2026-01-01', toDate: '2026-02-01' } })).status).toBe(400);
    expect((await t.request('POST', '/v2/stats/activity/aggregate', { filter: { fromDate: '2026-01-01' } })).status).toBe(400);
    const unknown = await t.request('POST', '/v2/stats/activity/aggregate', { filter: { ...body.filter, userIds: ['1234567890123456789'] } });
    expect(unknown.status).toBe(404);
  });

  it('lists answered scorecards (manual by default, automatic or both on request) with int64 ids', async () => {
    const calls = t.sim.company.data.calls;
    // Reviews dated after the simulated now are not answered yet.
    const now = t.clock.now();
    const manual = calls.flatMap((c) => c.scorecards.filter((s) => s.reviewMethod === 'MANUAL' && s.reviewTime <= now));
    const both = calls.flatMap((c) => c.scorecards.filter((s) => s.reviewTime <= now));
    expect(calls.some((c) => c.scorecards.some((s) => s.reviewTime > now))).toBe(true);
    const res = await allPages(t, 'POST', '/v2/stats/activity/scorecards', { filter: {} });
    expect(res.flatMap((p) => p.answeredScorecards)).toHaveLength(manual.length);
    const all = await allPages(t, 'POST', '/v2/stats/activity/scorecards', { filter: { reviewMethod: 'BOTH' } });
    expect(all.flatMap((p) => p.answeredScorecards)).toHaveLength(both.length);
    const raw = await t.request('POST', '/v2/stats/activity/scorecards', { filter: { reviewMethod: 'AUTOMATIC' } });
    const first = raw.lossless().answeredScorecards[0];
    expect(isLosslessNumber(first.callId)).toBe(true);
    expect(first.reviewerUserId).toBeNull();
    expect(t.sim.company.call(first.callId.toString())).toBeDefined();
    expect((await t.request('POST', '/v2/stats/activity/scorecards', { filter: { callFromDate: '2001-01-01', callToDate: '2001-02-01' } })).status).toBe(404);
  });
});

describe('library', () => {
  it('lists public folders only, and their calls', async () => {
    const res = await t.request('GET', '/v2/library/folders');
    const folders = res.json.folders;
    const publicOnes = t.sim.company.data.folders.filter((f) => f.visibility === 'public');
    expect(folders.map((f: Body) => f.id)).toEqual(publicOnes.map((f) => f.id));
    expect(folders.some((f: Body) => f.parentFolderId === null)).toBe(true);
    expect(folders.some((f: Body) => typeof f.parentFolderId === 'string')).toBe(true);
    const withCalls = publicOnes.find((f) => f.calls.length > 0)!;
    const content = await t.request('GET', `/v2/library/folder-content?folderId=${withCalls.id}`);
    expect(content.json.calls.map((c: Body) => c.id)).toEqual(withCalls.calls.map((c) => c.callId));
    const hidden = t.sim.company.data.folders.find((f) => f.visibility !== 'public')!;
    expect((await t.request('GET', `/v2/library/folder-content?folderId=${hidden.id}`)).status).toBe(404);
    expect((await t.request('GET', '/v2/library/folder-content')).status).toBe(400);
  });
});
