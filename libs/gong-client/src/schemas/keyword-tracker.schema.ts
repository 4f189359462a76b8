import { z } from 'zod';
import { Wire } from './wire.schema.js';

/** `KeywordTracker` (spec): GET /v2/settings/trackers returns keyword trackers only. */
export const KeywordTrackerSchema = z.object({
  trackerId: Wire.opaqueId,
  trackerName: Wire.optional(z.string()),
  workspaceId: Wire.optional(Wire.gongId),
  languageKeywords: Wire.optional(
    z.array(
      z.object({
        language: Wire.optional(z.string()),
        keywords: Wire.optional(z.array(z.string())),
        includeRelatedForms: Wire.optional(z.boolean()),
      }),
    ),
  ),
  affiliation: Wire.optional(Wire.openEnum(['Anyone', 'Company', 'NonCompany'] as const)),
  partOfQuestion: Wire.optional(z.boolean()),
  saidAt: Wire.optional(Wire.openEnum(['Anytime', 'First', 'Last'] as const)),
  saidAtInterval: Wire.optional(z.number()),
  saidAtUnit: Wire.optional(z.string()),
  saidInTopics: Wire.optional(z.array(z.string())),
  filterQuery: Wire.optional(z.string()),
  created: Wire.optional(Wire.dateTime),
  /** Absent for built-in trackers. */
  creatorUserId: Wire.optional(Wire.gongId),
  updated: Wire.optional(Wire.dateTime),
  updaterUserId: Wire.optional(Wire.gongId),
});
export type KeywordTracker = z.output<typeof KeywordTrackerSchema>;

/** GET /v2/settings/trackers?workspaceId=. */
export const TrackersResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  keywordTrackers: z.array(KeywordTrackerSchema),
});
