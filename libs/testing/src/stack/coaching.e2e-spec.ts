import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Streams } from '@gong-connector/contracts';
import { Database, SyncCheckpointRepository } from '@gong-connector/persistence';
import { NatsClient, createLogger } from '@gong-connector/platform';
import { waitFor } from '../deferred.js';
import { testServices } from '../test-services.js';
import { startStack, type Stack } from './stack.js';

const DAY = 86_400_000;
const HISTORY_DAYS = 28;
const FIGURES = { talkRatio: 'Talk Ratio', longestMonologue: 'Longest Monologue', longestCustomerStory: 'Longest Customer Story', interactivity: 'Interactivity', patience: 'Patience', questionRate: 'Question Rate' } as const;
type FigureKey = keyof typeof FIGURES;

// The answers are compared field by field with figures computed here from gong-sim's truth.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
type Truth = ReturnType<Stack['sim']['coachingTruth']>[number];

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const median = (values: number[]): number | null => {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return null;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const hasActivity = (t: Truth) => Object.values(t.activity).some((n) => n > 0);
/** Interaction figures over a period as the replica averages Gong's daily values: each day weighted by the calls hosted that day. */
const interactionOf = (t: Truth): Record<FigureKey, number> | null => {
  const calls = t.interactionByDay.reduce((n, d) => n + d.calls, 0);
  if (calls === 0) return null;
  return Object.fromEntries(
    (Object.entries(FIGURES) as Array<[FigureKey, string]>).map(([key, name]) => [key, t.interactionByDay.reduce((s, d) => s + (d.figures as Record<string, number>)[name]! * d.calls, 0) / calls]),
  ) as Record<FigureKey, number>;
};

/**
 * Coaching data end to end, every service in its own process against gong-sim: the stack
 * replicates a month of calls, stats, scorecards and the Library; then a rep, their manager and an
 * admin ask for the same rep's coaching (rep_scorecard over MCP with the official SDK client, and
 * GET /v1/users/{id}/coaching), the Library and their access. The three permission profiles are set
 * in gong-sim (as a Gong admin would) so that they differ in every domain:
 *
 * | domain / boolean                | rep                              | manager                          | admin |
 * | insightsAccess (stats)          | all, but teamStats off: own only | report-to-them                   | all   |
 * | coachingAccess (scorecards)     | own                              | report-to-them, coaching off: none | all |
 * | usageAccess                     | none                             | report-to-them                   | all   |
 * | libraryFolderAccess             | all, but library off: none       | all                              | all   |
 * | account (account research)      | off                              | on                               | on    |
 *
 * Each answer must hold exactly what its profile allows, with figures equal to gong-sim's ground
 * truth (coachingTruth), the rest counted in `withheld` and absent from the text; and serving takes
 * no Gong request (gong-sim's request log).
 */
describe('coaching: a rep, their manager and an admin ask for the same rep (e2e)', () => {
  let stack: Stack;
  let db: Database;
  const today = day(Math.floor(Date.now() / DAY) * DAY);
  const current = { from: day(Date.parse(today) - 14 * DAY), to: today };
  const previous = { from: day(Date.parse(today) - 28 * DAY), to: current.from };

  beforeAll(async () => {
    stack = await startStack({
      sim: { seed: `coaching-e2e-${randomBytes(4).toString('hex')}`, users: 30, accounts: 12, calls: 420, days: HISTORY_DAYS, workspaces: 1, timeZone: 'UTC', anchorDate: today },
      env: {
        ingest: {
          INGEST_COACHING_TIME_ZONE: 'UTC',
          INGEST_COACHING_BACKFILL_DAYS: String(HISTORY_DAYS + 2),
          // Nothing scheduled asks Gong again while the test serves (the boot runs do the work).
          INGEST_SYNC_INTERVAL_MS: '3600000',
          INGEST_SYNC_IDLE_MAX_INTERVAL_MS: '3600000',
          INGEST_VERIFY_CYCLE_MS: '0',
        },
        access: { ACCESS_SWEEP_INTERVAL_MS: '0' },
      },
    });
    db = await Database.open({ url: testServices().databaseUrl, schema: stack.databaseSchema, poolSize: 2 });
  }, 600_000);

  afterAll(async () => {
    await db?.close();
    await stack?.stop();
  }, 120_000);

  const call = async (url: string, path: string, init: { token: string; body?: unknown }) => {
    const res = await fetch(`${url}${path}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${init.token}`, 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  };

  it('gives each exactly what their profile allows per domain, equal to the sim’s truth, with withheld counts, and asks Gong nothing', async () => {
    const { sim } = stack;
    const truth = sim.groundTruth({ includeCalls: true });
    const agentApi = stack.services['agent-api'].url;

    // --- The people: a rep with scorecards in both periods, their manager (3+ reports), an admin.
    const profiles = sim.company.data.profiles;
    const profile = (name: string) => profiles.find((p) => p.name === name)!;
    const repProfile = profile('Sales Rep');
    const managerProfile = profile('Sales Manager');
    const adminProfile = profile('Admin');
    const byId = new Map(truth.users.map((u) => [u.id, u]));
    const reportsOf = (id: string) => truth.users.filter((u) => truth.reportsTo[u.id] === id);
    const calls = truth.calls!;
    const scoredIn = (userId: string, r: { from: string; to: string }) =>
      sim.coachingTruth({ userIds: [userId], fromDate: r.from, toDate: r.to, reviewedBefore: today, viewerId: userId })[0]!.scorecardAverages.length;
    const candidates = repProfile.userIds
      .map((id) => byId.get(id)!)
      .filter((u) => u.active && truth.reportsTo[u.id] && managerProfile.userIds.includes(truth.reportsTo[u.id]!) && reportsOf(truth.reportsTo[u.id]!).length >= 3)
      .filter((u) => scoredIn(u.id, current) > 0 && scoredIn(u.id, previous) > 0);
    // Prefer a rep some of whose scorecards are not shared with them (private to the reviewer), so that
    // scorecard visibility is exercised whatever calls the seed's dates put in the period; then the most scored.
    const notSharedWithSelf = (userId: string) =>
      sim.coachingTruth({ userIds: [userId], fromDate: current.from, toDate: current.to, reviewedBefore: today, viewerId: userId })[0]!.scorecardsNotShared;
    const rep = candidates.sort((a, b) => Number(notSharedWithSelf(b.id) > 0) - Number(notSharedWithSelf(a.id) > 0) || scoredIn(b.id, current) - scoredIn(a.id, current))[0]!;
    expect(rep).toBeDefined();
    const manager = byId.get(truth.reportsTo[rep.id]!)!;
    const admin = adminProfile.userIds.map((id) => byId.get(id)!).find((u) => u.active && u.id !== manager.id)!;
    expect(admin).toBeDefined();
    const peers = reportsOf(manager.id).map((u) => u.id);

    // --- The profiles, as a Gong admin sets them; then the access service syncs them now.
    const grant = (permissionLevel: 'all' | 'report-to-them' | 'own' | 'none') => ({ permissionLevel, teamLeadIds: null });
    Object.assign(repProfile, {
      callsAccess: grant('own'),
      insightsAccess: grant('all'),
      coachingAccess: grant('own'),
      usageAccess: grant('none'),
      libraryLevel: 'all',
      flags: { ...repProfile.flags, callsAndSearch: true, activity: true, teamStats: false, coaching: true, usage: false, library: false, account: false },
    });
    Object.assign(managerProfile, {
      callsAccess: grant('report-to-them'),
      insightsAccess: grant('report-to-them'),
      coachingAccess: grant('report-to-them'),
      usageAccess: grant('report-to-them'),
      libraryLevel: 'all',
      flags: { ...managerProfile.flags, callsAndSearch: true, activity: true, teamStats: true, coaching: false, usage: true, library: true, account: true },
    });
    for (const name of Object.keys(adminProfile.flags)) adminProfile.flags[name] = true;
    Object.assign(adminProfile, { callsAccess: grant('all'), insightsAccess: grant('all'), coachingAccess: grant('all'), usageAccess: grant('all'), libraryLevel: 'all' });
    await waitFor(
      async () => (await call(stack.services.access.url, '/admin/sync', { token: stack.adminToken, body: { sweep: true } })).status === 200,
      'the access service synced the changed profiles',
      { timeoutMs: 180_000, intervalMs: 1_000 },
    );

    // --- Replication: the calls (a backfill), the coaching history (ingest's boot run), every consumer idle.
    const backfill = await call(stack.services.ingest.url, '/admin/backfills', { token: stack.adminToken, body: { from: truth.range.from, to: new Date().toISOString() } });
    expect(backfill.status).toBeLessThan(300);
    await waitFor(
      async () => (await call(stack.services.ingest.url, `/admin/backfills/${backfill.body.id as string}`, { token: stack.adminToken })).body.status === 'completed',
      'the calls backfill completed',
      { timeoutMs: 400_000, intervalMs: 1_000 },
    );
    const checkpoints = new SyncCheckpointRepository(db);
    let coachingState = '';
    await waitFor(
      async () => {
        coachingState = JSON.stringify((await checkpoints.get('coaching.backfill:interaction'))?.state ?? null);
        return (await checkpoints.get('coaching.backfill-range'))?.state.done === true;
      },
      () => `the coaching backfill (stats, scorecards) done (interaction at ${coachingState}; Gong answered ${JSON.stringify(sim.stats().byStatus)})`,
      { timeoutMs: 400_000, intervalMs: 1_000 },
    );
    const suffix = stack.databaseSchema.replace(/^stack_/, '');
    const nats = await NatsClient.connect({ servers: stack.natsUrl, name: 'coaching-e2e', logger: createLogger({ name: 'e2e', level: 'silent' }) });
    try {
      const idle = async (): Promise<boolean> => {
        for (const durable of [`transcript-processor-${suffix}`, `transcript-processor-${suffix}-post-call`, `access-calls-${suffix}`, `access-calls-${suffix}-post-call`]) {
          const info = await nats.jsm.consumers.info(Streams.calls.name, durable);
          if (info.num_pending + info.num_ack_pending > 0) return false;
        }
        return true;
      };
      await waitFor(idle, 'every call indexed and checked', { timeoutMs: 300_000, intervalMs: 1_000 });
    } finally {
      await nats.drain();
    }

    // --- The three ask (tokens made now; serving is measured on gong-sim's request log).
    const tokenOf = async (email: string) => (await call(agentApi, '/admin/tokens', { token: stack.adminToken, body: { kind: 'user', user: email } })).body.token as string;
    const who = { rep: await tokenOf(rep.emailAddress), manager: await tokenOf(manager.emailAddress), admin: await tokenOf(admin.emailAddress) };
    // A Library folder whose clips are calls of several hosts.
    const clipFolder = sim.company.data.folders
      .filter((f) => f.visibility === 'public')
      .sort((x, y) => new Set(y.calls.map((c) => c.callId)).size - new Set(x.calls.map((c) => c.callId)).size)[0]!;
    expect(clipFolder.calls.length).toBeGreaterThan(1);
    sim.resetStats();
    const query = `from=${current.from}&to=${current.to}`;
    const answers: Record<keyof typeof who, { rest: Json; mcp: Json; text: string; me: Json; folders: { status: number; body: Json }; accounts: number; clips: { status: number; body: Json }; team: Json }> = {} as never;
    for (const [name, token] of Object.entries(who) as Array<[keyof typeof who, string]>) {
      const rest = await call(agentApi, `/v1/users/${rep.id}/coaching?${query}`, { token });
      expect([name, rest.status]).toEqual([name, 200]);
      const client = new Client({ name: `coaching-e2e-${name}`, version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${agentApi}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
      let mcp: Json;
      let text: string;
      try {
        const r = (await client.callTool({ name: 'rep_scorecard', arguments: { userId: rep.id, from: current.from, to: current.to } })) as { structuredContent?: Json; content: Array<{ type: string; text?: string }>; isError?: boolean };
        expect([name, r.isError ?? false]).toEqual([name, false]);
        mcp = r.structuredContent!;
        text = r.content.map((c) => c.text ?? '').join('\n');
      } finally {
        await client.close();
      }
      const me = (await call(agentApi, '/v1/me', { token })).body;
      const folders = await call(agentApi, '/v1/library/folders', { token });
      const accounts = (await call(agentApi, '/v1/accounts', { token })).status;
      const clips = await call(agentApi, `/v1/library/folders/${clipFolder.id}/clips?limit=100`, { token });
      const team = await call(agentApi, `/v1/teams/${manager.id}/activity?${query}&sort=callsAsHost&limit=200`, { token });
      expect([name, team.status]).toEqual([name, 200]);
      answers[name] = { rest: rest.body, mcp, text, me, folders, accounts, clips, team: team.body };
    }
    const served = sim.stats();
    console.log(
      `coaching e2e: rep ${rep.id} (${peers.length} peers under manager ${manager.id}), admin ${admin.id}; ${served.total} Gong requests while serving; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    );
    expect(served.byEndpoint).toEqual({});

    // --- The truth, per period, for the rep and every peer.
    // Stats are the same for every viewer; scorecards as each viewer may see them (their own visibility: PRIVATE the reviewer only, ...).
    const truthOf = (r: { from: string; to: string }, viewerId?: string) =>
      new Map(sim.coachingTruth({ userIds: peers, fromDate: r.from, toDate: r.to, reviewedBefore: today, ...(viewerId ? { viewerId } : {}) }).map((t) => [t.userId, t]));
    const now = truthOf(current);
    const before = truthOf(previous);
    const mine = now.get(rep.id)!;
    const seenBy = (viewerId: string) => ({ now: truthOf(current, viewerId), before: truthOf(previous, viewerId) });
    const expectedInsights = (visible: string[]) => {
      const active = visible.map((id) => now.get(id)!).filter(hasActivity);
      const activity = Object.fromEntries(
        Object.keys(mine.activity).map((k) => [
          k,
          {
            value: hasActivity(mine) ? mine.activity[k as keyof Truth['activity']] : null,
            teamMedian: median(active.map((t) => t.activity[k as keyof Truth['activity']])),
            previous: hasActivity(before.get(rep.id)!) ? before.get(rep.id)!.activity[k as keyof Truth['activity']] : null,
          },
        ]),
      );
      const team = visible.map((id) => interactionOf(now.get(id)!)).filter((x): x is Record<FigureKey, number> => x !== null);
      const interaction = Object.fromEntries(
        (Object.keys(FIGURES) as FigureKey[]).map((k) => [k, { value: interactionOf(mine)?.[k] ?? null, teamMedian: median(team.map((t) => t[k])), previous: interactionOf(before.get(rep.id)!)?.[k] ?? null }]),
      );
      return { activity, interaction };
    };
    const expectedScorecards = (visible: string[], viewerId: string) => {
      const { now, before } = seenBy(viewerId);
      return now.get(rep.id)!.scorecardAverages
        .map((q) => ({
          scorecardId: q.scorecardId,
          questionId: q.questionId,
          answers: q.answers,
          value: q.average,
          teamMedian: median(visible.flatMap((id) => now.get(id)!.scorecardAverages.filter((p) => p.questionId === q.questionId && p.scorecardId === q.scorecardId).map((p) => p.average))),
          previous: before.get(rep.id)!.scorecardAverages.find((p) => p.questionId === q.questionId && p.scorecardId === q.scorecardId)?.average ?? null,
        }))
        .sort((a, b) => a.questionId.localeCompare(b.questionId))
        .map((q) => ({ ...q, value: expect.closeTo(q.value, 9), teamMedian: expect.closeTo(q.teamMedian!, 9), previous: q.previous === null ? null : expect.closeTo(q.previous, 9) }));
    };
    const notSharedWith = (viewerId: string) => seenBy(viewerId).now.get(rep.id)!.scorecardsNotShared;
    const isOverall = (q: { scorecardId: string; questionId: string }) => sim.company.data.scorecards.find((s) => s.scorecardId === q.scorecardId)!.questions.find((x) => x.questionId === q.questionId)!.isOverall;
    const weakestFor = (viewerId: string) => Math.min(2, seenBy(viewerId).now.get(rep.id)!.scorecardAverages.filter((q) => !isOverall(q)).length);
    const close = (got: Json | null, want: Json | null) => {
      // Figures: activity counts exactly; averages of two-decimal daily values to 1e-6 of the truth's.
      if (want === null) return expect(got).toBeNull();
      for (const [k, f] of Object.entries(want)) {
        for (const part of ['value', 'teamMedian', 'previous'] as const) {
          const w = (f as Json)[part] as number | null;
          if (w === null) expect([k, part, got![k][part]]).toEqual([k, part, null]);
          else expect([k, part, got![k][part]]).toEqual([k, part, expect.closeTo(w, 6)]);
        }
      }
    };
    const scorecardsOf = (body: Json) =>
      body.scorecards === null ? null : (body.scorecards as Json[]).map((q) => ({ scorecardId: q.scorecardId, questionId: q.questionId, answers: q.answers, value: q.value, teamMedian: q.teamMedian, previous: q.previous })).sort((a, b) => (a.questionId as string).localeCompare(b.questionId as string));
    const questionTexts = sim.company.data.scorecards.flatMap((s) => s.questions.map((q) => q.questionText)).filter((t) => t.length > 12);
    const repCalls = new Set(calls.filter((c) => c.primaryUserId === rep.id || c.participantUserIds.includes(rep.id)).map((c) => c.id));
    const byDomainAndCount = (a: { domain: string; count: number }, b: { domain: string; count: number }) => a.domain.localeCompare(b.domain) || a.count - b.count;
    const withheld = (body: Json) => (body.withheld as Array<{ domain: string; count: number }>).map((w) => ({ domain: w.domain, count: w.count })).sort(byDomainAndCount);
    /** The withheld entries expected, plus the rep's scorecards not shared with the viewer (when any). */
    const plusNotShared = (viewerId: string, entries: Array<{ domain: string; count: number }>) =>
      [...entries, ...(notSharedWith(viewerId) > 0 ? [{ domain: 'coachingAccess', count: notSharedWith(viewerId) }] : [])].sort(byDomainAndCount);

    for (const name of ['rep', 'manager', 'admin'] as const) {
      const { rest, mcp } = answers[name];
      // REST and MCP give the same answer.
      expect(mcp).toEqual(rest);
      expect(rest.user.id).toBe(rep.id);
      expect(rest.period).toEqual({ from: current.from, to: current.to, previousFrom: previous.from });
    }

    // Rep: insights level "all" but team stats off: own figures only, medians over themself; own scorecards.
    const r = answers.rep;
    const repInsights = expectedInsights([rep.id]);
    close(r.rest.activity, repInsights.activity);
    close(r.rest.interaction, repInsights.interaction);
    expect(scorecardsOf(r.rest)).toEqual(expectedScorecards([rep.id], rep.id));
    expect(r.rest.teamSize).toBe(1);
    expect(withheld(r.rest)).toEqual(
      plusNotShared(rep.id, [
        { domain: 'coachingAccess', count: peers.length - 1 },
        { domain: 'insightsAccess', count: peers.length - 1 },
      ]),
    );
    // The weakest areas come with passages of the rep's own calls only (calls access "own").
    expect(r.rest.weakest.length).toBe(weakestFor(rep.id));
    // Scorecard visibility is exercised: some of the rep's scorecards are private to their reviewer (gong-sim makes a third of manual ones PRIVATE).
    expect(notSharedWith(rep.id) + notSharedWith(admin.id)).toBeGreaterThan(0);
    for (const w of r.rest.weakest as Json[]) for (const p of w.passages as Json[]) expect(repCalls.has(p.call.id as string)).toBe(true);
    // Nothing of a teammate: no id or name of another report in the answer or the text.
    const others = peers.filter((id) => id !== rep.id).map((id) => byId.get(id)!);
    for (const o of others) {
      expect(JSON.stringify(r.rest)).not.toContain(o.id);
      expect(r.text).not.toContain(o.id);
      expect(r.text).not.toContain(o.name);
    }
    expect(r.text).toContain(`Withheld (insightsAccess): ${peers.length - 1}`);
    expect(r.text).toContain(`Withheld (coachingAccess): ${peers.length - 1}`);

    // Manager: report-to-them stats of the whole team; coaching pages off: no scorecards at all.
    const m = answers.manager;
    const teamInsights = expectedInsights(peers);
    close(m.rest.activity, teamInsights.activity);
    close(m.rest.interaction, teamInsights.interaction);
    expect(m.rest.scorecards).toBeNull();
    expect(m.rest.weakest).toEqual([]);
    expect(m.rest.teamSize).toBe(peers.length);
    expect(withheld(m.rest)).toEqual([{ domain: 'coachingAccess', count: 1 }]);
    for (const q of questionTexts) {
      expect(JSON.stringify(m.rest)).not.toContain(q);
      expect(m.text).not.toContain(q);
    }
    expect(m.text).not.toMatch(/Scorecards:|Weak area/);
    expect(m.text).toContain('Withheld (coachingAccess): 1');

    // Admin: everything, over the whole team; only scorecards private to others withheld.
    const a = answers.admin;
    close(a.rest.activity, teamInsights.activity);
    close(a.rest.interaction, teamInsights.interaction);
    expect(scorecardsOf(a.rest)).toEqual(expectedScorecards(peers, admin.id));
    expect(a.rest.teamSize).toBe(peers.length);
    // Only scorecards whose own visibility leaves the admin out (private ones of others) are withheld.
    expect(withheld(a.rest)).toEqual(plusNotShared(admin.id, []));
    expect(a.text).not.toContain('Withheld (insightsAccess)');
    expect(a.rest.weakest.length).toBe(weakestFor(admin.id));
    for (const w of a.rest.weakest as Json[]) for (const p of w.passages as Json[]) expect(repCalls.has(p.call.id as string)).toBe(true);
    if (weakestFor(admin.id) > 0) expect((a.rest.weakest as Json[]).some((w) => (w.passages as Json[]).length > 0)).toBe(true);

    // team_activity over the manager's reports: the rep sees only themself, the manager and the admin every report, each row as the truth says.
    const rowsOf = (body: Json) => (body.reps as Json[]).map((row) => [row.userId, row.activity === null ? null : row.activity.callsAsHost, row.interaction?.talkRatio ?? null]).sort();
    const truthRow = (id: string) => [id, hasActivity(now.get(id)!) ? now.get(id)!.activity.callsAsHost : null, interactionOf(now.get(id)!)?.talkRatio ?? null];
    const closeRows = (rows: unknown[][]) => rows.map(([id, calls, talk]) => [id, calls, talk === null ? null : expect.closeTo(talk as number, 6)]);
    expect(rowsOf(r.team)).toEqual(closeRows([truthRow(rep.id)]));
    expect(withheld(r.team)).toEqual([{ domain: 'insightsAccess', count: peers.length - 1 }]);
    for (const x of [m, a]) {
      expect(rowsOf(x.team)).toEqual(closeRows(peers.map(truthRow).sort()));
      expect(x.team.withheld).toEqual([]);
      expect(x.team.nextCursor).toBeNull();
    }

    // Usage and the booleans, as /v1/me tells each (usage data itself is not served).
    const usage = (me: Json) => (me.access.workspaces[0].domains as Json[]).find((d) => d.domain === 'usageAccess');
    expect(usage(r.me)).toMatchObject({ level: 'none', sees: 'nothing (the page is off in this profile)' });
    expect(usage(m.me)).toMatchObject({ level: 'report-to-them', sees: `own data and the teams of ${manager.id}` });
    expect(usage(a.me)).toMatchObject({ level: 'all', sees: "everyone's data" });
    expect([r.me.access.workspaces[0].flags.account, m.me.access.workspaces[0].flags.account, a.me.access.workspaces[0].flags.account]).toEqual([false, true, true]);
    expect([r.accounts, m.accounts, a.accounts]).toEqual([403, 200, 200]);

    // Library: the rep's library pages are off (every folder withheld); manager and admin open every public folder.
    const publicFolders = sim.company.data.folders.filter((f) => f.visibility === 'public').map((f) => f.id).sort();
    expect(r.folders.body.folders).toEqual([]);
    expect(withheld(r.folders.body)).toEqual([{ domain: 'libraryFolderAccess', count: publicFolders.length }]);
    for (const x of [m, a]) {
      expect((x.folders.body.folders as Json[]).map((f) => f.id as string).sort()).toEqual(publicFolders);
      expect(x.folders.body.withheld).toEqual([]);
    }
    // A clip's call content obeys calls access: the manager sees the clips of their reports' calls (and their own), the admin every clip's.
    const below = (id: string): string[] => reportsOf(id).flatMap((u) => [u.id, ...below(u.id)]);
    const managerSees = (callId: string) => {
      const c = calls.find((x) => x.id === callId);
      if (!c) return false;
      if (c.primaryUserId === manager.id || c.participantUserIds.includes(manager.id)) return true;
      const granted = truth.usersAccess.some((g) => g.callId === callId && g.userIds.includes(manager.id));
      return !c.isPrivate && (granted || below(manager.id).includes(c.primaryUserId));
    };
    expect([r.clips.status, m.clips.status, a.clips.status]).toEqual([404, 200, 200]);
    const managerClips = m.clips.body.clips as Json[];
    expect(managerClips.map((c) => c.callId)).toEqual(clipFolder.calls.map((c) => c.callId));
    expect(managerClips.map((c) => [c.callId, c.callVisible])).toEqual(managerClips.map((c) => [c.callId, managerSees(c.callId as string)]));
    for (const c of managerClips.filter((x) => !x.callVisible)) expect([c.excerpt, c.url]).toEqual([null, null]);
    expect(withheld(m.clips.body)).toEqual(managerClips.some((c) => !c.callVisible) ? [{ domain: 'callsAccess', count: managerClips.filter((c) => !c.callVisible).length }] : []);
    const adminClips = a.clips.body.clips as Json[];
    const adminSees = (callId: string) => {
      const c = calls.find((x) => x.id === callId);
      return c !== undefined && (!c.isPrivate || c.primaryUserId === admin.id || c.participantUserIds.includes(admin.id));
    };
    expect(adminClips.map((c) => [c.callId, c.callVisible])).toEqual(adminClips.map((c) => [c.callId, adminSees(c.callId as string)]));
  }, 1_500_000);
});
