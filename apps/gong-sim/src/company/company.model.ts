/**
 * The simulated company: plain data, generated from a seed (see CompanyGenerator). Instants are
 * epoch milliseconds; they are formatted with the company time zone only at the API edge.
 */

export type CallsAccessLevel = 'all' | 'managers-team' | 'report-to-them' | 'own' | 'none';

export type CallPhase = 'discovery' | 'demo' | 'pricing' | 'security' | 'follow-up' | 'internal';

export type UserRole = 'ceo' | 'cro' | 'vp' | 'director' | 'manager' | 'rep' | 'sdr' | 'se' | 'csm' | 'enablement' | 'revops';

export interface Workspace {
  id: string;
  name: string;
  description: string;
}

export interface User {
  id: string;
  firstName: string;
  lastName: string;
  emailAddress: string;
  title: string;
  role: UserRole;
  /** Absent for the CEO. */
  managerId?: string;
  /** The workspace the user works in (their calls land there). */
  workspaceId: string;
  active: boolean;
  created: number;
  /** Set for inactive users: they host no calls after this. */
  deactivated?: number;
  phoneNumber?: string;
  extension?: string;
  /** Avatars are Gong employees; listed only with includeAvatars=true. */
  isAvatar: boolean;
  meetingSlug: string;
  crmUserId: string;
}

export interface AccessGrant {
  permissionLevel: CallsAccessLevel;
  teamLeadIds: string[] | null;
}

export interface PermissionProfile {
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  callsAccess: AccessGrant;
  dealsAccess: AccessGrant;
  coachingAccess: AccessGrant;
  insightsAccess: AccessGrant;
  usageAccess: AccessGrant;
  emailsAccess: AccessGrant;
  forecastAccess: AccessGrant;
  /** Boolean capabilities, keyed by the spec's field names. */
  flags: Record<string, boolean>;
  libraryLevel: 'none' | 'all' | 'specific-folders';
  /** Members, in the order they were assigned. */
  userIds: string[];
}

export interface Account {
  /** Salesforce Account id (18 chars). */
  crmId: string;
  name: string;
  domain: string;
  industry: string;
  website: string;
  ownerUserId: string;
  employees: number;
}

export interface Opportunity {
  crmId: string;
  accountCrmId: string;
  name: string;
  stage: string;
  amount: number;
  probability: number;
  closeDate: string;
  leadSource: string;
  type: string;
  ownerUserId: string;
}

export interface Contact {
  crmId: string;
  accountCrmId: string;
  firstName: string;
  lastName: string;
  emailAddress: string;
  title: string;
  phoneNumber?: string;
}

export interface CallParty {
  id: string;
  name?: string;
  emailAddress?: string;
  title?: string;
  userId?: string;
  /** Only parties who spoke have one. */
  speakerId?: string;
  affiliation: 'Internal' | 'External' | 'Unknown';
  phoneNumber?: string;
  methods: Array<'Invitee' | 'Attendee'>;
  contactCrmId?: string;
}

export interface CallComment {
  id: string;
  audioStartTime: number;
  commenterUserId: string;
  comment: string;
  posted: number;
  inReplyTo?: string;
  duringCall: boolean;
}

export interface Call {
  id: string;
  /** Seed of everything derived lazily (transcript, analysis). */
  seedKey: string;
  title: string;
  phase: CallPhase;
  scheduled: number;
  started: number;
  /** Seconds. */
  duration: number;
  primaryUserId: string;
  workspaceId: string;
  direction: 'Inbound' | 'Outbound' | 'Conference' | 'Unknown';
  system: string;
  scope: 'Internal' | 'External' | 'Unknown';
  media: 'Video' | 'Audio';
  language: string;
  isPrivate: boolean;
  purpose?: string;
  meetingUrl?: string;
  calendarEventId?: string;
  clientUniqueId?: string;
  sdrDisposition?: string;
  customData?: string;
  parties: CallParty[];
  accountCrmId?: string;
  opportunityCrmId?: string;
  /** Opportunity stage when the call happened (context timing TimeOfCall). */
  stageAtCall?: string;
  /** False for a call whose CRM context Gong could not match. */
  hasCrmContext: boolean;
  competitor: string;
  comments: CallComment[];
  /** When the call completed in the simulation (seeded calls: their end). */
  completedAt: number;
  /** The transcript is served from this instant on (Gong processes calls after they end). */
  transcriptReadyAt: number;
  /** Answered scorecards (manual or automatic) for this call. */
  scorecards: AnsweredScorecardSeed[];
  callOutcome?: { id: string; category: string; name: string };
  /** Opportunity close date when the call happened (context timing TimeOfCall); deal calls only. */
  closeDateAtCall?: string;
  /** How a seeded deal's call is talked (see DealGenerator); absent for every other call. */
  script?: DealCallScript;
}

