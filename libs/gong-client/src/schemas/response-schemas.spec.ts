import { describe, expect, it } from '@jest/globals';
import { parseGongJson } from '../json/gong-json.parser.js';
import { CallsAccessResponseSchema } from './call-access.schema.js';
import { ExtensiveCallsResponseSchema } from './call-extensive.schema.js';
import { CallTranscriptsResponseSchema } from './call-transcript.schema.js';
import { TrackersResponseSchema } from './keyword-tracker.schema.js';
import { PermissionProfilesResponseSchema, PermissionProfileUsersResponseSchema } from './permission-profile.schema.js';
import { UsersResponseSchema } from './user.schema.js';

// Shaped like the examples of Gong's spec (see shared/docs/GONG-API.md), with some ids sent as raw numbers.
const EXTENSIVE = `{
  "requestId": "4al018gzaztcr8nbukw",
  "records": {"totalRecords": 263, "currentPageSize": 100, "currentPageNumber": 0, "cursor": "eyJhbGciOiJIUzI1NiJ9.x"},
  "calls": [{
    "metaData": {"id": 7782342274025937895, "url": "https://app.gong.io/call?id=7782342274025937895", "title": "Renewal",
      "scheduled": "2018-02-18T02:30:00-08:00", "started": "2018-02-18T02:30:00-08:00", "duration": 460,
      "primaryUserId": "234599484848423", "direction": "Conference", "system": "Zoom", "scope": "External",
      "media": "Video", "language": "eng", "workspaceId": 623457276584334, "sdrDisposition": "Got the gatekeeper",
      "clientUniqueId": "7JEHFRGXDDZFEW2FC4U", "customData": "Conference Call", "purpose": "Demo Call",
      "meetingUrl": "https://zoom.us/j/123", "isPrivate": false, "calendarEventId": "abcde@google.com"},
    "context": [{"system": "Salesforce", "objects": [{"objectType": "Opportunity", "objectId": "0061Q00000mkU1fQAE",
      "fields": [{"name": "StageName", "value": "Open Renewal"}, {"name": "Amount", "value": 50000}], "timing": "Now"}]}],
    "parties": [{"id": "56825452554556", "emailAddress": "a@b.com", "name": "Test User", "title": "AE",
      "userId": 234599484848423, "speakerId": 6432345678555530067,
      "context": [{"system": "Salesforce", "objects": [{"objectType": "Contact", "objectId": "003x", "fields": [], "timing": "Now"}]}],
      "affiliation": "Internal", "phoneNumber": "+1 123-567-8989", "methods": ["Invitee", "Attendee"]},
      {"id": "56825452554557", "name": "Buyer", "affiliation": "External", "userId": null, "speakerId": null}],
    "content": {
      "structure": [{"name": "Meeting Setup", "duration": 67}],
      "trackers": [{"id": "56825452554556", "name": "Competitors", "count": 7, "type": "KEYWORD",
        "occurrences": [{"startTime": 32.56, "speakerId": "6432345678555530067"}],
        "phrases": [{"phrase": "Walmart", "count": 5, "occurrences": [{"startTime": 32.56, "speakerId": "6432345678555530067"}]}]}],
      "topics": [{"name": "Pricing", "duration": 86}],
      "brief": "Spotlight brief", "outline": [{"section": "Intro", "startTime": 12.0, "duration": 300.0, "items": [{"text": "x", "startTime": 15.0}]}],
      "highlights": [{"title": "Next steps", "items": [{"text": "Send quote", "startTimes": [120.5]}]}],
      "callOutcome": {"id": "MEETING_BOOKED", "category": "Answered", "name": "Meeting booked"},
      "keyPoints": [{"text": "Budget approved"}]},
    "interaction": {"speakers": [{"id": "56825452554556", "userId": "234599484848423", "talkTime": 145}],
      "interactionStats": [{"name": "Interactivity", "value": 56}], "video": [{"name": "Browser", "duration": 218}],
      "questions": {"companyCount": 4, "nonCompanyCount": 2}},
    "collaboration": {"publicComments": [{"id": "6843152929075440037", "audioStartTime": 26, "audioEndTime": 26,
      "commenterUserId": "234599484848423", "comment": "@[Jon](234599484848423) look", "posted": "2018-02-18T08:00:00Z",
      "inReplyTo": null, "duringCall": false}]},
    "media": {"audioUrl": "https://media/a", "videoUrl": "https://media/v"}
  }]
}`;

