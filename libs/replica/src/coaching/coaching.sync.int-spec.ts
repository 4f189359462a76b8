import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GongClient, LocalPacer, type PermitSource } from '@gong-connector/gong-client';
import { CallOutcomeRepository, LibraryRepository, ScorecardRepository, UserStatsRepository } from '@gong-connector/persistence';
import { FakeClock, testDatabase, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { CoachingSync } from './coaching.sync.js';

const FIGURES = { talkRatio: 'Talk Ratio', longestMonologue: 'Longest Monologue', longestCustomerStory: 'Longest Customer Story', interactivity: 'Interactivity', patience: 'Patience', questionRate: 'Question Rate' } as const;

const daysOf = (r: { from: string; to: string }) => Math.round((Date.parse(r.to) - Date.parse(r.from)) / 86_400_000);

describe('CoachingSync against gong-sim', () => {
  let db: TestDatabase;
  let sim: GongSim;
  const clock = new FakeClock();
  const client = (maxAttempts: number, permits: PermitSource = new LocalPacer({ requestsPerSecond: 1000 })) =>
    new GongClient({
      auth: { kind: 'basic', accessKey: sim.credentials.accessKey, accessKeySecret: sim.credentials.accessKeySecret },
      permits,
      baseUrl: sim.baseUrl,
      retry: { maxAttempts, baseDelayMs: 0, maxDelayMs: 0 },
    });
  const TZ = 'America/Los_Angeles';
  let range: { from: string; to: string };

  beforeAll(async () => {
    db = await testDatabase();
    sim = await startGongSim({ port: 0, seed: 'coaching-sync', users: 40, calls: 500, days: 20, clock, ratePerSecond: 1_000_000, dailyLimit: 1_000_000_000 });
    const truth = sim.groundTruth({ includeCalls: false });
    range = { from: new Date(Date.parse(truth.range.from) - 86_400_000).toISOString().slice(0, 10), to: new CoachingSync(db.database, client(1), clock, { timeZone: TZ }).today() };
  });
  afterAll(async () => {
    await sim?.close();
    await db?.close();
  });

  it('resumes a backfill that crashed mid-stream at its checkpoint, without asking Gong again for what it stored', async () => {
    // The process dies (its permits stop) after 7 interaction requests: mid-stream.
    const pacer = new LocalPacer({ requestsPerSecond: 1000 });
    let interaction = 0;
    const dying: PermitSource = {
      acquire: (r) => {
        if (r.endpoint === 'POST /v2/stats/interaction' && ++interaction > 7) return Promise.reject(new Error('process killed'));
        return pacer.acquire(r);
      },
      report: (p, o) => pacer.report(p, o),
    };
    await expect(new CoachingSync(db.database, client(1, dying), clock, { timeZone: TZ }).backfill(range)).rejects.toThrow('process killed');
    const sync = new CoachingSync(db.database, client(1), clock, { timeZone: TZ });
    const stats = new UserStatsRepository(db.database);
    const storedDays = new Set((await stats.dailyInteraction(range)).map((r) => r.day)).size;
    expect(storedDays).toBeGreaterThan(0);
    expect(storedDays).toBeLessThanOrEqual(7);
    sim.resetStats();
    const resumed = await sync.backfill(range);
    const byEndpoint = sim.stats().byEndpoint;
    // Activity was checkpointed before the crash: not asked again; interaction resumes at the failed day.
    expect(byEndpoint['POST /v2/stats/activity/day-by-day']).toBeUndefined();
    expect(resumed.interactionDays).toBe(daysOf(range) - 7);
    expect(byEndpoint['POST /v2/stats/interaction']).toEqual({ '200': daysOf(range) - 7 });
  });

  it('stores interaction stats and scorecard averages equal to the sim’s ground truth for 20 reps', async () => {
    const sync = new CoachingSync(db.database, client(3), clock, { timeZone: TZ });
    await sync.run();
    const stats = new UserStatsRepository(db.database);
    const cards = new ScorecardRepository(db.database);
    const calls = sim.company.data.calls;
    const reps = [...new Set(calls.filter((c) => c.scorecards.length > 0).map((c) => c.primaryUserId))].slice(0, 20);
    expect(reps).toHaveLength(20);
    const truth = sim.coachingTruth({ userIds: reps, fromDate: range.from, toDate: range.to, reviewedBefore: range.to });
    const daily = await stats.dailyInteraction({ userIds: reps, ...range });
    const averages = await stats.interactionAverages({ userIds: reps, ...range });
    const totals = await stats.activityTotals({ userIds: reps, ...range });
    const scorecardAverages = await cards.questionAverages({ reviewedUserIds: reps, callFrom: new Date(Date.parse(`${range.from}T08:00:00Z`)).toISOString() });
    for (const t of truth) {
      const mine = daily.filter((d) => d.userId === t.userId);
      expect(mine.map((d) => d.day)).toEqual(t.interactionByDay.map((d) => d.day));
      for (const [i, d] of t.interactionByDay.entries()) {
        for (const [key, name] of Object.entries(FIGURES)) expect(mine[i].figures[key as keyof typeof FIGURES]).toBe(d.figures[name]);
      }
      const avg = averages.find((a) => a.userId === t.userId)!;
      for (const [key, name] of Object.entries(FIGURES)) expect(avg.figures[key as keyof typeof FIGURES]).toBeCloseTo(t.interaction![name], 2);
      expect(totals.find((x) => x.userId === t.userId)!.counts).toEqual(t.activity);
      const myCards = scorecardAverages.filter((a) => a.userId === t.userId).map((a) => ({ scorecardId: a.scorecardId, questionId: a.questionId, average: a.average, answers: a.answers }));
      expect(myCards.sort((a, b) => a.questionId.localeCompare(b.questionId))).toEqual([...t.scorecardAverages].sort((a, b) => a.questionId.localeCompare(b.questionId)));
      expect(myCards.length).toBeGreaterThan(0);
    }
    // Definitions, outcomes and the Library came with the first incremental run.
    expect((await cards.definitions()).length).toBe(sim.company.data.scorecards.length);
    expect((await new CallOutcomeRepository(db.database).list()).length).toBeGreaterThan(0);
    const folders = await new LibraryRepository(db.database).folders();
    expect(folders.length).toBe(sim.company.data.folders.filter((f) => f.visibility === 'public').length);
    const clipped = sim.company.data.folders.find((f) => f.visibility === 'public' && f.calls.some((c) => c.snippet))!;
    const clips = await new LibraryRepository(db.database).clips(clipped.id);
    expect(clips.map((c) => [c.callId, c.fromSec, c.toSec])).toEqual(clipped.calls.map((c) => [c.callId, c.snippet?.fromSec ?? null, c.snippet?.toSec ?? null]));
  });

  it('re-runs idempotently: the same rows, and an up-to-date incremental run asks only for its lookback days', async () => {
    const stats = new UserStatsRepository(db.database);
    const cards = new ScorecardRepository(db.database);
    const before = { daily: await stats.dailyInteraction(range), activity: await stats.dailyActivity(range), cards: await cards.answered({ limit: 10_000 }) };
    const sync = new CoachingSync(db.database, client(3), clock, { timeZone: TZ, lookbackDays: 2 });
    await db.database.query(`DELETE FROM sync_checkpoints WHERE name LIKE 'coaching.backfill:%'`);
    await sync.backfill(range);
    sim.resetStats();
    const again = await sync.run();
    expect(again.interactionDays).toBe(2);
    expect(sim.stats().byEndpoint['POST /v2/stats/interaction']).toEqual({ '200': 2 });
    expect(await stats.dailyInteraction(range)).toEqual(before.daily);
    expect(await stats.dailyActivity(range)).toEqual(before.activity);
    expect(await cards.answered({ limit: 10_000 })).toEqual(before.cards);
  });
});
