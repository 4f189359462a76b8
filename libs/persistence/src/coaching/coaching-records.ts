/**
 * The coaching replica's records (ids are Gong's strings; `day`, `from` and `to` dates are
 * `YYYY-MM-DD` in the company time zone, `to` exclusive; instants are ISO-8601 strings).
 */

/** The activity counters of `POST /v2/stats/activity/*`, in the spec's order. */
export const ACTIVITY_COUNTERS = [
  'callsAsHost',
  'callsGaveFeedback',
  'callsRequestedFeedback',
  'callsReceivedFeedback',
  'ownCallsListenedTo',
  'othersCallsListenedTo',
  'callsSharedInternally',
  'callsSharedExternally',
  'callsScorecardsFilled',
  'callsScorecardsReceived',
  'callsAttended',
  'callsCommentsGiven',
  'callsCommentsReceived',
  'callsMarkedAsFeedbackGiven',
  'callsMarkedAsFeedbackReceived',
] as const;
export type ActivityCounter = (typeof ACTIVITY_COUNTERS)[number];
export type ActivityCounts = Record<ActivityCounter, number>;

/** One user's activity on one day (`POST /v2/stats/activity/day-by-day`): counts and the call ids behind them. */
export interface UserDayActivityRecord {
  userId: string;
  day: string;
  counts: ActivityCounts;
  callIds: Partial<Record<ActivityCounter, string[]>>;
}

/** The named interaction figures (`POST /v2/stats/interaction`) kept as columns. */
export const INTERACTION_STATS = {
  talkRatio: 'Talk Ratio',
  longestMonologue: 'Longest Monologue',
  longestCustomerStory: 'Longest Customer Story',
  interactivity: 'Interactivity',
  patience: 'Patience',
  questionRate: 'Question Rate',
} as const;
export type InteractionStat = keyof typeof INTERACTION_STATS;
export type InteractionFigures = Record<InteractionStat, number | null>;

/** One user's interaction stats for one day: the named figures, and every `{name, value}` Gong sent. */
export interface UserDayInteractionRecord {
  userId: string;
  day: string;
  figures: InteractionFigures;
  stats: Array<{ name: string; value: number | null }>;
}

export interface ActivityTotalsRecord {
  userId: string;
  /** Days with a stored activity row. */
  days: number;
  counts: ActivityCounts;
}

export interface InteractionAveragesRecord {
  userId: string;
  /** Days with stored interaction stats. */
  days: number;
  /** Per figure: the daily values averaged, each day weighted by the calls the user hosted that day (1 when unknown). */
  figures: InteractionFigures;
}

export interface ScorecardQuestionRecord {
  questionId: string;
  questionRevisionId: string | null;
  questionText: string;
  isOverall: boolean;
  questionType: string | null;
  answerGuide: string | null;
  minRange: number | null;
  maxRange: number | null;
  answerOptions: Array<{ id: string | null; text: string | null }> | null;
}

/** A scorecard as configured (`GET /v2/settings/scorecards`). */
export interface ScorecardDefinitionRecord {
  scorecardId: string;
  name: string;
  workspaceId: string | null;
  enabled: boolean;
  reviewMethod: string | null;
  updaterUserId: string | null;
  created: string | null;
  updated: string | null;
  questions: ScorecardQuestionRecord[];
}

export interface ScorecardAnswerRecord {
  questionId: string;
  questionRevisionId: string | null;
  isOverall: boolean;
  score: number | null;
  answerText: string | null;
  notApplicable: boolean;
  selectedOptions: string[];
}

/** An answered scorecard with every answer (`POST /v2/stats/activity/scorecards`). */
export interface AnsweredScorecardRecord {
  answeredScorecardId: string;
  scorecardId: string;
  scorecardName: string | null;
  callId: string;
  callStartTime: string | null;
  reviewedUserId: string;
  reviewerUserId: string | null;
  reviewMethod: string;
  editorUserId: string | null;
  reviewTime: string;
  visibilityType: string | null;
  answers: ScorecardAnswerRecord[];
}

/** Per reviewed user, scorecard and question: the mean score of the applicable, scored answers. */
export interface QuestionAverageRecord {
  userId: string;
  scorecardId: string;
  questionId: string;
  questionText: string | null;
  isOverall: boolean;
  average: number;
  answers: number;
}

/** A manager's coaching metrics for one report over a period (`GET /v2/coaching`). */
export interface CoachingMetricsRecord {
  workspaceId: string;
  managerId: string;
  reportUserId: string;
  periodFrom: string;
  periodTo: string;
  metrics: Record<string, string[]>;
}

export interface LibraryFolderRecord {
  id: string;
  workspaceId: string | null;
  name: string;
  parentFolderId: string | null;
  createdBy: string | null;
  updated: string | null;
}

/** A call (or a moment of it, `fromSec`..`toSec`) in a Library folder, in the folder's order. */
export interface LibraryClipRecord {
  folderId: string;
  position: number;
  callId: string;
  title: string | null;
  note: string | null;
  addedBy: string | null;
  created: string | null;
  url: string | null;
  fromSec: number | null;
  toSec: number | null;
}

/** A call outcome as defined in Gong's dialer setup (`GET /v2/call-outcomes`). */
export interface CallOutcomeRecord {
  callOutcome: string;
  displayOrder: number | null;
  connectStatus: string | null;
  sentiment: string | null;
  todoAction: string | null;
  automation: string | null;
  category: string | null;
}
