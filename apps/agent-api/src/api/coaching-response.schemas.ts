import { z } from 'zod';

/**
 * Response schemas of the coaching endpoints (`/v1/users/{id}/coaching`, `/v1/teams/{id}/activity`,
 * `/v1/scorecards`, `/v1/library/...`), also the MCP tools' output schemas (through ApiResponseSchemas).
 */
const gongId = z.string().regex(/^\d{1,20}$/);

const withheld = z
  .array(
    z.object({
      domain: z.string().describe('The permission-profile domain that withheld it (insightsAccess, coachingAccess, libraryFolderAccess, callsAccess)'),
      count: z.number().int().describe('How many items were left out'),
      reason: z.string(),
    }),
  )
  .describe('What your Gong permissions left out of this answer: domain and count, never the content');

const figure = z.object({
  value: z.number().nullable().describe("The rep's value over the period (null: no data)"),
  teamMedian: z.number().nullable().describe("Median over the manager's reports you may see (the rep included)"),
  previous: z.number().nullable().describe("The rep's value over the same length of time just before (their trend)"),
});

const passage = z
  .object({
    chunkId: z.string(),
    callId: gongId,
    text: z.string(),
    startMs: z.number(),
    endMs: z.number(),
    call: z.object({ id: gongId, title: z.string(), started: z.string(), url: z.string().nullable() }).loose(),
  })
  .loose();

export const repCoachingResponse = z.object({
  user: z.object({ id: gongId, name: z.string(), email: z.string().nullable(), title: z.string().nullable(), managerId: z.string().nullable() }),
  period: z.object({ from: z.string(), to: z.string().describe('exclusive'), previousFrom: z.string().describe('Start of the previous period (trend)') }),
  teamSize: z.number().int(),
  activity: z.record(z.string(), figure).nullable().describe('Activity counters (calls hosted, feedback, scorecards, ...); null when withheld'),
  interaction: z.record(z.string(), figure).nullable().describe('Talk ratio, longest monologue, interactivity, patience, question rate; null when withheld'),
  scorecards: z
    .array(figure.extend({ scorecardId: z.string(), questionId: z.string(), question: z.string().nullable(), isOverall: z.boolean(), answers: z.number().int() }))
    .nullable()
    .describe('Average score per scorecard question; null when withheld'),
  weakest: z.array(
    z.object({ questionId: z.string(), question: z.string().nullable(), value: z.number().nullable(), teamMedian: z.number().nullable(), passages: z.array(passage).describe("Moments of the rep's calls that show it (calls you may see)") }),
  ),
  withheld,
});

const counts = z.record(z.string(), z.number());
export const teamActivityResponse = z.object({
  manager: z.object({ id: gongId, name: z.string() }),
  period: z.object({ from: z.string(), to: z.string() }),
  sort: z.string(),
  reps: z.array(z.object({ userId: gongId, name: z.string(), activity: counts.nullable(), interaction: z.record(z.string(), z.number().nullable()).nullable() })),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
  withheld,
});

export const scorecardsResponse = z.object({
  scorecards: z.array(
    z
      .object({
        answeredScorecardId: z.string(),
        scorecardId: z.string(),
        scorecardName: z.string().nullable(),
        callId: z.string(),
        callStartTime: z.string().nullable(),
        reviewedUserId: z.string(),
        reviewerUserId: z.string().nullable(),
        reviewTime: z.string(),
        answers: z.array(z.object({ questionId: z.string(), score: z.number().nullable(), answerText: z.string().nullable(), notApplicable: z.boolean() }).loose()),
      })
      .loose(),
  ),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
  withheld,
});

const folder = z.object({ id: gongId, workspaceId: z.string().nullable(), name: z.string(), parentFolderId: z.string().nullable(), createdBy: z.string().nullable(), updated: z.string().nullable() });
export const libraryFoldersResponse = z.object({ folders: z.array(folder), nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'), withheld });
export const libraryClipsResponse = z.object({
  folder,
  clips: z.array(
    z.object({
      callId: z.string(),
      position: z.number().int(),
      title: z.string().nullable(),
      note: z.string().nullable(),
      fromSec: z.number().nullable(),
      toSec: z.number().nullable(),
      url: z.string().nullable().describe("The call in Gong; null when the clip's call is outside your calls access"),
      excerpt: z.string().nullable().describe("What is said in the clip; null when the call is withheld or not transcribed yet"),
      callVisible: z.boolean(),
    }),
  ),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
  withheld,
});
