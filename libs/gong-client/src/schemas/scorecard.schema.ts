import { z } from 'zod';
import { RecordsSchema } from './records.schema.js';
import { Wire } from './wire.schema.js';

/** `ScorecardQuestion` of GET /v2/settings/scorecards (ids are int64 JSON numbers). */
export const ScorecardQuestionSchema = z.object({
  questionId: Wire.gongId,
  questionRevisionId: Wire.optional(Wire.gongId),
  questionText: Wire.optional(z.string()),
  isOverall: Wire.optional(z.boolean()),
  questionType: Wire.optional(z.string()),
  answerGuide: Wire.optional(z.string()),
  minRange: Wire.optional(z.number().int()),
  maxRange: Wire.optional(z.number().int()),
  answerOptions: Wire.optional(z.array(z.object({ id: Wire.optional(Wire.opaqueId), text: Wire.optional(z.string()) }))),
});

/** `Scorecard` of GET /v2/settings/scorecards. */
export const ScorecardSchema = z.object({
  scorecardId: Wire.gongId,
  scorecardName: Wire.optional(z.string()),
  workspaceId: Wire.optional(Wire.gongId),
  enabled: Wire.optional(z.boolean()),
  updaterUserId: Wire.optional(Wire.gongId),
  created: Wire.optional(Wire.dateTime),
  updated: Wire.optional(Wire.dateTime),
  reviewMethod: Wire.optional(Wire.openEnum(['AUTOMATIC', 'MANUAL'] as const)),
  questions: Wire.optional(z.array(ScorecardQuestionSchema)),
});
export type Scorecard = z.output<typeof ScorecardSchema>;

/** GET /v2/settings/scorecards. */
export const ScorecardsResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  scorecards: Wire.optional(z.array(ScorecardSchema)),
});

/** `Answer` of an answered scorecard. */
export const ScorecardAnswerSchema = z.object({
  questionId: Wire.gongId,
  questionRevisionId: Wire.optional(Wire.gongId),
  isOverall: Wire.optional(z.boolean()),
  score: Wire.optional(z.number().int()),
  answerText: Wire.optional(z.string()),
  notApplicable: Wire.optional(z.boolean()),
  selectedOptions: Wire.optional(z.array(Wire.opaqueId)),
});

/** `AnsweredScorecard` of POST /v2/stats/activity/scorecards (ids are int64 JSON numbers). */
export const AnsweredScorecardSchema = z.object({
  answeredScorecardId: Wire.gongId,
  scorecardId: Wire.gongId,
  scorecardName: Wire.optional(z.string()),
  callId: Wire.gongId,
  callStartTime: Wire.optional(Wire.dateTime),
  reviewedUserId: Wire.gongId,
  /** Absent (null) for automatic reviews. */
  reviewerUserId: Wire.optional(Wire.gongId),
  reviewMethod: Wire.openEnum(['AUTOMATIC', 'MANUAL'] as const),
  editorUserId: Wire.optional(Wire.gongId),
  reviewTime: Wire.dateTime,
  visibilityType: Wire.optional(Wire.openEnum(['PUBLIC', 'PRIVATE', 'OPT_IN_USERS', 'MANAGERS', 'MANAGERS_AND_REVIEWEE'] as const)),
  answers: Wire.optional(z.array(ScorecardAnswerSchema)),
});
export type AnsweredScorecard = z.output<typeof AnsweredScorecardSchema>;

/** POST /v2/stats/activity/scorecards. */
export const AnsweredScorecardsResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  records: RecordsSchema,
  answeredScorecards: Wire.optional(z.array(AnsweredScorecardSchema)),
});
