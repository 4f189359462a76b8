/** A replicated call as the rest of the system reads it. Ids are Gong's digit strings. */
export interface CallRecord {
  id: string;
  workspaceId: string | null;
  url: string | null;
  title: string;
  scheduled: string | null;
  started: string;
  durationS: number;
  primaryUserId: string | null;
  direction: string | null;
  system: string | null;
  scope: string | null;
  media: string | null;
  language: string | null;
  purpose: string | null;
  meetingUrl: string | null;
  calendarEventId: string | null;
  clientUniqueId: string | null;
  customData: string | null;
  sdrDisposition: string | null;
  isPrivate: boolean;
  brief: string | null;
  keyPoints: unknown[];
  highlights: unknown[];
  outline: unknown[];
  structure: unknown[];
  callOutcome: unknown | null;
  interaction: unknown | null;
  parties: PartyRecord[];
  context: ContextObjectRecord[];
  accounts: CallAccountRecord[];
  topics: TopicRecord[];
  trackers: TrackerRecord[];
}

export interface PartyRecord {
  partyId: string | null;
  speakerId: string | null;
  userId: string | null;
  email: string | null;
  name: string | null;
  title: string | null;
  affiliation: 'Internal' | 'External' | 'Unknown';
  phoneNumber: string | null;
  methods: string[];
  context: unknown[];
}

export interface ContextObjectRecord {
  system: string;
  objectType: string;
  objectId: string;
  name: string | null;
  timing: string | null;
  fields: { name: string; value: unknown }[];
}

export interface AccountRecord {
  /** `crm:<system>:<objectId>` for CRM accounts, `domain:<domain>` for accounts known only by email domain. */
  id: string;
  name: string;
  domain: string | null;
  system: string | null;
  crmObjectId: string | null;
  fields: Record<string, unknown>;
}

export interface CallAccountRecord {
  account: AccountRecord;
  /**
   * `crm`: an Account object of the call's CRM context; `opportunity`: a CRM context with
   * Opportunity objects but no Account object, the opportunity known (from other calls' context) to
   * be of exactly one account; `domain`: an external participant's email domain; `title`: an internal
   * call whose title names exactly one CRM account ("Deal review: Acme").
   */
  source: 'crm' | 'opportunity' | 'domain' | 'title';
}

export interface TopicRecord {
  name: string;
  durationS: number;
}

export interface TrackerRecord {
  trackerId: string;
  name: string;
  type: string | null;
  count: number;
  occurrences: { startTime: number; speakerId: string | null }[];
  phrases: { phrase: string; count: number; occurrences: { startTime: number; speakerId: string | null }[] }[];
}

export interface SentenceRecord {
  start: number;
  end: number;
  text: string;
}

export interface MonologueRecord {
  speakerId: string | null;
  topic: string | null;
  sentences: SentenceRecord[];
}

export interface TranscriptRecord {
  callId: string;
  monologues: MonologueRecord[];
  fetchedAt: string;
}
