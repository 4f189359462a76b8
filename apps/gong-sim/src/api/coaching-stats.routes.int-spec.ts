import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allPages, createTestSim, type Body, type TestSim } from '../../test/gong-sim.fixture.js';

let t: TestSim;
const RANGE = { fromDate: '2025-12-16', toDate: '2026-01-15' };
beforeAll(async () => {
  t = await createTestSim({ users: 40, calls: 400, days: 30, pageSize: 7 });
});
afterAll(async () => {
  await t.sim.close();
});

const hosts = () => [...new Set(t.sim.company.data.calls.map((c) => c.primaryUserId))];

describe('stats: day-by-day, by period, interaction', () => {
  it('pages day-by-day activity over users (page size 7), call ids agreeing with the seeded calls', async () => {
    const pages = await allPages(t, 'POST', '/v2/stats/activity/day-by-day', { filter: RANGE });
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.slice(0, -1).every((p) => p.usersDetailedActivities.length === 7)).toBe(true);
    const rows = pages.flatMap((p) => p.usersDetailedActivities);
    expect(new Set(rows.map((r: Body) => r.userId)).size).toBe(rows.length);
    const hosted = rows.flatMap((r: Body) => r.userDailyActivityStats.flatMap((d: Body) => d.callsAsHost.map((id: string) => ({ id, userId: r.userId, day: d.fromDate }))));
    const calls = t.sim.company.data.calls;
    expect(hosted).toHaveLength(calls.length);
    for (const h of hosted.slice(0, 50)) {
      const call = t.sim.company.call(h.id)!;
      expect(call.primaryUserId).toBe(h.userId);
      expect(t.sim.company.data.timeZone).toBe('America/Los_Angeles');
      expect(new Date(call.started).toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' })).toBe(h.day);
    }
    const truth = t.sim.coachingTruth({ userIds: rows.map((r: Body) => r.userId), ...RANGE });
    for (const r of rows) {
      const counted = Object.fromEntries(Object.keys(truth[0].activity).map((k) => [k, r.userDailyActivityStats.reduce((n: number, d: Body) => n + d[k].length, 0)]));
      expect(counted).toEqual(truth.find((x) => x.userId === r.userId)!.activity);
    }
  });

  it('aggregates by week (Monday start) to the same totals as the aggregate', async () => {
    const weeks = (await allPages(t, 'POST', '/v2/stats/activity/aggregate-by-period', { filter: RANGE, aggregationPeriod: 'WEEK' })).flatMap((p) => p.usersAggregateActivity);
    const totals = (await allPages(t, 'POST', '/v2/stats/activity/aggregate', { filter: RANGE })).flatMap((p) => p.usersAggregateActivityStats);
    for (const w of weeks) {
      for (const p of w.userAggregateActivity) {
        expect(p.fromDate >= RANGE.fromDate && p.toDate <= RANGE.toDate).toBe(true);
        if (p.fromDate !== RANGE.fromDate) expect(new Date(`${p.fromDate}T00:00:00Z`).getUTCDay()).toBe(1);
      }
      const agg = totals.find((x: Body) => x.userId === w.userId).userAggregateActivityStats;
      expect(w.userAggregateActivity.reduce((n: number, p: Body) => n + p.callsAsHost, 0)).toBe(agg.callsAsHost);
    }
    const bad = await t.request('POST', '/v2/stats/activity/aggregate-by-period', { filter: RANGE, aggregationPeriod: 'FORTNIGHT' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/aggregationPeriod/);
  });

  it('serves interaction stats computed from each host’s transcript time, equal to the ground truth', async () => {
    const userIds = hosts().slice(0, 5);
    const res = await allPages(t, 'POST', '/v2/stats/interaction', { filter: { ...RANGE, userIds } });
    const rows = res.flatMap((p) => p.peopleInteractionStats);
    expect(rows.map((r: Body) => r.userId).sort()).toEqual([...userIds].sort());
    const truth = t.sim.coachingTruth({ userIds, ...RANGE });
    for (const r of rows) {
      const names = r.personInteractionStats.map((s: Body) => s.name);
      expect(names).toEqual(['Talk Ratio', 'Longest Monologue', 'Longest Customer Story', 'Interactivity', 'Patience', 'Question Rate']);
      const want = truth.find((x) => x.userId === r.userId)!.interaction!;
      for (const s of r.personInteractionStats) expect(s.value).toBeCloseTo(want[s.name as keyof typeof want], 2);
    }
    // A day with one hosted call: its talk ratio, recomputed here from the served transcript's sentence times.
    const all = t.sim.coachingTruth({ userIds: hosts(), ...RANGE });
    const single = all.flatMap((u) => u.interactionByDay.filter((d) => d.calls === 1).map((d) => ({ userId: u.userId, ...d })))[0];
    const call = t.sim.company.data.calls.find((c) => c.primaryUserId === single.userId && new Date(c.started).toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' }) === single.day)!;
    const transcript = (await t.request('POST', '/v2/calls/transcript', { filter: { callIds: [call.id] } })).json.callTranscripts[0].transcript;
    const speaker = call.parties.find((p) => p.userId === call.primaryUserId)!.speakerId;
    const talk = (ms: Body[]) => ms.reduce((n: number, m: Body) => n + m.sentences.reduce((k: number, s: Body) => k + s.end - s.start, 0), 0);
    const ratio = (talk(transcript.filter((m: Body) => m.speakerId === speaker)) / talk(transcript)) * 100;
    expect(ratio).toBeGreaterThan(0);
    expect(single.figures['Talk Ratio']).toBeCloseTo(ratio, 2);
  });

  it('answers 400 for a bad range and 404 for an unknown user or an empty range', async () => {
    expect((await t.request('POST', '/v2/stats/interaction', { filter: { fromDate: '2026-01-10', toDate: '2026-01-05' } })).status).toBe(400);
    expect((await t.request('POST', '/v2/stats/activity/day-by-day', { filter: { fromDate: '2026-01-10', toDate: '2026-03-01' } })).status).toBe(400);
    expect((await t.request('POST', '/v2/stats/interaction', { filter: { ...RANGE, userIds: ['1234567890123456789'] } })).status).toBe(404);
    expect((await t.request('POST', '/v2/stats/activity/day-by-day', { filter: { fromDate: '2020-01-01', toDate: '2020-02-01' } })).status).toBe(404);
  });
});

describe('coaching, call outcomes, permission profiles', () => {
  it('lists a manager’s coaching of each direct report from the calls (kebab-case query, all required)', async () => {
    const users = t.sim.company.data.users;
    const manager = users.find((u) => users.some((r) => r.managerId === u.id && !r.isAvatar))!;
    const q = `workspace-id=${manager.workspaceId}&manager-id=${manager.id}&from=2025-12-16T08:00:00Z&to=2026-01-15T08:00:00Z`;
    const res = await t.request('GET', `/v2/coaching?${q}`);
    expect(res.status).toBe(200);
    const data = res.json.coachingData[0];
    expect(data.manager.id).toBe(manager.id);
    const reports = users.filter((u) => u.managerId === manager.id && u.workspaceId === manager.workspaceId && !u.isAvatar).map((u) => u.id);
    expect(data.directReportsMetrics.map((r: Body) => r.report.id)).toEqual(reports);
    for (const r of data.directReportsMetrics) {
      for (const id of r.metrics.callsScored) {
        expect(t.sim.company.call(id)!.scorecards.some((a) => a.reviewerUserId === manager.id && a.reviewedUserId === r.report.id)).toBe(true);
      }
    }
    expect((await t.request('GET', `/v2/coaching?workspace-id=${manager.workspaceId}&manager-id=${manager.id}`)).status).toBe(400);
  });

  it('lists call outcomes that the calls carry', async () => {
    const res = await t.request('GET', '/v2/call-outcomes');
    const names = res.json.outcomes.map((o: Body) => o.callOutcome);
    for (const c of t.sim.company.data.calls) if (c.callOutcome) expect(names).toContain(c.callOutcome.name);
    expect(res.json.outcomes.every((o: Body) => ['ANSWERED', 'NOT_ANSWERED'].includes(o.category))).toBe(true);
  });

  it('types every profile field the spec types as an array as an array (teamLeadIds, libraryFolderIds)', async () => {
    for (const ws of t.sim.company.data.workspaces) {
      const profiles = (await t.request('GET', `/v2/all-permission-profiles?workspaceId=${ws.id}`)).json.profiles;
      expect(profiles.length).toBeGreaterThan(0);
      for (const p of profiles) {
        const grants = [p.callsAccess, p.dealsAccess, p.coachingAccess, p.insightsAccess, p.usageAccess, p.emailsAccess, ...Object.values(p.forecastPermissions)];
        for (const g of grants as Body[]) expect(Array.isArray(g.teamLeadIds)).toBe(true);
        expect(Array.isArray(p.libraryFolderAccess.libraryFolderIds)).toBe(true);
        if (p.libraryFolderAccess.permissionLevel === 'specific-folders') {
          for (const id of p.libraryFolderAccess.libraryFolderIds) expect(t.sim.company.folder(id)?.workspaceId).toBe(ws.id);
        }
      }
      const one = (await t.request('GET', `/v2/permission-profile?profileId=${profiles[0].id}`)).json.profile;
      expect(Array.isArray(one.callsAccess.teamLeadIds)).toBe(true);
    }
  });
});
