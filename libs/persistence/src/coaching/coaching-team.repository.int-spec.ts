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

  it('bumps a version once per transaction that writes rows of the domain, at commit; a statement that changes no row bumps nothing', async () => {
    const stats = new UserStatsRepository(db.database);
    const before = await team.versions();
    await db.database.transaction(async (tx) => {
      await stats.upsertActivity([{ userId: ALICE, day: '2026-01-07', counts: counts(1), callIds: {} }], tx);
      await stats.upsertActivity([{ userId: BOB, day: '2026-01-07', counts: counts(1), callIds: {} }], tx);
      // Deferred to commit: not bumped yet inside the transaction.
      const inside: Array<{ version: string }> = await db.database.query(`SELECT version::text AS version FROM replica_data_versions WHERE domain = 'coaching'`, [], tx);
      expect(inside[0]!.version).toBe(before.coaching);
    });
    const after = await team.versions();
    expect(BigInt(after.coaching)).toBe(BigInt(before.coaching) + 1n);
    await db.database.query(`DELETE FROM gong_user_day_activity WHERE user_id = '1100000000000000404'`);
    expect(await team.versions()).toEqual(after);
  });

  it('bumps the search version on writes to the PostgreSQL index tables (TRUNCATE included), and only that version', async () => {
    const before = await team.versions();
    await db.database.query('TRUNCATE search_chunks, search_chunk_texts');
    const after = await team.versions();
    expect(BigInt(after.search)).toBeGreaterThan(BigInt(before.search));
    expect(after.coaching).toBe(before.coaching);
  });

  it('splits activity, interaction and scorecard averages at a day exactly as two separate reads of the halves', async () => {
    const stats = new UserStatsRepository(db.database);
    const days = ['2026-02-03', '2026-02-17', '2026-03-02', '2026-03-20'];
    await stats.upsertActivity(days.flatMap((day, k) => [ALICE, BOB].map((u, j) => ({ userId: u, day, counts: counts(k + 2 * j + 1), callIds: {} }))));
    await stats.upsertInteraction(
      days.flatMap((day, k) => [ALICE, BOB].map((u, j) => ({ userId: u, day, figures: { talkRatio: 0.3 + k / 10 + j / 20, longestMonologue: 60 + k, longestCustomerStory: null, interactivity: 5, patience: 1, questionRate: 2 }, stats: [] }))),
    );
    await new ScorecardRepository(db.database).upsertAnswered(
      days.flatMap((day, k) =>
        [ALICE, BOB].map((u, j) => ({
          answeredScorecardId: `85000000000000000${k}${j}`,
          scorecardId: '8100000000000000001',
          scorecardName: 'Discovery',
          callId: `70000000000000001${k}${j}`,
          callStartTime: `${day}T10:00:00.000Z`,
          reviewedUserId: u,
          reviewerUserId: MANAGER,
          reviewMethod: 'MANUAL',
          editorUserId: null,
          reviewTime: `${day}T12:00:00.000Z`,
          visibilityType: 'PUBLIC',
          answers: [{ questionId: '8200000000000000001', questionRevisionId: null, isOverall: false, score: 1 + ((k + j) % 5), answerText: null, notApplicable: false, selectedOptions: [] }],
        })),
      ),
    );
    const userIds = [ALICE, BOB];
    const [from, splitAt, to] = ['2026-02-01', '2026-03-01', '2026-04-01'];
    const activity = await stats.activityTotalsSplit({ userIds, from, to }, splitAt);
    expect(activity.previous).toEqual(await stats.activityTotals({ userIds, from, to: splitAt }));
    expect(activity.current).toEqual(await stats.activityTotals({ userIds, from: splitAt, to }));
    expect(activity.current.map((a) => [a.userId, a.counts.callsAsHost])).toEqual([[ALICE, 3 + 4], [BOB, 5 + 6]]);
    const interaction = await stats.interactionAveragesSplit({ userIds, from, to }, splitAt);
    expect(interaction.previous).toEqual(await stats.interactionAverages({ userIds, from, to: splitAt }));
    expect(interaction.current).toEqual(await stats.interactionAverages({ userIds, from: splitAt, to }));
    expect(interaction.current).toHaveLength(2);
    const iso = (d: string) => `${d}T00:00:00.000Z`;
    const scorecards = new ScorecardRepository(db.database);
    const questions = await scorecards.questionAveragesSplit({ reviewedUserIds: userIds, callFrom: iso(from), callTo: iso(to) }, iso(splitAt));
    expect(questions.previous).toEqual(await scorecards.questionAverages({ reviewedUserIds: userIds, callFrom: iso(from), callTo: iso(splitAt) }));
    expect(questions.current).toEqual(await scorecards.questionAverages({ reviewedUserIds: userIds, callFrom: iso(splitAt), callTo: iso(to) }));
    expect(questions.current.map((q) => [q.userId, q.average])).toEqual([[ALICE, 3.5], [BOB, 4.5]]);
  });
});
