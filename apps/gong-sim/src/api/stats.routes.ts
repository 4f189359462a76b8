import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { User } from '../company/company.model.js';
import { GongHttpError } from '../http/gong-http.error.js';
import { int64 } from '../http/gong-json.serializer.js';
import { gongRoute } from '../http/gong-route.js';
import { gongId, isoDate, isoDateTime, parseInput } from '../http/request.validation.js';
import type { SimContext } from '../sim/sim.context.js';
import { ACTIVITY_COUNTERS, CoachingFiguresService, INTERACTION_NAMES, round2, type ActivityCounter, type ActivityEvent } from '../transcript/coaching-figures.service.js';
import { addDays, periodOf, type AggregationPeriod } from './stats-period.js';

type Counts = Record<ActivityCounter, number>;
const zero = (): Counts => Object.fromEntries(ACTIVITY_COUNTERS.map((k) => [k, 0])) as Counts;

/**
 * Stats: user activity (aggregate, by period, day by day), interaction stats and answered
 * scorecards, dates in the company time zone. Every figure is derived from the seeded calls and
 * their transcripts (CoachingFiguresService), so the ground truth agrees with what is served.
 */
export function registerStatsRoutes(app: FastifyInstance, ctx: SimContext): void {
  const StatsFilter = z.object({
    fromDate: isoDate,
    toDate: isoDate,
    createdFromDateTime: isoDateTime.optional(),
    createdToDateTime: isoDateTime.optional(),
    userIds: z.array(gongId).optional(),
  });
  const StatsBody = z.object({ cursor: z.string().optional(), filter: StatsFilter });
  const ByPeriodBody = StatsBody.extend({ aggregationPeriod: z.enum(['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR']) });
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
  const figures = ctx.figures;

  /** The filter every stats request shares: range checks, unknown users, the users it covers. */
  const scope = (f: z.output<typeof StatsFilter>) => {
    const from = startOf(f.fromDate)!;
    const to = startOf(f.toDate)!;
    const today = ctx.time.localDate(ctx.clock.now());
    if (f.toDate > addDays(today, 1)) throw GongHttpError.badRequest('filter.toDate: must not be later than the current day');
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
    return { from, to, users, calls: figures.callsBetween(from, to) };
  };
  /** Activity events of the calls, per user, with each call's date. */
  const eventsByUser = (calls: ReturnType<typeof scope>['calls']) => {
    const byUser = new Map<string, Array<ActivityEvent & { day: string }>>();
    for (const c of calls) {
      const day = figures.dayOf(c);
      for (const e of figures.activity(c)) {
        let list = byUser.get(e.userId);
        if (!list) byUser.set(e.userId, (list = []));
        list.push({ ...e, day });
      }
    }
    return byUser;
  };
  const requestOf = (body: unknown) => {
    const { cursor: _c, ...request } = (body ?? {}) as Record<string, unknown>;
    return request;
  };
  const page = <T>(endpoint: string, body: unknown, cursor: string | undefined, items: T[], none: string) => {
    if (items.length === 0) throw GongHttpError.notFound(none);
    return ctx.paginator.page(endpoint, requestOf(body), cursor, items, ctx.settings.pageSize);
  };
  const NO_STATS = 'No stats found corresponding to the provided filters';

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/stats/activity/aggregate',
    scope: 'api:stats:user-actions',
    handler: (req) => {
      const body = parseInput(StatsBody, req.body, 'body');
      const s = scope(body.filter);
      const events = eventsByUser(s.calls);
      const p = page('POST /v2/stats/activity/aggregate', req.body, body.cursor, s.users.filter((u) => events.has(u.id)), NO_STATS);
      return {
        records: p.records,
        usersAggregateActivityStats: p.items.map((u) => ({ userId: u.id, userEmailAddress: u.emailAddress, userAggregateActivityStats: sum(events.get(u.id)!) })),
        fromDateTime: ctx.time.format(s.from),
        toDateTime: ctx.time.format(s.to),
        timeZone: ctx.settings.timeZone,
      };
    },
  });

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/stats/activity/aggregate-by-period',
    scope: 'api:stats:user-actions',
    handler: (req) => {
      const body = parseInput(ByPeriodBody, req.body, 'body');
      const s = scope(body.filter);
      const events = eventsByUser(s.calls);
      const p = page('POST /v2/stats/activity/aggregate-by-period', req.body, body.cursor, s.users.filter((u) => events.has(u.id)), NO_STATS);
      return {
        records: p.records,
        usersAggregateActivity: p.items.map((u) => ({
          userId: u.id,
          userEmailAddress: u.emailAddress,
          userAggregateActivity: grouped(events.get(u.id)!, (day) => periodOf(day, body.aggregationPeriod as AggregationPeriod, body.filter.fromDate, body.filter.toDate)).map(
            ({ key, items }) => ({ ...sum(items), fromDate: key.fromDate, toDate: key.toDate }),
          ),
        })),
      };
    },
  });

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/stats/activity/day-by-day',
    scope: 'api:stats:user-actions:detailed',
    handler: (req) => {
      const body = parseInput(StatsBody, req.body, 'body');
      const s = scope(body.filter);
      const events = eventsByUser(s.calls);
      const p = page('POST /v2/stats/activity/day-by-day', req.body, body.cursor, s.users.filter((u) => events.has(u.id)), NO_STATS);
      return {
        records: p.records,
        usersDetailedActivities: p.items.map((u) => ({
          userId: u.id,
          userEmailAddress: u.emailAddress,
          userDailyActivityStats: grouped(events.get(u.id)!, (day) => ({ fromDate: day, toDate: addDays(day, 1) })).map(({ key, items }) => ({
            ...Object.fromEntries(ACTIVITY_COUNTERS.map((k) => [k, items.filter((e) => e.counter === k).map((e) => e.callId)])),
            fromDate: key.fromDate,
            toDate: key.toDate,
          })),
        })),
      };
    },
  });

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/stats/interaction',
    scope: 'api:stats:interaction',
    handler: (req) => {
      const body = parseInput(StatsBody, req.body, 'body');
      const s = scope(body.filter);
      const hosted = new Map<string, typeof s.calls>();
      for (const c of s.calls) hosted.set(c.primaryUserId, [...(hosted.get(c.primaryUserId) ?? []), c]);
      const p = page('POST /v2/stats/interaction', req.body, body.cursor, s.users.filter((u: User) => hosted.has(u.id)), NO_STATS);
      return {
        records: p.records,
        peopleInteractionStats: p.items.map((u) => {
          const mean = CoachingFiguresService.mean(hosted.get(u.id)!.map((c) => figures.interaction(c)));
          return { userId: u.id, userEmailAddress: u.emailAddress, personInteractionStats: INTERACTION_NAMES.map((name) => ({ name, value: round2(mean[name]) })) };
        }),
        fromDateTime: ctx.time.format(s.from),
        toDateTime: ctx.time.format(s.to),
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
          // A review is answered at its review time: none from the future.
          if (!within(a.reviewTime, reviewFrom, reviewTo) || a.reviewTime > ctx.clock.now()) continue;
          rows.push({ call, a });
        }
      }
      const p = page('POST /v2/stats/activity/scorecards', req.body, body.cursor, rows, 'Answered scorecards not found');
      const scorecards = new Map(ctx.store.data.scorecards.map((s) => [s.scorecardId, s]));
      return {
        records: p.records,
        answeredScorecards: p.items.map(({ call, a }) => {
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

function sum(events: readonly ActivityEvent[]): Counts {
  const counts = zero();
  for (const e of events) counts[e.counter]++;
  return counts;
}

/** Events grouped by a date key (periods in date order). */
function grouped<E extends { day: string }>(events: readonly E[], keyOf: (day: string) => { fromDate: string; toDate: string }): Array<{ key: { fromDate: string; toDate: string }; items: E[] }> {
  const groups = new Map<string, { key: { fromDate: string; toDate: string }; items: E[] }>();
  for (const e of events) {
    const key = keyOf(e.day);
    let g = groups.get(key.fromDate);
    if (!g) groups.set(key.fromDate, (g = { key, items: [] }));
    g.items.push(e);
  }
  return [...groups.values()].sort((a, b) => a.key.fromDate.localeCompare(b.key.fromDate));
}
