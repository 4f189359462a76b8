import { z } from 'zod';
import { RecordsSchema } from './records.schema.js';
import { Wire } from './wire.schema.js';

export const CALL_DIRECTIONS = ['Inbound', 'Outbound', 'Conference', 'Unknown'] as const;
export const CALL_SCOPES = ['Internal', 'External', 'Unknown'] as const;
export const CALL_MEDIA = ['Video', 'Audio'] as const;

/**
 * `CallBasicData` (spec): `calls[]` of GET /v2/calls, `call` of GET /v2/calls/{id}, `metaData` of
 * POST /v2/calls/extensive. Only `id` is required; the spec marks every field optional.
 */
export const CallBasicDataSchema = z.object({
  id: Wire.gongId,
  url: Wire.optional(z.string()),
  title: Wire.optional(z.string()),
  scheduled: Wire.optional(Wire.dateTime),
  started: Wire.optional(Wire.dateTime),
  /** Seconds. */
  duration: Wire.optional(z.number()),
  /** The host. */
  primaryUserId: Wire.optional(Wire.gongId),
  direction: Wire.optional(Wire.openEnum(CALL_DIRECTIONS)),
  system: Wire.optional(z.string()),
  scope: Wire.optional(Wire.openEnum(CALL_SCOPES)),
  media: Wire.optional(Wire.openEnum(CALL_MEDIA)),
  /** ISO-639-2B (`eng`, `fre`; `und` unsupported, `zxx` not enough speech). */
  language: Wire.optional(z.string()),
  workspaceId: Wire.optional(Wire.gongId),
  sdrDisposition: Wire.optional(z.string()),
  clientUniqueId: Wire.optional(z.string()),
  customData: Wire.optional(z.string()),
  purpose: Wire.optional(z.string()),
  meetingUrl: Wire.optional(z.string()),
  isPrivate: Wire.optional(z.boolean()),
  calendarEventId: Wire.optional(z.string()),
});
export type CallBasicData = z.output<typeof CallBasicDataSchema>;

/** GET /v2/calls. */
export const CallsResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  records: RecordsSchema,
  calls: z.array(CallBasicDataSchema),
});

/** GET /v2/calls/{id}. */
export const SpecificCallResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  call: CallBasicDataSchema,
});
