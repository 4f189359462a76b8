import { z } from 'zod';
import { GongIdSchema, IsoDateTimeSchema } from '@gong-connector/contracts';

/**
 * What the chunker reads: one call as our replica stores it (shaped after Gong's
 * `/v2/calls/extensive` metaData, parties, context and content) and its transcript (Gong's
 * `/v2/calls/transcript` monologues). Ids stay strings. Optional fields accept `null` as well,
 * because the replica stores absent values as NULL.
 *
 * The chunker itself trusts its (typed) input; callers validate at their edge with this schema.
 */

/** A call participant, from `parties[]`. Only parties who spoke have a `speakerId`. */
export const ChunkInputPartySchema = z.object({
  id: z.string().min(1),
  speakerId: z.string().min(1).nullish(),
  userId: GongIdSchema.nullish(),
  emailAddress: z.string().nullish(),
  name: z.string().nullish(),
  title: z.string().nullish(),
  affiliation: z.enum(['Internal', 'External', 'Unknown']),
});
export type ChunkInputParty = z.infer<typeof ChunkInputPartySchema>;

/** A CRM account linked to the call (`context[].objects[]` with objectType `Account`). */
export const ChunkInputAccountSchema = z.object({ id: z.string().min(1), name: z.string() });
export type ChunkInputAccount = z.infer<typeof ChunkInputAccountSchema>;

/** A CRM opportunity linked to the call (`context[].objects[]` with objectType `Opportunity`). */
export const ChunkInputOpportunitySchema = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  stage: z.string().nullish(),
});
export type ChunkInputOpportunity = z.infer<typeof ChunkInputOpportunitySchema>;

/** When a tracker fired: `startTime` is in SECONDS from call start (Gong sends e.g. 32.56). */
export const ChunkInputTrackerOccurrenceSchema = z.object({
  startTime: z.number().nonnegative(),
  speakerId: z.string().nullish(),
});
export type ChunkInputTrackerOccurrence = z.infer<typeof ChunkInputTrackerOccurrenceSchema>;

/** One phrase of a keyword tracker and when it was said. */
export const ChunkInputTrackerPhraseSchema = z.object({
  phrase: z.string(),
  count: z.number().int().nonnegative().nullish(),
  occurrences: z.array(ChunkInputTrackerOccurrenceSchema).nullish(),
});
export type ChunkInputTrackerPhrase = z.infer<typeof ChunkInputTrackerPhraseSchema>;

/** A tracker of the call, from `content.trackers[]`. */
export const ChunkInputTrackerSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  type: z.enum(['KEYWORD', 'SMART']).nullish(),
  count: z.number().int().nonnegative().nullish(),
  occurrences: z.array(ChunkInputTrackerOccurrenceSchema).nullish(),
  phrases: z.array(ChunkInputTrackerPhraseSchema).nullish(),
});
export type ChunkInputTracker = z.infer<typeof ChunkInputTrackerSchema>;

/** A call-level topic, from `content.topics[]` (duration in seconds). Accepted, not used per chunk. */
export const ChunkInputTopicSchema = z.object({ name: z.string(), duration: z.number().nonnegative().nullish() });
export type ChunkInputTopic = z.infer<typeof ChunkInputTopicSchema>;

/** The call's metadata and context. `duration` is in seconds. */
export const ChunkInputCallSchema = z.object({
  id: GongIdSchema,
  title: z.string().nullish(),
  started: IsoDateTimeSchema,
  duration: z.number().nonnegative(),
  workspaceId: GongIdSchema.nullish(),
  primaryUserId: GongIdSchema.nullish(),
  isPrivate: z.boolean(),
  parties: z.array(ChunkInputPartySchema),
  accounts: z.array(ChunkInputAccountSchema),
  opportunities: z.array(ChunkInputOpportunitySchema),
  trackers: z.array(ChunkInputTrackerSchema),
  topics: z.array(ChunkInputTopicSchema).nullish(),
});
export type ChunkInputCall = z.infer<typeof ChunkInputCallSchema>;

/** A transcript sentence; `start` and `end` are MILLISECONDS from call start. */
export const ChunkInputSentenceSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
});
export type ChunkInputSentence = z.infer<typeof ChunkInputSentenceSchema>;

/** A monologue: consecutive sentences of one speaker. `topic` may be null. */
export const ChunkInputMonologueSchema = z.object({
  speakerId: z.string().nullish(),
  topic: z.string().nullish(),
  sentences: z.array(ChunkInputSentenceSchema),
});
export type ChunkInputMonologue = z.infer<typeof ChunkInputMonologueSchema>;

/** A titled list of Gong's call summary (`highlights[]` by title, `outline[]` by section), item texts only. */
export const ChunkInputSummarySectionSchema = z.object({ title: z.string(), items: z.array(z.string()) });
export type ChunkInputSummarySection = z.infer<typeof ChunkInputSummarySectionSchema>;

/**
 * Gong's summary of the call, as replicated (`content.brief`, `keyPoints[].text`, `highlights[]`,
 * e.g. "Next steps", `outline[]` sections, `callOutcome.name`). Each non-empty part becomes a
 * chunk of section `summary`. Absent or null: the call has none.
 */
export const ChunkInputSummarySchema = z.object({
  brief: z.string().nullish(),
  keyPoints: z.array(z.string()).nullish(),
  highlights: z.array(ChunkInputSummarySectionSchema).nullish(),
  outline: z.array(ChunkInputSummarySectionSchema).nullish(),
  callOutcome: z.string().nullish(),
});
export type ChunkInputSummary = z.infer<typeof ChunkInputSummarySchema>;

/** The chunker's input: a call and its transcript's monologues, in transcript order, and its summary. */
export const ChunkInputSchema = z.object({
  call: ChunkInputCallSchema,
  monologues: z.array(ChunkInputMonologueSchema),
  summary: ChunkInputSummarySchema.nullish(),
});
export type ChunkInput = z.infer<typeof ChunkInputSchema>;
