import { StorableTextSchema } from '@gong-connector/contracts';
import { z } from 'zod';

/**
 * `POST /v1/briefings` body and answer (also the MCP `meeting_prep` input and output schemas): one
 * file of their own, so the shared request/response schema files stay untouched.
 */
const text = StorableTextSchema;
const int = (min: number, max: number, def: number) => z.coerce.number().int().min(min).max(max).default(def);

/** Longest window of the live check (hours before now). */
export const LIVE_HOURS_MAX = 24;

const email = text
  .trim()
  .toLowerCase()
  .max(320)
  .refine((s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), 'must be an email address like jane@acme.io');

export const BriefingRequestSchema = z.strictObject({
  account: text
    .trim()
    .min(1, 'must not be blank')
    .max(300)
    .describe('The account: its id (crm:Salesforce:001..., domain:acme.io), the bare CRM id (001...), an email domain (acme.io) or its name (or part of it)'),
  attendees: z
    .union([z.array(email), z.string()])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim().toLowerCase()).filter((s) => s !== ''))
    .pipe(z.array(email).max(20, 'at most 20 attendees'))
    .default([])
    .describe('Emails of the people in the meeting (theirs and ours; comma-separated or a list, at most 20)'),
  calls: int(1, 10, 5).describe('How many of the account’s last calls to summarize (1-10, default 5)'),
  liveHours: int(0, LIVE_HOURS_MAX, 6).describe('Look this many hours back in Gong for calls not replicated yet (0-24, default 6; 0 skips the live check)'),
});
export type BriefingRequest = z.infer<typeof BriefingRequestSchema>;

const gongId = z.string().regex(/^\d{1,20}$/);
const callRef = z.object({ id: gongId, title: z.string(), started: z.string(), url: z.string().nullable() });

export const BriefingResponseSchema = z.object({
  account: z.object({
    id: z.string(),
    name: z.string(),
    domains: z.array(z.string()),
    matchedBy: z.string().describe('How the reference named it: id, crm-id, domain, name or partial-name'),
  }),
  generatedAt: z.string(),
  lastCalls: z
    .array(
      callRef.extend({
        internal: z.boolean(),
        brief: z.string().nullable(),
        outcome: z.string().nullable().describe("Gong's call outcome"),
        keyPoints: z.array(z.string()),
        nextSteps: z.array(z.string()),
      }),
    )
    .describe('The account’s last calls you may see, newest first, with Gong’s own summary'),
  attendees: z.array(
    z.object({
      email: z.string(),
      name: z.string().nullable(),
      title: z.string().nullable(),
      affiliation: z.string().nullable().describe('Internal, External or Unknown; null: in no call you may see'),
      callsAttended: z.number().int().describe('Calls you may see that they took part in (any account; capped at 50)'),
      lastCallAt: z.string().nullable(),
      recentCalls: z.array(callRef),
      raised: z
        .array(z.object({ callId: gongId, started: z.string(), text: z.string(), startMs: z.number(), topic: z.string().nullable() }))
        .describe('What they said on this account’s calls (their own passages)'),
    }),
  ),
  openObjections: z
    .array(z.object({ topic: z.enum(['pricing', 'security']), quote: z.string().nullable(), callId: gongId, started: z.string(), atSeconds: z.number() }))
    .describe('Pricing or security objections the customer raised in the last two customer calls'),
  competitors: z
    .array(
      z.object({
        name: z.string(),
        mentions: z.number().int(),
        lastMentionedAt: z.string(),
        quotes: z.array(z.object({ callId: gongId, started: z.string(), text: z.string() })),
      }),
    )
    .describe('Competitors (tracker phrases) the customer mentioned on the calls read'),
  deals: z
    .array(
      z.object({
        dealId: z.string(),
        name: z.string().nullable(),
        stage: z.string().nullable(),
        closeDate: z.string().nullable(),
        score: z.number().int().describe('Deal risk 0-100 from the calls you may see'),
        level: z.enum(['low', 'medium', 'high']),
        factors: z.array(z.object({ name: z.string(), points: z.number(), explanation: z.string() })),
      }),
    )
    .describe('CRM opportunities of the calls read, with stage and risk factors (needs the deals permission)'),
  dealsNote: z.string().nullable(),
  live: z.object({
    checked: z.boolean().describe('Gong was asked (one request at interactive priority)'),
    since: z.string().nullable(),
    gongRequests: z.number().int(),
    newCalls: z.array(callRef.extend({ attendees: z.array(z.string()) })).describe('Calls of the account in Gong that are not replicated yet'),
    note: z.string(),
  }),
  citedCallIds: z.array(gongId).describe('Every call this brief names (all of them calls you may see)'),
  callsRead: z.number().int(),
});
export type BriefingView = z.infer<typeof BriefingResponseSchema>;
