import type { GongId } from '@gong-connector/contracts';

/** Query of GET /v2/calls. Dates are ISO-8601; `from` inclusive, `to` exclusive (scheduled time for web conferences). */
export interface ListCallsQuery {
  fromDateTime?: string;
  toDateTime?: string;
  workspaceId?: GongId;
}

/** `filter` of POST /v2/calls/extensive (call start time; `primaryUserIds` matches the host only). */
export interface ExtensiveCallsFilter {
  fromDateTime?: string;
  toDateTime?: string;
  workspaceId?: GongId;
  callIds?: GongId[];
  primaryUserIds?: GongId[];
}

/** `contentSelector.exposedFields.content` of POST /v2/calls/extensive; every flag defaults to false. */
export interface ExposedContentFields {
  structure?: boolean;
  topics?: boolean;
  trackers?: boolean;
  /** Needs `trackers`. */
  trackerOccurrences?: boolean;
  /** Deprecated by Gong. */
  pointsOfInterest?: boolean;
  brief?: boolean;
  outline?: boolean;
  highlights?: boolean;
  callOutcome?: boolean;
  keyPoints?: boolean;
}

/** `contentSelector` of POST /v2/calls/extensive. With none, only `metaData` comes back. */
export interface ContentSelector {
  /** `None` (default), `Basic` (CRM object links) or `Extended` (links and field values). */
  context?: 'None' | 'Basic' | 'Extended';
  /** Only with `Extended`; default `['Now']`. */
  contextTiming?: Array<'Now' | 'TimeOfCall'>;
  exposedFields?: {
    parties?: boolean;
    content?: ExposedContentFields;
    interaction?: { speakers?: boolean; video?: boolean; personInteractionStats?: boolean; questions?: boolean };
    collaboration?: { publicComments?: boolean };
    /** Media URLs (valid 8 hours); needs scope `api:calls:read:media-url`. */
    media?: boolean;
  };
}

/** Body of POST /v2/calls/extensive, without the cursor (the iterators add it). */
export interface ExtensiveCallsRequest {
  filter: ExtensiveCallsFilter;
  contentSelector?: ContentSelector;
}

/** `filter` of POST /v2/calls/transcript (start time; with `callIds`, only those within the range). */
export interface TranscriptsFilter {
  fromDateTime?: string;
  toDateTime?: string;
  workspaceId?: GongId;
  callIds?: GongId[];
}
