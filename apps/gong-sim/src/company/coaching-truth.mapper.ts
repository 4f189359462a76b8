import type { ZonedTimeFormatter } from '@gong-connector/contracts';
import { ACTIVITY_COUNTERS, CoachingFiguresService, INTERACTION_NAMES, round2, type ActivityCounter, type InteractionName } from '../transcript/coaching-figures.service.js';
import type { CompanyStore } from './company.store.js';

/**
 * What the stats endpoints ought to yield for a user over [fromDate, toDate) (company-time-zone
 * dates), from the seeded calls and their transcripts. Served only by the simulator's own surface
 * (GongSim.coachingTruth), never by the Gong API: tests compare a connector's replica with it.
 */
export interface UserCoachingTruth {
  userId: string;
  /** Activity counters summed over the range. */
  activity: Record<ActivityCounter, number>;
  /** Per day with hosted calls: the number of calls and the host's figures averaged over them (two decimals, as served). */
  interactionByDay: Array<{ day: string; calls: number; figures: Record<InteractionName, number> }>;
  /** The host's figures averaged over every hosted call of the range (unrounded); null without hosted calls. */
  interaction: Record<InteractionName, number> | null;
  /** Mean score per scorecard question over the answered scorecards (manual and automatic) of the range's calls (reviewed before `reviewedBefore` when given). */
  scorecardAverages: Array<{ scorecardId: string; questionId: string; average: number; answers: number }>;
  /** With a `viewerId`: the answered scorecards of the range left out of the averages because their visibility does not include the viewer. */
  scorecardsNotShared: number;
}

/**
 * Whether a viewer may see an answered scorecard by its visibility, as the connector reads Gong
 * (narrower where Gong does not say): PUBLIC everyone; MANAGERS the reviewer and the reviewed
 * rep's direct manager; MANAGERS_AND_REVIEWEE those and the rep; PRIVATE and OPT_IN_USERS only
 * the reviewer.
 */
export function scorecardVisibleTo(store: CompanyStore, a: { visibilityType: string; reviewerUserId?: string; reviewedUserId: string }, viewerId: string): boolean {
  if (a.visibilityType === 'PUBLIC' || a.reviewerUserId === viewerId) return true;
  if (a.visibilityType === 'MANAGERS_AND_REVIEWEE' && a.reviewedUserId === viewerId) return true;
  return (a.visibilityType === 'MANAGERS' || a.visibilityType === 'MANAGERS_AND_REVIEWEE') && store.user(a.reviewedUserId)?.managerId === viewerId;
}

export function toCoachingTruth(
  store: CompanyStore,
  figures: CoachingFiguresService,
  time: ZonedTimeFormatter,
  options: { userIds: readonly string[]; fromDate: string; toDate: string; reviewedBefore?: string; viewerId?: string },
): UserCoachingTruth[] {
  const calls = figures.callsBetween(time.startOfLocalDate(options.fromDate), time.startOfLocalDate(options.toDate));
  const reviewedBefore = options.reviewedBefore === undefined ? Infinity : time.startOfLocalDate(options.reviewedBefore);
  return options.userIds.map((userId) => {
    const activity = Object.fromEntries(ACTIVITY_COUNTERS.map((k) => [k, 0])) as Record<ActivityCounter, number>;
    for (const c of calls) for (const e of figures.activity(c)) if (e.userId === userId) activity[e.counter]++;
    const hosted = calls.filter((c) => c.primaryUserId === userId);
    const days = new Map<string, typeof hosted>();
    for (const c of hosted) days.set(figures.dayOf(c), [...(days.get(figures.dayOf(c)) ?? []), c]);
    const interactionByDay = [...days.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, dayCalls]) => {
        const mean = CoachingFiguresService.mean(dayCalls.map((c) => figures.interaction(c)));
        return { day, calls: dayCalls.length, figures: Object.fromEntries(INTERACTION_NAMES.map((n) => [n, round2(mean[n])])) as Record<InteractionName, number> };
      });
    const scores = new Map<string, { scorecardId: string; questionId: string; total: number; answers: number }>();
    const cards = new Map(store.data.scorecards.map((s) => [s.scorecardId, s]));
    let scorecardsNotShared = 0;
    for (const c of calls) {
      for (const a of c.scorecards) {
        if (a.reviewedUserId !== userId || a.reviewTime >= reviewedBefore) continue;
        if (options.viewerId !== undefined && !scorecardVisibleTo(store, a, options.viewerId)) {
          scorecardsNotShared++;
          continue;
        }
        cards.get(a.scorecardId)!.questions.forEach((q, i) => {
          const key = `${a.scorecardId}:${q.questionId}`;
          const s = scores.get(key) ?? { scorecardId: a.scorecardId, questionId: q.questionId, total: 0, answers: 0 };
          s.total += a.scores[i] ?? 3;
          s.answers++;
          scores.set(key, s);
        });
      }
    }
    return {
      userId,
      activity,
      interactionByDay,
      interaction: hosted.length ? CoachingFiguresService.mean(hosted.map((c) => figures.interaction(c))) : null,
      scorecardAverages: [...scores.values()].map((s) => ({ scorecardId: s.scorecardId, questionId: s.questionId, average: s.total / s.answers, answers: s.answers })),
      scorecardsNotShared,
    };
  });
}
