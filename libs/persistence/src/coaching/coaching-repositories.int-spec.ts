import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { ACTIVITY_COUNTERS, type ActivityCounts, type AnsweredScorecardRecord } from './coaching-records.js';
import { CallOutcomeRepository } from './call-outcome.repository.js';
import { CoachingMetricsRepository } from './coaching-metrics.repository.js';
import { LibraryRepository } from './library.repository.js';
import { ScorecardRepository } from './scorecard.repository.js';
import { UserStatsRepository } from './user-stats.repository.js';

const counts = (over: Partial<ActivityCounts>): ActivityCounts => ({ ...(Object.fromEntries(ACTIVITY_COUNTERS.map((k) => [k, 0])) as ActivityCounts), ...over });
const figures = (talkRatio: number) => ({ talkRatio, longestMonologue: 60, longestCustomerStory: 30, interactivity: 5, patience: 0.5, questionRate: null });

describe('coaching repositories', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it('upserts daily stats idempotently and averages interaction weighted by hosted calls', async () => {
    const stats = new UserStatsRepository(db.database);
    const u = '1234567890123456789';
    await stats.upsertActivity([
      { userId: u, day: '2026-01-05', counts: counts({ callsAsHost: 3 }), callIds: { callsAsHost: ['1', '2', '3'] } },
      { userId: u, day: '2026-01-06', counts: counts({ callsAsHost: 1, callsAttended: 2 }), callIds: {} },
    ]);
    await stats.upsertActivity([{ userId: u, day: '2026-01-06', counts: counts({ callsAsHost: 1, callsAttended: 4 }), callIds: {} }]);
    await expect(stats.activityTotals({ userIds: [u], from: '2026-01-01', to: '2026-02-01' })).resolves.toEqual([
      { userId: u, days: 2, counts: counts({ callsAsHost: 4, callsAttended: 4 }) },
    ]);
    await expect(stats.dailyActivity({ from: '2026-01-05', to: '2026-01-06' })).resolves.toEqual([
      { userId: u, day: '2026-01-05', counts: counts({ callsAsHost: 3 }), callIds: { callsAsHost: ['1', '2', '3'] } },
    ]);
    await stats.upsertInteraction([
      { userId: u, day: '2026-01-05', figures: figures(40), stats: [{ name: 'Talk Ratio', value: 40 }] },
      { userId: u, day: '2026-01-06', figures: figures(80), stats: [{ name: 'Talk Ratio', value: 80 }] },
    ]);
    await stats.upsertInteraction([{ userId: u, day: '2026-01-06', figures: figures(60), stats: [{ name: 'Talk Ratio', value: 60 }] }]);
    const [avg] = await stats.interactionAverages({ userIds: [u], from: '2026-01-01', to: '2026-02-01' });
    // (40 * 3 + 60 * 1) / 4
    expect(avg).toEqual({ userId: u, days: 2, figures: { ...figures(45), questionRate: null } });
    await expect(stats.dailyInteraction({ userIds: [u], from: '2026-01-06', to: '2026-01-07' })).resolves.toEqual([
      { userId: u, day: '2026-01-06', figures: figures(60), stats: [{ name: 'Talk Ratio', value: 60 }] },
    ]);
  });

  it('keeps scorecard definitions and answered scorecards with every answer, and averages per question', async () => {
    const cards = new ScorecardRepository(db.database);
    const q = (questionId: string, isOverall = false) => ({
      questionId,
      questionRevisionId: `${questionId}0`,
      questionText: `Q ${questionId}`,
      isOverall,
      questionType: 'RANGE',
      answerGuide: null,
      minRange: 1,
      maxRange: 5,
      answerOptions: null,
    });
    await cards.replaceDefinitions([
      { scorecardId: '900', name: 'Discovery', workspaceId: '1', enabled: true, reviewMethod: 'MANUAL', updaterUserId: '7', created: null, updated: null, questions: [q('11'), q('12', true)] },
      { scorecardId: '901', name: 'Gone', workspaceId: '1', enabled: true, reviewMethod: 'MANUAL', updaterUserId: '7', created: null, updated: null, questions: [q('13')] },
    ]);
    await cards.replaceDefinitions([
      { scorecardId: '900', name: 'Discovery', workspaceId: '1', enabled: true, reviewMethod: 'MANUAL', updaterUserId: '7', created: null, updated: null, questions: [q('11'), q('12', true)] },
    ]);
    const defs = await cards.definitions();
    expect(defs.map((d) => [d.scorecardId, d.questions.map((x) => x.questionId)])).toEqual([['900', ['11', '12']]]);

    const answered = (id: string, callStart: string, s11: number, s12: number | null): AnsweredScorecardRecord => ({
      answeredScorecardId: id,
      scorecardId: '900',
      scorecardName: 'Discovery',
      callId: `c${id}`,
      callStartTime: callStart,
      reviewedUserId: '42',
      reviewerUserId: '7',
      reviewMethod: 'MANUAL',
      editorUserId: null,
      reviewTime: callStart,
      visibilityType: 'PUBLIC',
      answers: [
        { questionId: '11', questionRevisionId: '110', isOverall: false, score: s11, answerText: 'ok', notApplicable: false, selectedOptions: ['a'] },
        { questionId: '12', questionRevisionId: '120', isOverall: true, score: s12, answerText: null, notApplicable: s12 === null, selectedOptions: [] },
      ],
    });
    await db.database.transaction((tx) => cards.upsertAnswered([answered('1', '2026-01-05T10:00:00.000Z', 2, 4), answered('2', '2026-01-06T10:00:00.000Z', 5, null)], tx));
    await cards.upsertAnswered([answered('2', '2026-01-06T10:00:00.000Z', 4, null)]);
    const list = await cards.answered({ reviewedUserIds: ['42'] });
    expect(list.map((a) => [a.answeredScorecardId, a.answers.map((x) => x.score)])).toEqual([
      ['2', [4, null]],
      ['1', [2, 4]],
    ]);
    expect(list[1].answers[0].selectedOptions).toEqual(['a']);
    await expect(cards.answered({ reviewedUserIds: ['42'], after: { reviewTime: list[0].reviewTime, answeredScorecardId: '2' } })).resolves.toHaveLength(1);
    await expect(cards.questionAverages({ reviewedUserIds: ['42'], callFrom: '2026-01-01T00:00:00Z', callTo: '2026-02-01T00:00:00Z' })).resolves.toEqual([
      { userId: '42', scorecardId: '900', questionId: '11', questionText: 'Q 11', isOverall: false, average: 3, answers: 2 },
      { userId: '42', scorecardId: '900', questionId: '12', questionText: 'Q 12', isOverall: true, average: 4, answers: 1 },
    ]);
  });

  it('replaces Library folders and clips, coaching metrics and call outcomes', async () => {
    const library = new LibraryRepository(db.database);
    const folder = { id: 'f1', workspaceId: '1', name: 'Training', parentFolderId: null, createdBy: '7', updated: '2026-01-01T00:00:00.000Z' };
    const clip = { callId: 'c1', title: 'Call', note: 'Listen', addedBy: '7', created: '2026-01-02T00:00:00.000Z', url: 'https://x', fromSec: 30, toSec: 90 };
    await library.replaceFolder(folder, [clip, { ...clip, callId: 'c2', fromSec: null, toSec: null }]);
    await library.replaceFolder(folder, [clip]);
    await library.replaceFolder({ ...folder, id: 'f2', name: 'Old' }, []);
    await expect(library.removeFoldersExcept(['f1'])).resolves.toBe(1);
    await expect(library.folders()).resolves.toEqual([folder]);
    await expect(library.clips('f1')).resolves.toEqual([{ ...clip, folderId: 'f1', position: 0 }]);
    await expect(library.clipsOfCalls(['c2'])).resolves.toEqual([]);

    const metrics = new CoachingMetricsRepository(db.database);
    const m = { workspaceId: '1', managerId: '7', reportUserId: '42', periodFrom: '2026-01-05', periodTo: '2026-01-12', metrics: { callsListened: ['3'] } };
    await metrics.upsert([m]);
    await metrics.upsert([{ ...m, metrics: { callsListened: ['4'] } }]);
    await expect(metrics.forManager('7', { from: '2026-01-01', to: '2026-02-01' })).resolves.toEqual([{ ...m, metrics: { callsListened: ['4'] } }]);

    const outcomes = new CallOutcomeRepository(db.database);
    const o = { callOutcome: 'Meeting booked', displayOrder: 2, connectStatus: 'CONNECTED', sentiment: 'POSITIVE', todoAction: null, automation: null, category: 'ANSWERED' };
    await outcomes.replaceAll([o, { ...o, callOutcome: 'No answer', displayOrder: 1 }]);
    await outcomes.replaceAll([o]);
    await expect(outcomes.list()).resolves.toEqual([o]);
  });
});
