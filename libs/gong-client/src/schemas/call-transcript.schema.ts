import { z } from 'zod';
import { RecordsSchema } from './records.schema.js';
import { Wire } from './wire.schema.js';

/** One sentence; `start`/`end` are milliseconds from the start of the call. */
const SentenceSchema = z.object({
  start: z.number(),
  end: z.number(),
  text: z.string(),
});

/** One monologue: consecutive sentences of one speaker. */
const MonologueSchema = z.object({
  /** Joins `parties[].speakerId` of /v2/calls/extensive. */
  speakerId: Wire.opaqueId,
  topic: Wire.optional(z.string()),
  sentences: z.array(SentenceSchema),
});
export type Monologue = z.output<typeof MonologueSchema>;

/** `CallTranscript` (spec). */
export const CallTranscriptSchema = z.object({
  callId: Wire.gongId,
  transcript: z.array(MonologueSchema),
});
export type CallTranscript = z.output<typeof CallTranscriptSchema>;

/** POST /v2/calls/transcript. */
export const CallTranscriptsResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  records: RecordsSchema,
  callTranscripts: z.array(CallTranscriptSchema),
});
