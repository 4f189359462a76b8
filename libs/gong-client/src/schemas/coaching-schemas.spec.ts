import { describe, expect, it } from '@jest/globals';
import { parseGongJson } from '../json/gong-json.parser.js';
import {
  AggregateActivityResponseSchema,
  AggregateByPeriodResponseSchema,
  DayByDayActivityResponseSchema,
  InteractionStatsResponseSchema,
} from './activity-stats.schema.js';
import { CallOutcomesResponseSchema } from './call-outcome.schema.js';
import { CoachingResponseSchema } from './coaching.schema.js';
import { LibraryFolderContentResponseSchema, LibraryFoldersResponseSchema } from './library.schema.js';
import { AnsweredScorecardsResponseSchema, ScorecardsResponseSchema } from './scorecard.schema.js';

const RECORDS = '"records": {"totalRecords": 2, "currentPageSize": 2, "currentPageNumber": 0}';
const parse = <T>(schema: { parse: (v: unknown) => T }, json: string): T => schema.parse(parseGongJson(json));

// Shaped like the spec's response models, ids sent both as int64 JSON numbers and as strings.
describe('stats, scorecards, coaching, Library and call outcome schemas', () => {
  it('reads activity aggregates, periods and day-by-day call ids with ids as exact strings', () => {
    const agg = parse(
      AggregateActivityResponseSchema,
      `{"requestId": "r", ${RECORDS}, "usersAggregateActivityStats": [{"userId": "234599484848423", "userEmailAddress": "a@b.com",
        "userAggregateActivityStats": {"callsAsHost": 3, "callsAttended": 1, "callsScorecardsReceived": null}}],
        "fromDateTime": "2024-01-01T00:00:00-08:00", "toDateTime": "2024-02-01T00:00:00-08:00", "timeZone": "US/Pacific"}`,
    );
    expect(agg.usersAggregateActivityStats?.[0]).toEqual({ userId: '234599484848423', userEmailAddress: 'a@b.com', userAggregateActivityStats: { callsAsHost: 3, callsAttended: 1 } });
    const period = parse(
      AggregateByPeriodResponseSchema,
      `{${RECORDS}, "usersAggregateActivity": [{"userId": 7782342274025937895, "userAggregateActivity": [{"callsAsHost": 2, "fromDate": "2024-01-01", "toDate": "2024-01-08"}]}]}`,
    );
    expect(period.usersAggregateActivity?.[0].userId).toBe('7782342274025937895');
    const daily = parse(
      DayByDayActivityResponseSchema,
      `{${RECORDS}, "usersDetailedActivities": [{"userId": "1", "userDailyActivityStats": [{"callsAsHost": [7782342274025937895, "12"], "fromDate": "2024-01-01", "toDate": "2024-01-02"}]}]}`,
    );
    expect(daily.usersDetailedActivities?.[0].userDailyActivityStats?.[0].callsAsHost).toEqual(['7782342274025937895', '12']);
    expect(() => parse(DayByDayActivityResponseSchema, `{${RECORDS}, "usersDetailedActivities": [{"userId": "x"}]}`)).toThrow(/userId/);
  });

  it('reads interaction stats as named figures', () => {
    const res = parse(
      InteractionStatsResponseSchema,
      `{${RECORDS}, "peopleInteractionStats": [{"userId": "1", "personInteractionStats": [{"name": "Talk Ratio", "value": 0.42}, {"name": "Patience", "value": null}]}]}`,
    );
    expect(res.peopleInteractionStats?.[0].personInteractionStats).toEqual([{ name: 'Talk Ratio', value: 0.42 }, { name: 'Patience' }]);
  });

  it('reads scorecard definitions and answered scorecards with int64 ids, null reviewer for automatic reviews', () => {
    const defs = parse(
      ScorecardsResponseSchema,
      `{"scorecards": [{"scorecardId": 6843152929075440037, "scorecardName": "Discovery", "workspaceId": 623457276584334, "enabled": true,
        "updaterUserId": 234599484848423, "reviewMethod": "MANUAL", "questions": [{"questionId": 6843152929075440038, "questionRevisionId": 6843152929075440039,
        "questionText": "Did the rep set an agenda?", "isOverall": false, "questionType": "SCALE", "minRange": 1, "maxRange": 5, "answerOptions": null}]}]}`,
    );
    expect(defs.scorecards?.[0]).toMatchObject({ scorecardId: '6843152929075440037', workspaceId: '623457276584334', questions: [{ questionId: '6843152929075440038' }] });
    const answered = parse(
      AnsweredScorecardsResponseSchema,
      `{${RECORDS}, "answeredScorecards": [{"answeredScorecardId": 9043152929075440037, "scorecardId": 6843152929075440037, "scorecardName": "Discovery",
        "callId": 7782342274025937895, "callStartTime": "2024-01-02T10:00:00-08:00", "reviewedUserId": 234599484848423, "reviewerUserId": null,
        "reviewMethod": "AUTOMATIC", "editorUserId": null, "reviewTime": "2024-01-02T11:00:00-08:00", "visibilityType": "PUBLIC",
        "answers": [{"questionId": 6843152929075440038, "questionRevisionId": 6843152929075440039, "isOverall": false, "score": 4, "answerText": "Yes",
        "notApplicable": false, "selectedOptions": []}]}]}`,
    );
    const a = answered.answeredScorecards![0];
    expect(a).toMatchObject({ answeredScorecardId: '9043152929075440037', callId: '7782342274025937895', reviewMethod: 'AUTOMATIC', answers: [{ score: 4 }] });
    expect(a.reviewerUserId).toBeUndefined();
    expect(() => parse(AnsweredScorecardsResponseSchema, `{${RECORDS}, "answeredScorecards": [{"scorecardId": 1, "callId": 2, "reviewedUserId": 3, "reviewMethod": "MANUAL", "reviewTime": "2024-01-02T11:00:00Z"}]}`)).toThrow(
      /answeredScorecardId/,
    );
  });

  it('reads coaching metrics, Library folders with clips, and call outcomes', () => {
    const coaching = parse(
      CoachingResponseSchema,
      `{"coachingData": [{"manager": {"id": 1, "emailAddress": "m@b.com"}, "directReportsMetrics": [{"report": {"id": "2"}, "metrics": {"callsListened": ["3"]}}]}]}`,
    );
    expect(coaching.coachingData?.[0].directReportsMetrics?.[0]).toEqual({ report: { id: '2' }, metrics: { callsListened: ['3'] } });
    const folders = parse(LibraryFoldersResponseSchema, `{"folders": [{"id": "3843152929075440037", "name": "Training", "parentFolderId": null, "createdBy": "1", "updated": "2024-01-01T00:00:00Z"}]}`);
    expect(folders.folders?.[0].parentFolderId).toBeUndefined();
    const content = parse(
      LibraryFolderContentResponseSchema,
      `{"id": "3843152929075440037", "name": "Training", "calls": [{"id": "7782342274025937895", "title": "Demo", "addedBy": "1", "created": "2024-01-01T00:00:00Z",
        "url": "https://app.gong.io/call?id=7782342274025937895", "snippet": {"fromSec": 30, "toSec": 90}}]}`,
    );
    expect(content.calls?.[0].snippet).toEqual({ fromSec: 30, toSec: 90 });
    const outcomes = parse(CallOutcomesResponseSchema, `{"outcomes": [{"callOutcome": "Meeting booked", "displayOrder": 1, "connectStatus": "CONNECTED", "sentiment": "POSITIVE", "category": "ANSWERED"}]}`);
    expect(outcomes.outcomes?.[0]).toMatchObject({ callOutcome: 'Meeting booked', category: 'ANSWERED' });
  });
});
