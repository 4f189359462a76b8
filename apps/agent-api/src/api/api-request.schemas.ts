import { GongIdSchema, IsoDateTimeSchema } from '@gong-connector/contracts';
import { z } from 'zod';

const int = (min: number, max: number, def: number) => z.coerce.number().int().min(min).max(max).default(def);
const nonBlank = z.string().trim().min(1, 'must not be blank');
const list = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s !== ''))
  .pipe(z.array(z.string()).min(1, 'must name at least one value').max(100));

/**
 * The agent API's request schemas, shared by the REST controllers, the MCP tools and the OpenAPI
 * document. Query-string values arrive as strings, hence the coercions.
 */
export const ApiRequestSchemas = {
  callId: z.strictObject({ id: GongIdSchema }),
  listCalls: z.strictObject({
    from: IsoDateTimeSchema.optional().describe('Calls that started at or after this ISO date-time'),
    to: IsoDateTimeSchema.optional().describe('Calls that started before this ISO date-time'),
    account: nonBlank.optional().describe('Account id (as listed by /v1/accounts)'),
    participant: nonBlank.optional().describe('Participant email or Gong user id'),
    text: nonBlank.max(200).optional().describe('Case-insensitive text in the call title'),
    limit: int(1, 100, 20).describe('Calls per page (1-100, default 20)'),
    cursor: z.string().min(1).max(500).optional().describe('nextCursor of the previous page'),
  }),
  transcript: z.strictObject({
    fromMs: z.coerce.number().int().min(0).optional().describe('Only sentences ending after this offset (ms from call start)'),
    toMs: z.coerce.number().int().min(1).optional().describe('Only sentences starting before this offset (ms from call start)'),
    limit: int(1, 500, 100).describe('Monologues per page (1-500, default 100)'),
    cursor: z.string().min(1).max(20).optional().describe('nextCursor of the previous page'),
  }),
  search: z.strictObject({
    q: z.string().max(1000).optional().describe('Words to find (websearch syntax: "exact phrase", or, -exclude); omit to list passages by filter'),
    account: list.optional().describe('Account ids (comma-separated)'),
    call: list.optional().describe('Call ids (comma-separated)'),
    from: IsoDateTimeSchema.optional().describe('Calls that started at or after this ISO date-time'),
    to: IsoDateTimeSchema.optional().describe('Calls that started before this ISO date-time'),
    speakerAffiliation: list.pipe(z.array(z.enum(['Internal', 'External', 'Unknown']))).optional().describe('Internal, External, Unknown'),
    speakerEmail: list.optional().describe('Speaker emails (comma-separated)'),
    tracker: list.optional().describe('Tracker names (comma-separated)'),
    topic: list.optional().describe('Topic names (comma-separated)'),
    limit: int(1, 100, 10).describe('Passages per page (1-100, default 10)'),
    cursor: z.string().min(1).max(2000).optional().describe('nextCursor of the previous page (same query)'),
    facets: int(0, 50, 10).describe('Buckets per facet (0 skips facets)'),
  }),
  listAccounts: z.strictObject({
    q: nonBlank.max(200).optional().describe('Case-insensitive text in the account name or domain'),
    limit: int(1, 100, 20).describe('Accounts per page (1-100, default 20)'),
    offset: int(0, 10_000, 0).describe('Accounts to skip'),
  }),
  accountResearch: z.strictObject({
    q: z.string().trim().min(1).max(1000).optional().describe('A research question: its most relevant passages from the account’s calls are included'),
    passages: int(0, 50, 8).describe('How many passages to include (0-50, default 8)'),
    recentCalls: int(0, 100, 10).describe('How many recent calls to list (0-100, default 10)'),
  }),
} as const;

export type ListCallsRequest = z.infer<typeof ApiRequestSchemas.listCalls>;
export type TranscriptRequest = z.infer<typeof ApiRequestSchemas.transcript>;
export type SearchRequest = z.infer<typeof ApiRequestSchemas.search>;
export type ListAccountsRequest = z.infer<typeof ApiRequestSchemas.listAccounts>;
export type AccountResearchRequest = z.infer<typeof ApiRequestSchemas.accountResearch>;
