import { z } from 'zod';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';

/** Weeks a trend covers when the request names no `from`. */
export const COMPETITOR_DEFAULT_WEEKS = 12;

/** `GET /v1/competitors` query, and the `competitor_trends` arguments (REST and MCP share it). */
export const CompetitorTrendsRequestSchema = z.strictObject({
  tracker: ApiRequestSchemas.search.shape.tracker.describe(
    'Trackers whose mentions count, by id or name (comma-separated); default: every tracker whose name contains "competit" (e.g. Competitors)',
  ),
  competitor: ApiRequestSchemas.search.shape.tracker.describe('Only these competitors (names, case-insensitive, comma-separated)'),
  by: z
    .enum(['phrase', 'tracker'])
    .default('phrase')
    .describe('phrase (default): each phrase of a tracker is one competitor (one "Competitors" tracker listing them all); tracker: each tracker is one competitor'),
  from: ApiRequestSchemas.search.shape.from.describe(`Calls that started at or after this: a day (2026-11-01) or an ISO date-time; default: ${COMPETITOR_DEFAULT_WEEKS} weeks before to`),
  to: ApiRequestSchemas.search.shape.to.describe('Calls that started before this: a day (2026-11-30, through its end) or an ISO date-time; default: now'),
  quotes: z.coerce.number().int().min(0).max(10).default(3).describe('Quotes of each kind (newest, most relevant) per competitor (0-10, default 3)'),
  limit: z.coerce.number().int().min(1).max(50).default(20).describe('Competitors to answer, most mentioned first (1-50, default 20)'),
});
export type CompetitorTrendsRequest = z.infer<typeof CompetitorTrendsRequestSchema>;

const isoDate = z.string().describe('ISO 8601 date-time');
const quote = z.object({
  callId: z.string().describe('Gong call id'),
  title: z.string(),
  started: isoDate,
  url: z.string().nullable().describe("The call's page in Gong"),
  atSeconds: z.number().describe('When it was said, seconds from the call start'),
  text: z.string().nullable().describe('What was said (null when the transcript is not replicated yet)'),
  speaker: z.object({ name: z.string().nullable(), affiliation: z.string().nullable(), title: z.string().nullable() }),
  side: z.enum(['customer', 'rep', 'unknown']).describe('customer: an external participant; rep: someone of the company'),
  transcript: z.string().describe('API path of the transcript at that moment'),
});
export type CompetitorQuoteView = z.infer<typeof quote>;

const winRate = z.object({
  won: z.number().int(),
  lost: z.number().int(),
  rate: z.number().nullable().describe('won / (won + lost); null without closed deals'),
});

/** `GET /v1/competitors` and `competitor_trends`' structured content. */
export const CompetitorTrendsResponseSchema = z.object({
  range: z.object({ from: isoDate, to: isoDate, timeZone: z.string(), defaulted: z.boolean().describe('true when the request named no from (the last 12 weeks)') }),
  visibleCalls: z.number().int().describe('Calls you may see in the range: the denominator of callShare'),
  deals: z.object({
    counted: z.number().int().describe('Deals (CRM opportunities) of those calls that your Gong deals access covers: the denominator of dealShare'),
    closed: z.number().int().describe('Of them, closed (won or lost): what win rates count'),
    outcomesFrom: z.string().describe('Where closed-deal outcomes come from'),
    note: z.string().nullable().describe('Why deal figures are missing or partial'),
  }),
  competitors: z.array(
    z.object({
      name: z.string(),
      trackers: z.array(z.object({ id: z.string(), name: z.string() })),
      mentions: z.number().int(),
      calls: z.number().int().describe('Calls you may see that mention it'),
      callShare: z.number().nullable().describe('calls / visibleCalls'),
      deals: z.number().int().describe('Deals with a visible call mentioning it'),
      dealShare: z.number().nullable().describe('deals / deals.counted; null when no deal is counted'),
      mentionsByWeek: z.array(z.object({ week: z.string().describe('Monday of the ISO week (UTC)'), mentions: z.number().int(), calls: z.number().int() })),
      winRate: z.object({ withMention: winRate, withoutMention: winRate }).describe('Closed deals whose visible calls mention it, and the other closed deals'),
      quotes: z.object({ newest: z.array(quote), mostRelevant: z.array(quote).describe('Best matches of the name in the search index, customers first') }),
    }),
  ),
  note: z.string().nullable().describe('Why nothing was found, in one sentence'),
});
export type CompetitorTrendsView = z.infer<typeof CompetitorTrendsResponseSchema>;
