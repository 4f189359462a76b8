import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Call } from '../company/company.model.js';
import { SeededRandom } from '../company/seeded.random.js';
import { GongHttpError } from '../http/gong-http.error.js';
import { int64 } from '../http/gong-json.serializer.js';
import { gongRoute } from '../http/gong-route.js';
import { gongId, isoDate, isoDateTime, parseInput } from '../http/request.validation.js';
import type { SimContext } from '../sim/sim.context.js';

const COUNTERS = [
  'callsAsHost',
  'callsGaveFeedback',
  'callsRequestedFeedback',
  'callsReceivedFeedback',
  'ownCallsListenedTo',
  'othersCallsListenedTo',
  'callsSharedInternally',
  'callsSharedExternally',
  'callsScorecardsFilled',
  'callsScorecardsReceived',
  'callsAttended',
  'callsCommentsGiven',
  'callsCommentsReceived',
  'callsMarkedAsFeedbackGiven',
  'callsMarkedAsFeedbackReceived',
] as const;

/** Stats: aggregate user activity and answered scorecards, dates in the company time zone. */
export function registerStatsRoutes(app: FastifyInstance, ctx: SimContext): void {
  const AggregateBody = z.object({
    cursor: z.string().optional(),
    filter: z.object({
      fromDate: isoDate,
      toDate: isoDate,
      createdFromDateTime: isoDateTime.optional(),
      createdToDateTime: isoDateTime.optional(),
      userIds: z.array(gongId).optional(),
    }),
  });
  const ScorecardsBody = z.object({
    cursor: z.string().optional(),
    filter: z.object({
      callFromDate: isoDate.optional(),
      callToDate: isoDate.optional(),
      reviewFromDate: isoDate.optional(),
      reviewToDate: isoDate.optional(),
      reviewMethod: z.enum(['AUTOMATIC', 'MANUAL', 'BOTH']).optional(),
      reviewedUserIds: z.array(gongId).optional(),
      scorecardIds: z.array(gongId).optional(),
    }),
  });
  const startOf = (date: string | undefined) => (date === undefined ? undefined : ctx.time.startOfLocalDate(date));
  const within = (t: number, from?: number, to?: number) => (from === undefined || t >= from) && (to === undefined || t < to);

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/stats/activity/aggregate',
    scope: 'api:stats:user-actions',
    handler: (req) => {
      const body = parseInput(AggregateBody, req.body, 'body');
      const f = body.filter;
      const from = startOf(f.fromDate)!;
      const to = startOf(f.toDate)!;
      const today = ctx.time.localDate(ctx.clock.now());
      if (f.toDate > nextDay(today)) throw GongHttpError.badRequest('filter.toDate: must not be later than the current day');
      if (from >= to) throw GongHttpError.badRequest('filter.fromDate: must be before filter.toDate');
      for (const id of f.userIds ?? []) if (!ctx.store.user(id)) throw GongHttpError.notFound('User not found');
      const wanted = f.userIds ? new Set(f.userIds) : undefined;
      const users = ctx.store.data.users.filter(
        (u) =>
          !u.isAvatar &&
          (!wanted || wanted.has(u.id)) &&
          (f.createdFromDateTime === undefined || u.created >= f.createdFromDateTime) &&
          (f.createdToDateTime === undefined || u.created < f.createdToDateTime),
      );
      const calls = ctx.store.data.calls.filter((c) => within(c.started, from, to));
      const stats = new Map<string, Record<(typeof COUNTERS)[number], number>>();
      const bump = (userId: string, key: (typeof COUNTERS)[number], n = 1) => {
        let s = stats.get(userId);
        if (!s) stats.set(userId, (s = Object.fromEntries(COUNTERS.map((k) => [k, 0])) as Record<(typeof COUNTERS)[number], number>));
        s[key] += n;
      };
      for (const c of calls) countActivity(c, ctx, bump);
      const records = users.filter((u) => stats.has(u.id));
      if (records.length === 0) throw GongHttpError.notFound('No stats found corresponding to the provided filters');
      const { cursor: _c, ...request } = (req.body ?? {}) as Record<string, unknown>;
      const page = ctx.paginator.page('POST /v2/stats/activity/aggregate', request, body.cursor, records, ctx.settings.pageSize);
      return {
        records: page.records,
        usersAggregateActivityStats: page.items.map((u) => ({ userId: u.id, userEmailAddress: u.emailAddress, userAggregateActivityStats: stats.get(u.id) })),
        fromDateTime: ctx.time.format(from),
        toDateTime: ctx.time.format(to),
        timeZone: ctx.settings.timeZone,
      };
    },
  });

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/stats/activity/scorecards',
    scope: 'api:stats:scorecards',
    handler: (req) => {
      const body = parseInput(ScorecardsBody, req.body, 'body');
      const f = body.filter;
      const method = f.reviewMethod ?? 'MANUAL';
      const reviewed = f.reviewedUserIds ? new Set(f.reviewedUserIds) : undefined;
      const cards = f.scorecardIds ? new Set(f.scorecardIds) : undefined;
      const [callFrom, callTo, reviewFrom, reviewTo] = [f.callFromDate, f.callToDate, f.reviewFromDate, f.reviewToDate].map(startOf);
      const rows = [];
      for (const call of ctx.store.data.calls) {
        if (!within(call.started, callFrom, callTo)) continue;
        for (const a of call.scorecards) {
          if (method !== 'BOTH' && a.reviewMethod !== method) continue;
          if (reviewed && !reviewed.has(a.reviewedUserId)) continue;
          if (cards && !cards.has(a.scorecardId)) continue;
          if (!within(a.reviewTime, reviewFrom, reviewTo)) continue;
          rows.push({ call, a });
        }
      }
      if (rows.length === 0) throw GongHttpError.notFound('Answered scorecards not found');
      const { cursor: _c, ...request } = (req.body ?? {}) as Record<string, unknown>;
      const page = ctx.paginator.page('POST /v2/stats/activity/scorecards', request, body.cursor, rows, ctx.settings.pageSize);
      const scorecards = new Map(ctx.store.data.scorecards.map((s) => [s.scorecardId, s]));
      return {
        records: page.records,
        answeredScorecards: page.items.map(({ call, a }) => {
          const card = scorecards.get(a.scorecardId)!;
          return {
            answeredScorecardId: int64(a.answeredScorecardId),
            scorecardId: int64(a.scorecardId),
            scorecardName: card.scorecardName,
            callId: int64(call.id),
            callStartTime: ctx.time.format(call.started),
            reviewedUserId: int64(a.reviewedUserId),
            // Null for automatic reviews, as the spec documents.
            reviewerUserId: a.reviewerUserId ? int64(a.reviewerUserId) : null,
            reviewMethod: a.reviewMethod,
            editorUserId: null,
            reviewTime: ctx.time.format(a.reviewTime),
            visibilityType: a.visibilityType,
            answers: card.questions.map((q, i) => ({
              questionId: int64(q.questionId),
              questionRevisionId: int64(q.questionRevisionId),
              isOverall: q.isOverall,
              score: a.scores[i] ?? 3,
              answerText: a.scores[i] >= 4 ? 'Done well' : 'Room to improve',
              notApplicable: false,
              selectedOptions: [],
            })),
          };
        }),
      };
    },
  });
}