/** Knobs a seeded deal's hidden health sets on each of its calls' transcripts. */
export interface DealCallScript {
  /** Most lines the customer says per turn (1..5; the default script says 1..4). */
  buyerLines: number;
  /** Most lines the seller says per turn (the default script says 1..2). */
  sellerLines: number;
  /** Weights of script segments in the middle of the call, replacing the phase's (competition, pricing, security). */
  extra: Array<[string, number]>;
  /** False: the call ends without agreeing next steps. */
  nextSteps: boolean;
  /** Chance that a customer turn may include objection lines (1: as the default script). */
  objectionRate: number;
}

/**
 * A seeded deal and its hidden truth. `health` drives, with noise, both what its calls show and
 * whether a closed deal was won. Never served by the Gong API: benchmarks' judging only.
 */
export interface DealTruth {
  opportunityCrmId: string;
  accountCrmId: string;
  health: number;
  outcome: 'won' | 'lost' | 'open';
  callIds: string[];
}

export interface AnsweredScorecardSeed {
  answeredScorecardId: string;
  scorecardId: string;
  reviewedUserId: string;
  reviewerUserId?: string;
  reviewMethod: 'AUTOMATIC' | 'MANUAL';
  reviewTime: number;
  visibilityType: 'PUBLIC' | 'PRIVATE' | 'OPT_IN_USERS' | 'MANAGERS' | 'MANAGERS_AND_REVIEWEE';
  scores: number[];
}

export interface Tracker {
  id: string;
  workspaceId: string;
  name: string;
  keywords: string[];
  affiliation: 'Anyone' | 'Company' | 'NonCompany';
  created: number;
  creatorUserId: string;
}

export interface ScorecardQuestion {
  questionId: string;
  questionRevisionId: string;
  questionText: string;
  isOverall: boolean;
  questionType: string;
  minRange: number;
  maxRange: number;
}

export interface Scorecard {
  scorecardId: string;
  scorecardName: string;
  workspaceId: string;
  enabled: boolean;
  updaterUserId: string;
  created: number;
  updated: number;
  reviewMethod: 'AUTOMATIC' | 'MANUAL';
  questions: ScorecardQuestion[];
}

export interface LibraryFolder {
  id: string;
  workspaceId: string;
  name: string;
  parentFolderId?: string;
  createdBy: string;
  updated: number;
  /** Gong's API returns public folders only. */
  visibility: 'public' | 'private' | 'archived';
  calls: Array<{ callId: string; note: string; addedBy: string; created: number; snippet?: { fromSec: number; toSec: number } }>;
}

export interface Flow {
  id: string;
  workspaceId: string;
  name: string;
  folderId: string;
  folderName: string;
  visibility: 'Company' | 'Personal' | 'Shared';
  ownerUserId: string;
  sharedWithUserIds: string[];
  creationDate: number;
  exclusive: boolean;
}

export type FlowInstanceStatus = 'Pending' | 'Running' | 'Paused' | 'FinishedNoReply' | 'FinishedResponse' | 'Finished';

export interface FlowInstance {
  id: string;
  flowId: string;
  crmProspectId: string;
  ownerUserId: string;
  created: number;
  status: FlowInstanceStatus;
}

export interface Task {
  id: string;
  userId: string;
  workspaceId: string;
  created: number;
  updated: number;
  status: 'OPEN' | 'DONE' | 'DISMISSED';
  type: 'FLOW' | 'MANUAL';
  title: string;
  dueDate: number;
  accountCrmId?: string;
  opportunityCrmId?: string;
  contactCrmId?: string;
  additionalContactCrmIds: string[];
  flowId?: string;
  flowStep?: { id: string; name: string; stepNumber: number };
  priority: { id: string; name: string; weight: number };
}

export interface CompanySizes {
  users: number;
  accounts: number;
  calls: number;
  days: number;
  workspaces: number;
  /** Seeded deals with health-driven calls (0 or absent: none, the company stays as before). */
  deals?: number;
}

export interface Company {
  seed: string;
  sizes: CompanySizes;
  name: string;
  domain: string;
  product: string;
  timeZone: string;
  /** Calls are spread over [anchor - days, anchor). */
  anchor: number;
  competitors: string[];
  workspaces: Workspace[];
  users: User[];
  profiles: PermissionProfile[];
  accounts: Account[];
  opportunities: Opportunity[];
  contacts: Contact[];
  /** Sorted by `started`, oldest first. */
  calls: Call[];
  /** API-granted access (POST/PUT/DELETE /v2/calls/users-access): callId -> userIds. */
  usersAccess: Map<string, string[]>;
  trackers: Tracker[];
  /** One SMART tracker ("Objections") per workspace: workspaceId -> tracker id. */
  smartTrackerIds: Map<string, string>;
  scorecards: Scorecard[];
  folders: LibraryFolder[];
  flows: Flow[];
  flowInstances: FlowInstance[];
  tasks: Task[];
  /** Seeded deals' hidden truth (empty unless sizes.deals > 0). */
  deals: DealTruth[];
}
