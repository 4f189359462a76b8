import type { GongId } from '@gong-connector/contracts';

/** `filter` of POST /v2/stats/activity/aggregate, /aggregate-by-period, /day-by-day and /v2/stats/interaction. */
export interface StatsFilter {
  /** `YYYY-MM-DD` in the company time zone, inclusive. */
  fromDate: string;
  /** `YYYY-MM-DD` in the company time zone, exclusive, not later than the current day. */
  toDate: string;
  createdFromDateTime?: string;
  createdToDateTime?: string;
  /** Users to report on (all users with activity when absent). */
  userIds?: GongId[];
}

export type AggregationPeriod = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';

/** `filter` of POST /v2/stats/activity/scorecards (dates `YYYY-MM-DD`, company time zone). */
export interface AnsweredScorecardsFilter {
  callFromDate?: string;
  callToDate?: string;
  reviewFromDate?: string;
  reviewToDate?: string;
  /** MANUAL when absent. */
  reviewMethod?: 'AUTOMATIC' | 'MANUAL' | 'BOTH';
  reviewedUserIds?: GongId[];
  scorecardIds?: GongId[];
}

/** Query of GET /v2/coaching (all required; sent kebab-case). */
export interface CoachingQuery {
  workspaceId: GongId;
  managerId: GongId;
  /** ISO-8601 date-time. */
  from: string;
  to: string;
}
