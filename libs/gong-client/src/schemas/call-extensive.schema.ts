import { z } from 'zod';
import { CallBasicDataSchema } from './call-basic.schema.js';
import { RecordsSchema } from './records.schema.js';
import { Wire } from './wire.schema.js';

export const CRM_SYSTEMS = ['Salesforce', 'HubSpot', 'MicrosoftDynamic', 'Generic'] as const;
export const CONTEXT_TIMINGS = ['Now', 'TimeOfCall'] as const;
export const PARTY_AFFILIATIONS = ['Internal', 'External', 'Unknown'] as const;
export const PARTY_METHODS = ['Invitee', 'Attendee'] as const;
export const TRACKER_TYPES = ['KEYWORD', 'SMART'] as const;

const ContextFieldSchema = z.object({
  name: Wire.optional(z.string()),
  /** Typed `object` in the spec: a string, number, boolean… (integers beyond 2^53 as strings). */
  value: z.unknown(),
});

const ExternalCallObjectSchema = z.object({
  objectType: Wire.optional(Wire.openEnum(['Opportunity', 'Account'] as const)),
  objectId: Wire.optional(Wire.opaqueId),
  fields: Wire.optional(z.array(ContextFieldSchema)),
  timing: Wire.optional(Wire.openEnum(CONTEXT_TIMINGS)),
});

const CallContextSchema = z.object({
  system: Wire.optional(Wire.openEnum(CRM_SYSTEMS)),
  objects: Wire.optional(z.array(ExternalCallObjectSchema)),
});
export type CallContext = z.output<typeof CallContextSchema>;

const ExternalPartyObjectSchema = z.object({
  objectType: Wire.optional(Wire.openEnum(['Contact', 'User', 'Lead'] as const)),
  objectId: Wire.optional(Wire.opaqueId),
  fields: Wire.optional(z.array(ContextFieldSchema)),
  timing: Wire.optional(Wire.openEnum(CONTEXT_TIMINGS)),
});

const PartySchema = z.object({
  id: Wire.optional(Wire.opaqueId),
  emailAddress: Wire.optional(z.string()),
  name: Wire.optional(z.string()),
  title: Wire.optional(z.string()),
  /** Set when the participant is a Gong user. */
  userId: Wire.optional(Wire.gongId),
  /** Set only for participants who spoke; joins `transcript[].speakerId`. */
  speakerId: Wire.optional(Wire.opaqueId),
  context: Wire.optional(
    z.array(
      z.object({
        system: Wire.optional(Wire.openEnum(CRM_SYSTEMS)),
        objects: Wire.optional(z.array(ExternalPartyObjectSchema)),
      }),
    ),
  ),
  affiliation: Wire.optional(Wire.openEnum(PARTY_AFFILIATIONS)),
  phoneNumber: Wire.optional(z.string()),
  methods: Wire.optional(z.array(Wire.openEnum(PARTY_METHODS))),
});
export type Party = z.output<typeof PartySchema>;

const OccurrenceSchema = z.object({
  startTime: Wire.optional(z.number()),
  speakerId: Wire.optional(Wire.opaqueId),
});

const TrackerSchema = z.object({
  id: Wire.optional(Wire.opaqueId),
  name: Wire.optional(z.string()),
  count: Wire.optional(z.number()),
  type: Wire.optional(Wire.openEnum(TRACKER_TYPES)),
  occurrences: Wire.optional(z.array(OccurrenceSchema)),
  phrases: Wire.optional(
    z.array(
      z.object({
        count: Wire.optional(z.number()),
        occurrences: Wire.optional(z.array(OccurrenceSchema)),
        phrase: Wire.optional(z.string()),
      }),
    ),
  ),
});

const ContentSchema = z.object({
  structure: Wire.optional(z.array(z.object({ name: Wire.optional(z.string()), duration: Wire.optional(z.number()) }))),
  trackers: Wire.optional(z.array(TrackerSchema)),
  topics: Wire.optional(z.array(z.object({ name: Wire.optional(z.string()), duration: Wire.optional(z.number()) }))),
  brief: Wire.optional(z.string()),
  outline: Wire.optional(
    z.array(
      z.object({
        section: Wire.optional(z.string()),
        startTime: Wire.optional(z.number()),
        duration: Wire.optional(z.number()),
        items: Wire.optional(
          z.array(z.object({ text: Wire.optional(z.string()), startTime: Wire.optional(z.number()) })),
        ),
      }),
    ),
  ),
  highlights: Wire.optional(
    z.array(
      z.object({
        title: Wire.optional(z.string()),
        items: Wire.optional(
          z.array(z.object({ text: Wire.optional(z.string()), startTimes: Wire.optional(z.array(z.number())) })),
        ),
      }),
    ),
  ),
  callOutcome: Wire.optional(
    z.object({
      id: Wire.optional(z.string()),
      category: Wire.optional(z.string()),
      name: Wire.optional(z.string()),
    }),
  ),
  keyPoints: Wire.optional(z.array(z.object({ text: Wire.optional(z.string()) }))),
});
export type CallContent = z.output<typeof ContentSchema>;

const InteractionSchema = z.object({
  speakers: Wire.optional(
    z.array(
      z.object({
        id: Wire.optional(Wire.opaqueId),
        userId: Wire.optional(Wire.gongId),
        talkTime: Wire.optional(z.number()),
      }),
    ),
  ),
  interactionStats: Wire.optional(z.array(z.object({ name: Wire.optional(z.string()), value: Wire.optional(z.number()) }))),
  video: Wire.optional(z.array(z.object({ name: Wire.optional(z.string()), duration: Wire.optional(z.number()) }))),
  questions: Wire.optional(
    z.object({ companyCount: Wire.optional(z.number()), nonCompanyCount: Wire.optional(z.number()) }),
  ),
});

const CommentSchema = z.object({
  id: Wire.optional(Wire.opaqueId),
  audioStartTime: Wire.optional(z.number()),
  audioEndTime: Wire.optional(z.number()),
  commenterUserId: Wire.optional(Wire.gongId),
  comment: Wire.optional(z.string()),
  posted: Wire.optional(Wire.dateTime),
  inReplyTo: Wire.optional(Wire.opaqueId),
  duringCall: Wire.optional(z.boolean()),
});

/** `CallData` (spec): one call of POST /v2/calls/extensive; blocks appear as the content selector asks. */
export const CallDataSchema = z.object({
  metaData: CallBasicDataSchema,
  context: Wire.optional(z.array(CallContextSchema)),
  parties: Wire.optional(z.array(PartySchema)),
  content: Wire.optional(ContentSchema),
  interaction: Wire.optional(InteractionSchema),
  collaboration: Wire.optional(z.object({ publicComments: Wire.optional(z.array(CommentSchema)) })),
  /** URLs valid for 8 hours (scope `api:calls:read:media-url`). */
  media: Wire.optional(z.object({ audioUrl: Wire.optional(z.string()), videoUrl: Wire.optional(z.string()) })),
});
export type CallData = z.output<typeof CallDataSchema>;

/** POST /v2/calls/extensive. */
export const ExtensiveCallsResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  records: RecordsSchema,
  calls: z.array(CallDataSchema),
});
