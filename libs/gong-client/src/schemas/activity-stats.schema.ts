import { z } from 'zod';
import { RecordsSchema } from './records.schema.js';
import { Wire } from './wire.schema.js';

const count = Wire.optional(z.number().int());
const callIds = Wire.optional(z.array(Wire.gongId));

/** The spec's activity counters (`UserAggregateActivity*`), each optional on the wire. */
const COUNTERS = {
  callsAsHost: count,
  callsGaveFeedback: count,
  callsRequestedFeedback: count,
  callsReceivedFeedback: count,
  ownCallsListenedTo: count,
  othersCallsListenedTo: count,
  callsSharedInternally: count,
  callsSharedExternally: count,
  callsScorecardsFilled: count,
  callsScorecardsReceived: count,
  callsAttended: count,
  callsCommentsGiven: count,
  callsCommentsReceived: count,
  callsMarkedAsFeedbackGiven: count,
  callsMarkedAsFeedbackReceived: count,
};

/** `UserAggregateActivityStats` (POST /v2/stats/activity/aggregate). */
export const UserAggregateActivityStatsSchema = z.object(COUNTERS);
export type UserAggregateActivityStats = z.output<typeof UserAggregateActivityStatsSchema>;

/** POST /v2/stats/activity/aggregate. */
export const AggregateActivityResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  records: RecordsSchema,
  usersAggregateActivityStats: Wire.optional(
    z.array(
      z.object({
        userId: Wire.gongId,
        userEmailAddress: Wire.optional(z.string()),
        userAggregateActivityStats: Wire.optional(UserAggregateActivityStatsSchema),
      }),
    ),
  ),
  fromDateTime: Wire.optional(Wire.dateTime),
  toDateTime: Wire.optional(Wire.dateTime),
  timeZone: Wire.optional(z.string()),
});
export type UserAggregateActivity = NonNullable<z.output<typeof AggregateActivityResponseSchema>['usersAggregateActivityStats']>[number];

/** POST /v2/stats/activity/aggregate-by-period: the counters per period, each with its `fromDate`/`toDate`. */
export const AggregateByPeriodResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  records: RecordsSchema,
  usersAggregateActivity: Wire.optional(
    z.array(
      z.object({
        userId: Wire.gongId,
        userEmailAddress: Wire.optional(z.string()),
        userAggregateActivity: Wire.optional(z.array(z.object({ ...COUNTERS, fromDate: Wire.optional(z.string()), toDate: Wire.optional(z.string()) }))),
      }),
    ),
  ),
});
export type UserActivityByPeriod = NonNullable<z.output<typeof AggregateByPeriodResponseSchema>['usersAggregateActivity']>[number];

/** `UserDailyActivityStats`: per day, the call ids behind each counter. */
export const UserDailyActivityStatsSchema = z.object({
  callsAsHost: callIds,
  callsGaveFeedback: callIds,
  callsRequestedFeedback: callIds,
  callsReceivedFeedback: callIds,
  ownCallsListenedTo: callIds,
  othersCallsListenedTo: callIds,
  callsSharedInternally: callIds,
  callsSharedExternally: callIds,
  callsAttended: callIds,
  callsCommentsGiven: callIds,
  callsCommentsReceived: callIds,
  callsMarkedAsFeedbackGiven: callIds,
  callsMarkedAsFeedbackReceived: callIds,
  callsScorecardsFilled: callIds,
  callsScorecardsReceived: callIds,
  fromDate: Wire.optional(z.string()),
  toDate: Wire.optional(z.string()),
});
export type UserDailyActivityStats = z.output<typeof UserDailyActivityStatsSchema>;

/** POST /v2/stats/activity/day-by-day. */
export const DayByDayActivityResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  records: RecordsSchema,
  usersDetailedActivities: Wire.optional(
    z.array(
      z.object({
        userId: Wire.gongId,
        userEmailAddress: Wire.optional(z.string()),
        userDailyActivityStats: Wire.optional(z.array(UserDailyActivityStatsSchema)),
      }),
    ),
  ),
});
export type UserDailyActivity = NonNullable<z.output<typeof DayByDayActivityResponseSchema>['usersDetailedActivities']>[number];

/** POST /v2/stats/interaction: `{name, value}` figures per user (calls with Whisper on). */
export const InteractionStatsResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  records: RecordsSchema,
  peopleInteractionStats: Wire.optional(
    z.array(
      z.object({
        userId: Wire.gongId,
        userEmailAddress: Wire.optional(z.string()),
        personInteractionStats: Wire.optional(z.array(z.object({ name: z.string(), value: Wire.optional(z.number()) }))),
      }),
    ),
  ),
  fromDateTime: Wire.optional(Wire.dateTime),
  toDateTime: Wire.optional(Wire.dateTime),
  timeZone: Wire.optional(z.string()),
});
export type PersonInteractionStats = NonNullable<z.output<typeof InteractionStatsResponseSchema>['peopleInteractionStats']>[number];