/** Activity a call generates for its people; listening and sharing are drawn from the call seed. */
function countActivity(c: Call, ctx: SimContext, bump: (userId: string, key: (typeof COUNTERS)[number], n?: number) => void): void {
  bump(c.primaryUserId, 'callsAsHost');
  for (const p of c.parties) if (p.userId && p.userId !== c.primaryUserId && p.methods.includes('Attendee')) bump(p.userId, 'callsAttended');
  for (const cm of c.comments) {
    bump(cm.commenterUserId, 'callsCommentsGiven');
    if (cm.commenterUserId !== c.primaryUserId) bump(c.primaryUserId, 'callsCommentsReceived');
  }
  for (const a of c.scorecards) {
    bump(a.reviewedUserId, 'callsScorecardsReceived');
    if (a.reviewerUserId) bump(a.reviewerUserId, 'callsScorecardsFilled');
  }
  const r = SeededRandom.derive(c.seedKey, 'activity');
  if (r.chance(0.3)) bump(c.primaryUserId, 'ownCallsListenedTo');
  const manager = ctx.store.user(c.primaryUserId)?.managerId;
  if (manager && r.chance(0.25)) bump(manager, 'othersCallsListenedTo');
  if (manager && r.chance(0.08)) {
    bump(c.primaryUserId, 'callsRequestedFeedback');
    bump(manager, 'callsGaveFeedback');
    bump(c.primaryUserId, 'callsReceivedFeedback');
  }
  if (r.chance(0.1)) bump(c.primaryUserId, 'callsSharedInternally');
  if (c.scope === 'External' && r.chance(0.04)) bump(c.primaryUserId, 'callsSharedExternally');
  if (manager && r.chance(0.05)) {
    bump(manager, 'callsMarkedAsFeedbackGiven');
    bump(c.primaryUserId, 'callsMarkedAsFeedbackReceived');
  }
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
