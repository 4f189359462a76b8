import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { DirectoryRepository } from '../directory/directory.repository.js';
import type { UserRecord } from '../directory/directory-records.js';
import { ACTIVITY_COUNTERS, type ActivityCounts } from './coaching-records.js';
import { CoachingTeamRepository } from './coaching-team.repository.js';
import { ScorecardRepository } from './scorecard.repository.js';
import { UserStatsRepository } from './user-stats.repository.js';

const counts = (callsAsHost: number): ActivityCounts => Object.fromEntries(ACTIVITY_COUNTERS.map((k) => [k, k === 'callsAsHost' ? callsAsHost : 0])) as ActivityCounts;
const user = (id: string, managerId: string | null): UserRecord => ({
  id,
  email: `${id}@ourco.example`,
  firstName: null,
  lastName: null,
  title: null,
  managerId,
  active: true,
  phoneNumber: null,
  created: null,
  emailAliases: [],
});
const MANAGER = '1100000000000000001';
const ALICE = '1100000000000000002';
const BOB = '1100000000000000003';
const LONE = '1100000000000000009';

/**
 * The replica's data versions, which the coaching answers' caches are keyed by: every write to a
 * domain's tables bumps that domain (whoever writes), nothing else does; and a rep's team in one read.
 */
describe('CoachingTeamRepository (data versions, rep and team in one read)', () => {
  let db: TestDatabase;
  let team: CoachingTeamRepository;
  beforeAll(async () => {
    db = await testDatabase();
    team = new CoachingTeamRepository(db.database);
    await new DirectoryRepository(db.database).upsertUsers([user(MANAGER, null), user(ALICE, MANAGER), user(BOB, MANAGER), user(LONE, null)]);
  });
  afterAll(async () => {
    await db.close();
  });

  it("reads a rep with their manager's reports (themself included), or alone without a manager; undefined when unknown", async () => {
    const alice = await team.repTeam(ALICE);
    expect(alice?.rep.id).toBe(ALICE);
    expect(alice?.peers.map((u) => u.id)).toEqual([ALICE, BOB]);
    expect((await team.repTeam(LONE))?.peers.map((u) => u.id)).toEqual([LONE]);
    expect(await team.repTeam('1100000000000000404')).toBeUndefined();
  });

  it('bumps the coaching version on every write of stats or scorecards, and only that version', async () => {
    const before = await team.versions();
    await new UserStatsRepository(db.database).upsertActivity([{ userId: ALICE, day: '2026-01-06', counts: counts(2), callIds: {} }]);
    const afterActivity = await team.versions();
    expect(BigInt(afterActivity.coaching)).toBeGreaterThan(BigInt(before.coaching));
    expect(afterActivity.search).toBe(before.search);
    await new UserStatsRepository(db.database).upsertInteraction([
      { userId: ALICE, day: '2026-01-06', figures: { talkRatio: 0.5, longestMonologue: 60, longestCustomerStory: 30, interactivity: 5, patience: 1, questionRate: 2 }, stats: [] },
    ]);
    const afterInteraction = await team.versions();
    expect(BigInt(afterInteraction.coaching)).toBeGreaterThan(BigInt(afterActivity.coaching));
    await new ScorecardRepository(db.database).upsertAnswered([
      {
        answeredScorecardId: '8400000000000000001',
        scorecardId: '8100000000000000001',
        scorecardName: 'Discovery',
        callId: '7000000000000000001',
        callStartTime: '2026-01-05T15:00:00.000Z',
        reviewedUserId: ALICE,
        reviewerUserId: MANAGER,
        reviewMethod: 'MANUAL',
        editorUserId: null,
        reviewTime: '2026-01-06T10:00:00.000Z',
        visibilityType: 'PUBLIC',
        answers: [{ questionId: '8200000000000000001', questionRevisionId: null, isOverall: false, score: 3, answerText: null, notApplicable: false, selectedOptions: [] }],
      },
    ]);
    const afterScorecards = await team.versions();
    expect(BigInt(afterScorecards.coaching)).toBeGreaterThan(BigInt(afterInteraction.coaching));
    // Users are read on every answer: their writes need no version.
    await new DirectoryRepository(db.database).upsertUsers([user(BOB, MANAGER)]);
    expect(await team.versions()).toEqual(afterScorecards);
    // A rolled-back write leaves the version as it was.
    await expect(
      db.database.transaction(async (tx) => {
        await db.database.query(`DELETE FROM gong_user_day_activity`, [], tx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await team.versions()).toEqual(afterScorecards);
    expect((await team.repTeam(ALICE))?.versions).toEqual(afterScorecards);
  });

  it('bumps the search version on every write to the PostgreSQL index tables (deletes included)', async () => {
    const before = await team.versions();
    await db.database.query(`DELETE FROM search_chunks WHERE call_id = '7000000000000000404'`);
    const after = await team.versions();
    expect(BigInt(after.search)).toBeGreaterThan(BigInt(before.search));
    expect(after.coaching).toBe(before.coaching);
  });
});