describe('response schemas on spec-shaped answers', () => {
  it('reads POST /v2/calls/extensive with every block, ids as exact strings', () => {
    const data = ExtensiveCallsResponseSchema.parse(parseGongJson(EXTENSIVE));
    const [call] = data.calls;
    expect(data.records.cursor).toBe('eyJhbGciOiJIUzI1NiJ9.x');
    expect(call.metaData).toMatchObject({ id: '7782342274025937895', workspaceId: '623457276584334', isPrivate: false });
    expect(call.parties?.[0]).toMatchObject({ userId: '234599484848423', speakerId: '6432345678555530067', affiliation: 'Internal' });
    expect(call.parties?.[1]).toMatchObject({ userId: undefined, speakerId: undefined, affiliation: 'External' });
    expect(call.context?.[0].objects?.[0].fields).toEqual([
      { name: 'StageName', value: 'Open Renewal' },
      { name: 'Amount', value: 50000 },
    ]);
    expect(call.content?.trackers?.[0].phrases?.[0].phrase).toBe('Walmart');
    expect(call.content?.keyPoints).toEqual([{ text: 'Budget approved' }]);
    expect(call.collaboration?.publicComments?.[0].inReplyTo).toBeUndefined();
  });

  it('names the path of a problem deep inside a call', () => {
    const broken = EXTENSIVE.replace('"speakerId": 6432345678555530067,', '"speakerId": {"x": 1},').replace(
      '"metaData": {"id": 7782342274025937895,',
      '"metaData": {',
    );
    const result = ExtensiveCallsResponseSchema.safeParse(parseGongJson(broken));
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['calls.0.metaData.id', 'calls.0.parties.0.speakerId']);
  });

  it('reads POST /v2/calls/transcript (topic may be null)', () => {
    const data = CallTranscriptsResponseSchema.parse(
      parseGongJson(
        '{"requestId":"r","records":{"totalRecords":1,"currentPageSize":1,"currentPageNumber":0},' +
          '"callTranscripts":[{"callId":7782342274025937895,"transcript":[{"speakerId":6432345678555530067,"topic":null,' +
          '"sentences":[{"start":460230,"end":462343,"text":"No wait, I think we should check that out first."}]}]}]}',
      ),
    );
    expect(data.callTranscripts[0]).toEqual({
      callId: '7782342274025937895',
      transcript: [
        {
          speakerId: '6432345678555530067',
          topic: undefined,
          sentences: [{ start: 460230, end: 462343, text: 'No wait, I think we should check that out first.' }],
        },
      ],
    });
  });

  it('reads users with their manager', () => {
    const data = UsersResponseSchema.parse({
      records: { totalRecords: 1, currentPageSize: 1, currentPageNumber: 0 },
      users: [
        {
          id: '234599484848423',
          emailAddress: 'test@test.com',
          created: '2018-02-17T02:30:00-08:00',
          active: true,
          emailAliases: ['testAlias@test.com'],
          firstName: 'Jon',
          lastName: 'Snow',
          settings: { webConferencesRecorded: true, emailsImported: true },
          managerId: '563515258458745',
          conferencingProviders: [{ provider: 'zoom', isDefault: true }],
          spokenLanguages: [{ language: 'es-ES', primary: true }],
        },
      ],
    });
    expect(data.users[0]).toMatchObject({ id: '234599484848423', managerId: '563515258458745', active: true });
  });

  it('reads permission profiles (null teamLeadIds, unknown levels kept) and their members', () => {
    const profiles = PermissionProfilesResponseSchema.parse({
      profiles: [
        {
          id: '3843152912968920037',
          name: 'Delivery Team Member',
          callsAccess: { permissionLevel: 'managers-team', teamLeadIds: ['295738305212375930'] },
          dealsAccess: { permissionLevel: 'report-to-them', teamLeadIds: null },
          usageAccess: { permissionLevel: 'all / managers-team / report-to-them / own / none', teamLeadIds: null },
          forecastPermissions: { forecastAccess: { permissionLevel: 'own', teamLeadIds: [] } },
          libraryFolderAccess: { permissionLevel: 'all', libraryFolderIds: null, managePublicFolder: true },
          privateCalls: true,
          aiBuilder: true,
        },
      ],
    }).profiles;
    expect(profiles[0]).toMatchObject({
      callsAccess: { permissionLevel: 'managers-team', teamLeadIds: ['295738305212375930'] },
      dealsAccess: { permissionLevel: 'report-to-them', teamLeadIds: undefined },
      privateCalls: true,
    });
    expect(PermissionProfilesResponseSchema.safeParse({ profiles: [{ id: '1', callsAccess: { teamLeadIds: [] } }] }).error?.issues[0].path).toEqual([
      'profiles',
      0,
      'callsAccess',
      'permissionLevel',
    ]);
    expect(
      PermissionProfileUsersResponseSchema.parse({ users: [{ id: 234599484848423, fullName: 'Jon Snow', emailAddress: 'j@x' }] }).users,
    ).toEqual([{ id: '234599484848423', fullName: 'Jon Snow', emailAddress: 'j@x' }]);
  });

  it('reads users-access and keyword trackers', () => {
    expect(
      CallsAccessResponseSchema.parse(parseGongJson('{"callAccessList":[{"callId":7782342274025937895,"users":[]},{"callId":"1"}]}'))
        .callAccessList,
    ).toEqual([
      { callId: '7782342274025937895', users: [] },
      { callId: '1', users: undefined },
    ]);
    const trackers = TrackersResponseSchema.parse({
      keywordTrackers: [
        {
          trackerId: '6840000929075400007',
          trackerName: 'Competitors',
          workspaceId: '623457276584334',
          languageKeywords: [{ language: 'eng', keywords: ['Walmart'], includeRelatedForms: true }],
          affiliation: 'NonCompany',
          saidAt: 'Anytime',
          creatorUserId: null,
          created: '2024-01-17T16:20:05-03:00',
        },
      ],
    }).keywordTrackers;
    expect(trackers[0]).toMatchObject({ trackerId: '6840000929075400007', creatorUserId: undefined, affiliation: 'NonCompany' });
  });
});
