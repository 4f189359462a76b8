import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ACTIVITY_COUNTERS, ScorecardRepository, UserStatsRepository, type ActivityCounts } from '@gong-connector/persistence';
import { PostgresSearchIndex } from '@gong-connector/search';
import { CALLS, USERS, seedCompany, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';

const counts = (callsAsHost: number): ActivityCounts => Object.fromEntries(ACTIVITY_COUNTERS.map((c) => [c, c === 'callsAsHost' ? callsAsHost : 0])) as ActivityCounts;
const SCORECARD = '8100000000000000001';
const QUESTION = '8200000000000000001';
// The answers are checked field by field below; their schemas are checked by api-response.schemas.int-spec.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

/**
 * The coaching answer's caches (a team's figures per coaching data version, weak-area passages per
 * asking user's filter and search data version) are invalidated by the writes that change what
 * they hold: stats stored by the coaching sync show in the next answer, and passages of a call
 * removed from the index are never served again from the cache.
 */
describe('coaching answer caches (invalidation)', () => {
  let app: AgentApiTestApp;
  const tokens: Record<string, string> = {};
  const coachingOf = async (who: string): Promise<Body> => {
    const res = await fetch(`${app.service.url}/v1/users/${USERS.alice.id}/coaching?from=2026-01-01&to=2026-02-01`, { headers: { authorization: `Bearer ${tokens[who]}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as Body;
  };

  beforeAll(async () => {
    app = await startAgentApi(
      {},
      {
        seed: async (db) => {
          await seedCompany(db);
          await new UserStatsRepository(db.database).upsertActivity([
            { userId: USERS.alice.id, day: '2026-01-06', counts: counts(2), callIds: {} },
            { userId: USERS.bob.id, day: '2026-01-06', counts: counts(9), callIds: {} },
          ]);
          const scorecards = new ScorecardRepository(db.database);
          await scorecards.replaceDefinitions([
            {
              scorecardId: SCORECARD,
              name: 'Discovery',
              workspaceId: null,
              enabled: true,
              reviewMethod: 'MANUAL',
              updaterUserId: null,
              created: null,
              updated: null,
              questions: [{ questionId: QUESTION, questionRevisionId: null, questionText: 'pricing', isOverall: false, questionType: 'SCALE', answerGuide: null, minRange: 1, maxRange: 5, answerOptions: null }],
            },
          ]);
          await scorecards.upsertAnswered([
            {
              answeredScorecardId: '8400000000000000001',
              scorecardId: SCORECARD,
              scorecardName: 'Discovery',
              callId: CALLS.aliceAcme,
              callStartTime: '2026-01-05T15:00:00.000Z',
              reviewedUserId: USERS.alice.id,
              reviewerUserId: USERS.manager.id,
              reviewMethod: 'MANUAL',
              editorUserId: null,
              reviewTime: '2026-01-06T10:00:00.000Z',
              visibilityType: 'PUBLIC',
              answers: [{ questionId: QUESTION, questionRevisionId: null, isOverall: false, score: 2, answerText: null, notApplicable: false, selectedOptions: [] }],
            },
          ]);
        },
      },
    );
    for (const [who, u] of Object.entries(USERS)) tokens[who] = await app.token({ user: u.email });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows stats stored after an answer was cached in the next answer (the coaching data version changed)', async () => {
    const first = await coachingOf('manager');
    expect(first.activity.callsAsHost).toEqual({ value: 2, teamMedian: 5.5, previous: null });
    expect(await coachingOf('manager')).toEqual(first);
    // As the coaching sync stores a re-synced day: the team's cached figures are stale from here on.
    await new UserStatsRepository(app.db.database).upsertActivity([{ userId: USERS.alice.id, day: '2026-01-06', counts: counts(7), callIds: {} }]);
    const second = await coachingOf('manager');
    expect(second.activity.callsAsHost).toEqual({ value: 7, teamMedian: 8, previous: null });
    // The rep asking next gets the same fresh figures, filtered to what they may see (the team cache holds Bob's too).
    const own = await coachingOf('alice');
    expect(own.activity.callsAsHost).toEqual({ value: 7, teamMedian: 7, previous: null });
    expect(JSON.stringify(own)).not.toContain(USERS.bob.id);
  });

  it('never serves cached passages of a call removed from the index (the search data version changed)', async () => {
    const first = await coachingOf('manager');
    expect(first.weakest).toEqual([expect.objectContaining({ questionId: QUESTION, passages: [expect.objectContaining({ callId: CALLS.aliceAcme, text: expect.stringContaining('rockets') })] })]);
    expect((await coachingOf('manager')).weakest).toEqual(first.weakest);
    // As an erasure or a purge of a call Gong no longer has removes it from the index.
    await new PostgresSearchIndex({ database: app.db.database }).deleteCall(CALLS.aliceAcme);
    const second = await coachingOf('manager');
    expect(second.weakest).toEqual([expect.objectContaining({ questionId: QUESTION, passages: [] })]);
    expect(JSON.stringify(second)).not.toContain('rockets');
  });
});
