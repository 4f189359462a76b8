import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ACTIVITY_COUNTERS, LibraryRepository, ScorecardRepository, UserStatsRepository, type ActivityCounts, type AnsweredScorecardRecord } from '@gong-connector/persistence';
import { CALLS, USERS, WORKSPACE, seedCompany, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';

const counts = (callsAsHost: number): ActivityCounts => Object.fromEntries(ACTIVITY_COUNTERS.map((c) => [c, c === 'callsAsHost' ? callsAsHost : 0])) as ActivityCounts;
const figures = (talkRatio: number) => ({ talkRatio, longestMonologue: 100, longestCustomerStory: 50, interactivity: 5, patience: 1, questionRate: 3 });
const scorecard = (id: string, callId: string, reviewedUserId: string, score: number): AnsweredScorecardRecord => ({
  answeredScorecardId: id,
  scorecardId: '8100000000000000001',
  scorecardName: 'Discovery',
  callId,
  callStartTime: '2026-01-05T15:00:00.000Z',
  reviewedUserId,
  reviewerUserId: USERS.manager.id,
  reviewMethod: 'MANUAL',
  editorUserId: null,
  reviewTime: '2026-01-06T10:00:00.000Z',
  visibilityType: 'PUBLIC',
  answers: [{ questionId: '8200000000000000001', questionRevisionId: null, isOverall: false, score, answerText: null, notApplicable: false, selectedOptions: [] }],
});
// The answers are checked field by field against literal expectations below; their schemas are checked by api-response.schemas.int-spec.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;
const FOLDER = '8300000000000000001';
const OTHER_WORKSPACE_FOLDER = '8300000000000000002';

/**
 * Coaching data leak test: the manager (profile `all`, every page on) sees both reps' stats and
 * scorecards; a rep (profile `own`, team stats off) sees only their own, never a teammate's
 * numbers (not even inside a team median), with the rest counted in `withheld`; Library clips
 * show call content only for calls the user may see.
 */
describe('coaching endpoints (leak test)', () => {
  let app: AgentApiTestApp;
  const tokens: Record<string, string> = {};
  const get = async (path: string, who: string) => {
    const res = await fetch(`${app.service.url}${path}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
    return { status: res.status, body: (await res.json()) as Body };
  };

  beforeAll(async () => {
    app = await startAgentApi(
      {},
      {
        seed: async (db) => {
          await seedCompany(db);
          const stats = new UserStatsRepository(db.database);
          await stats.upsertActivity([
            { userId: USERS.alice.id, day: '2026-01-06', counts: counts(2), callIds: {} },
            { userId: USERS.bob.id, day: '2026-01-06', counts: counts(9), callIds: {} },
          ]);
          await stats.upsertInteraction([
            { userId: USERS.alice.id, day: '2026-01-06', figures: figures(40), stats: [] },
            { userId: USERS.bob.id, day: '2026-01-06', figures: figures(80), stats: [] },
          ]);
          await new ScorecardRepository(db.database).upsertAnswered([
            scorecard('8400000000000000001', CALLS.aliceAcme, USERS.alice.id, 2),
            scorecard('8400000000000000002', CALLS.bobAcme, USERS.bob.id, 5),
          ]);
          const library = new LibraryRepository(db.database);
          const clip = (callId: string) => ({ callId, title: `Clip of ${callId}`, note: null, addedBy: null, created: null, url: null, fromSec: 0, toSec: 10 });
          await library.replaceFolder({ id: FOLDER, workspaceId: WORKSPACE, name: 'Best discovery', parentFolderId: null, createdBy: null, updated: null }, [clip(CALLS.aliceAcme), clip(CALLS.bobAcme)]);
          await library.replaceFolder({ id: OTHER_WORKSPACE_FOLDER, workspaceId: '9100000000000000001', name: 'Elsewhere', parentFolderId: null, createdBy: null, updated: null }, [clip(CALLS.aliceAcme)]);
        },
      },
    );
    for (const [who, u] of Object.entries(USERS)) tokens[who] = await app.token({ user: u.email });
  });
  afterAll(async () => {
    await app?.close();
  });

  const period = 'from=2026-01-01&to=2026-02-01';

  it('gives the manager both reps: stats, scorecards, team medians over both, nothing withheld', async () => {
    const { status, body } = await get(`/v1/users/${USERS.alice.id}/coaching?${period}`, 'manager');
    expect(status).toBe(200);
    expect(body.teamSize).toBe(2);
    expect(body.activity.callsAsHost).toEqual({ value: 2, teamMedian: 5.5, previous: null });
    expect(body.interaction.talkRatio).toEqual({ value: 40, teamMedian: 60, previous: null });
    expect(body.scorecards).toEqual([expect.objectContaining({ questionId: '8200000000000000001', value: 2, teamMedian: 3.5 })]);
    expect(body.withheld).toEqual([]);
  });

  it("gives a rep their own figures with medians over themself only, and counts the teammate as withheld", async () => {
    const { status, body } = await get(`/v1/users/${USERS.alice.id}/coaching?${period}`, 'alice');
    expect(status).toBe(200);
    expect(body.activity.callsAsHost).toEqual({ value: 2, teamMedian: 2, previous: null });
    expect(body.interaction.talkRatio.teamMedian).toBe(40);
    expect(body.scorecards[0]).toEqual(expect.objectContaining({ value: 2, teamMedian: 2 }));
    expect(body.withheld).toEqual([
      expect.objectContaining({ domain: 'insightsAccess', count: 1 }),
      expect.objectContaining({ domain: 'coachingAccess', count: 1 }),
    ]);
    expect(JSON.stringify(body)).not.toContain(USERS.bob.id);
  });

  it("refuses a rep another rep's coaching with ACCESS_DENIED", async () => {
    const { status, body } = await get(`/v1/users/${USERS.bob.id}/coaching?${period}`, 'alice');
    expect(status).toBe(403);
    expect(body.error.code).toBe('ACCESS_DENIED');
  });

  it('lists a manager team: every report for the manager, sorted; only themself for a rep, the other withheld', async () => {
    const manager = await get(`/v1/teams/${USERS.manager.id}/activity?${period}&sort=callsAsHost`, 'manager');
    expect(manager.body.reps.map((r: { userId: string }) => r.userId)).toEqual([USERS.bob.id, USERS.alice.id]);
    const asc = await get(`/v1/teams/${USERS.manager.id}/activity?${period}&sort=talkRatio&order=asc&limit=1`, 'manager');
    expect(asc.body.reps.map((r: { userId: string }) => r.userId)).toEqual([USERS.alice.id]);
    expect(asc.body.nextCursor).toBe('1');
    const rep = await get(`/v1/teams/${USERS.manager.id}/activity?${period}`, 'alice');
    expect(rep.body.reps.map((r: { userId: string }) => r.userId)).toEqual([USERS.alice.id]);
    expect(rep.body.withheld).toEqual([expect.objectContaining({ domain: 'insightsAccess', count: 1 })]);
  });

  it("lists answered scorecards within coaching access only, counting the rest", async () => {
    const manager = await get('/v1/scorecards', 'manager');
    expect(manager.body.scorecards).toHaveLength(2);
    const alice = await get('/v1/scorecards', 'alice');
    expect(alice.body.scorecards.map((s: { reviewedUserId: string }) => s.reviewedUserId)).toEqual([USERS.alice.id]);
    expect(alice.body.withheld).toEqual([expect.objectContaining({ domain: 'coachingAccess', count: 1 })]);
    const asked = await get(`/v1/scorecards?rep=${USERS.bob.id}`, 'alice');
    expect(asked.body.scorecards).toEqual([]);
    expect(asked.body.withheld).toEqual([expect.objectContaining({ domain: 'coachingAccess', count: 1 })]);
    const paged = await get('/v1/scorecards?limit=1', 'manager');
    expect(paged.body.scorecards).toHaveLength(1);
    const next = await get(`/v1/scorecards?limit=1&cursor=${paged.body.nextCursor}`, 'manager');
    expect(next.body.scorecards).toHaveLength(1);
    expect(next.body.scorecards[0].answeredScorecardId).not.toBe(paged.body.scorecards[0].answeredScorecardId);
    expect((await get('/v1/scorecards?cursor=nonsense', 'manager')).status).toBe(400);
  });

  it("shows Library clips' call content only for calls the user may see, and hides folders of other workspaces", async () => {
    const folders = await get('/v1/library/folders', 'alice');
    expect(folders.body.folders.map((f: { id: string }) => f.id)).toEqual([FOLDER]);
    expect(folders.body.withheld).toEqual([expect.objectContaining({ domain: 'libraryFolderAccess', count: 1 })]);
    expect(folders.body.nextCursor).toBeNull();
    const none = await get('/v1/library/folders?limit=1&cursor=1', 'alice');
    expect([none.body.folders, none.body.nextCursor, none.body.withheld]).toEqual([[], null, [expect.objectContaining({ domain: 'libraryFolderAccess', count: 1 })]]);
    expect((await get('/v1/library/folders?cursor=nonsense', 'alice')).status).toBe(400);
    expect((await get(`/v1/library/folders/${OTHER_WORKSPACE_FOLDER}/clips`, 'alice')).status).toBe(404);
    const clips = await get(`/v1/library/folders/${FOLDER}/clips`, 'alice');
    const byCall = Object.fromEntries(clips.body.clips.map((c: { callId: string }) => [c.callId, c]));
    expect(byCall[CALLS.aliceAcme]).toEqual(expect.objectContaining({ callVisible: true, excerpt: expect.stringContaining('rockets') }));
    expect(byCall[CALLS.bobAcme]).toEqual(expect.objectContaining({ callVisible: false, excerpt: null, url: null }));
    expect(clips.body.withheld).toEqual([expect.objectContaining({ domain: 'callsAccess', count: 1 })]);
    expect(JSON.stringify(clips.body)).not.toContain('anvils');
    const manager = await get(`/v1/library/folders/${FOLDER}/clips`, 'manager');
    expect(manager.body.clips.every((c: { callVisible: boolean }) => c.callVisible)).toBe(true);
  });

  it("hides a scorecard whose own visibility leaves the asker out (PRIVATE: its reviewer only; MANAGERS_AND_REVIEWEE: the rep and their manager), counting it", async () => {
    const march = (id: string, score: number, visibilityType: string): AnsweredScorecardRecord => ({
      ...scorecard(id, CALLS.aliceAcme, USERS.alice.id, score),
      callStartTime: '2026-03-05T15:00:00.000Z',
      reviewTime: '2026-03-06T10:00:00.000Z',
      reviewerUserId: USERS.bob.id,
      visibilityType,
    });
    await new ScorecardRepository(app.db.database).upsertAnswered([march('8400000000000000003', 1, 'PRIVATE'), march('8400000000000000004', 4, 'MANAGERS_AND_REVIEWEE')]);
    const inMarch = 'from=2026-03-01&to=2026-04-01';
    for (const who of ['alice', 'manager']) {
      const { body } = await get(`/v1/users/${USERS.alice.id}/coaching?${inMarch}`, who);
      expect([who, body.scorecards]).toEqual([who, [expect.objectContaining({ value: 4, answers: 1 })]]);
      expect([who, body.withheld.filter((w: { reason: string }) => w.reason.includes('visibility'))]).toEqual([who, [expect.objectContaining({ domain: 'coachingAccess', count: 1 })]]);
      const list = await get(`/v1/scorecards?${inMarch}`, who);
      expect([who, list.body.scorecards.map((c: { answeredScorecardId: string }) => c.answeredScorecardId)]).toEqual([who, ['8400000000000000004']]);
      expect([who, list.body.withheld]).toEqual([who, [expect.objectContaining({ domain: 'coachingAccess', count: 1 })]]);
    }
  });
});
