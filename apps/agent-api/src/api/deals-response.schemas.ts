import { z } from 'zod';

/** Response schemas of the deals endpoints (`/v1/deals`, `/v1/deals/{id}/risk`), also the `deal_risk` tool's output. */
const gongId = z.string().regex(/^\d{1,20}$/);

const dealSummary = z.object({
  id: z.string().describe('CRM opportunity id'),
  name: z.string().nullable(),
  stage: z.string().nullable(),
  amount: z.number().nullable(),
  closeDate: z.string().nullable().describe('YYYY-MM-DD'),
  outcome: z.enum(['open', 'won', 'lost']),
  accountId: z.string().nullable(),
  accountName: z.string().nullable(),
  ownerUserId: gongId.nullable().describe("The Gong user hosting the deal's newest call (whose deal it is for your dealsAccess level)"),
  callCount: z.number().int(),
  lastCallAt: z.string(),
});

const evidence = z.object({
  callId: gongId,
  date: z.string().describe('When the call started'),
  text: z.string().nullable().describe('A passage of the call, or what the call shows'),
  atSeconds: z.number().optional().describe('Where in the call'),
  callTitle: z.string().nullable(),
  callUrl: z.string().nullable(),
});

const factor = z.object({
  name: z.string().describe('daysSinceCustomerCall, customerTalkShare, decisionMakersAbsent, competitorMentions, objectionsUnresolved, noNextStep, closeDatePushed, stageAge'),
  weight: z.number(),
  risk: z.number().describe('0 (no risk) to 1 (full risk)'),
  points: z.number().describe('Points of the 0-100 score this factor adds'),
  explanation: z.string(),
  evidence: z.array(evidence).describe('From calls you may see only (at most 5; moreEvidence counts the rest)'),
  moreEvidence: z.number().int().describe('Further evidence from calls you may see, not listed'),
  hiddenEvidence: z.number().int().describe('Evidence from calls you may not see: counted, never shown'),
});

export const dealRiskResponse = z.object({
  deal: dealSummary,
  score: z.number().int().describe('0-100: higher is riskier'),
  level: z.enum(['low', 'medium', 'high']),
  asOf: z.string().describe('When the deal was judged (now, or a closed deal’s close date)'),
  callCount: z.number().int(),
  hiddenCallCount: z.number().int().describe('Calls of the deal you may not see: they count in the score, their content is never shown'),
  factors: z.array(factor).describe('Highest points first'),
});

export const listDealsResponse = z.object({
  deals: z.array(
    dealSummary.extend({
      score: z.number().int(),
      level: z.enum(['low', 'medium', 'high']),
      hiddenCallCount: z.number().int(),
      topFactors: z.array(z.object({ name: z.string(), points: z.number(), explanation: z.string() })).describe('The three factors adding the most points'),
    }),
  ),
  scanned: z.number().int().describe('Deals looked at for this page (a risk filter may skip some)'),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null when every deal was looked at'),
});

export const dealRiskToolResponse = z.object({
  risk: dealRiskResponse.nullable().describe('The deal asked for (dealId given)'),
  list: listDealsResponse.nullable().describe('A page of deals (no dealId)'),
});
