import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestSim, type TestSim } from '../../test/gong-sim.fixture.js';
import { OpenApiValidator } from '../../test/openapi.validator.js';
import { listGongRoutes } from '../http/gong-route.js';

const specPath = process.env.GONG_OPENAPI_SPEC;
const d = specPath ? describe : describe.skip;
const title = specPath ? 'responses conform to the official Gong OpenAPI spec' : 'OpenAPI conformance (skipped: GONG_OPENAPI_SPEC unset)';

/** Statuses the simulator answers that the spec does not list for that operation (bodies are still ErrorResponse). */
const UNDOCUMENTED_OK = new Set([
  'GET /v2/permission-profile 404',
  'GET /v2/all-permission-profiles 404',
  'GET /v2/permission-profile/users 404',
  'POST /v2/calls/users-access 404',
  'GET /v2/crm/request-status 404',
]);

interface Exchange {
  method: string;
  specPath: string;
  status: number;
  body: string;
}

d(title, () => {
  let t: TestSim;
  let v: OpenApiValidator;
  const exchanges: Exchange[] = [];

  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', specPath: string, url: string, body?: unknown, headers?: Record<string, string>) => {
    const res = await t.request(method, url, body, headers);
    exchanges.push({ method, specPath, status: res.status, body: res.text });
    return res;
  };

  beforeAll(async () => {
    v = new OpenApiValidator(specPath!);
    t = await createTestSim({ users: 150, calls: 250, crmProcessingMs: 1000 });
    const d0 = t.sim.company.data;
    const ws = d0.workspaces[0].id;
    const badAuth = { authorization: 'Basic eDp5' };
    const unknownId = '1234567890123456789';

    // Calls.
    const first = await call('GET', '/v2/calls', '/v2/calls');
    await call('GET', '/v2/calls', `/v2/calls?cursor=${encodeURIComponent(first.json.records.cursor)}`);
    await call('GET', '/v2/calls', `/v2/calls?workspaceId=${ws}&fromDateTime=2025-12-20T00:00:00Z&toDateTime=2026-01-10T00:00:00-08:00`);
    await call('GET', '/v2/calls', '/v2/calls?fromDateTime=2001-01-01T00:00:00Z&toDateTime=2001-01-02T00:00:00Z');
    await call('GET', '/v2/calls', '/v2/calls?fromDateTime=yesterday');
    await call('GET', '/v2/calls', '/v2/calls', undefined, badAuth);
    const callId = first.json.calls[0].id;
    await call('GET', '/v2/calls/{id}', `/v2/calls/${callId}`);
    await call('GET', '/v2/calls/{id}', `/v2/calls/${unknownId}`);
    await call('GET', '/v2/calls/{id}', '/v2/calls/abc');
    const everything = {
      context: 'Extended',
      contextTiming: ['Now', 'TimeOfCall'],
      exposedFields: {
        parties: true,
        content: { structure: true, topics: true, trackers: true, trackerOccurrences: true, pointsOfInterest: true, brief: true, outline: true, highlights: true, callOutcome: true, keyPoints: true },
        interaction: { speakers: true, video: true, personInteractionStats: true, questions: true },
        collaboration: { publicComments: true },
        media: true,
      },
    };
    const ext = await call('POST', '/v2/calls/extensive', '/v2/calls/extensive', { filter: {}, contentSelector: everything });
    await call('POST', '/v2/calls/extensive', '/v2/calls/extensive', { cursor: ext.json.records.cursor, filter: {}, contentSelector: everything });
    await call('POST', '/v2/calls/extensive', '/v2/calls/extensive', { filter: { workspaceId: ws }, contentSelector: { context: 'Basic', exposedFields: { parties: true } } });
    await call('POST', '/v2/calls/extensive', '/v2/calls/extensive', { filter: { fromDateTime: '2001-01-01T00:00:00Z', toDateTime: '2001-01-02T00:00:00Z' } });
    await call('POST', '/v2/calls/extensive', '/v2/calls/extensive', {});
    const ids = d0.calls.slice(0, 120).map((c) => c.id);
    const tr = await call('POST', '/v2/calls/transcript', '/v2/calls/transcript', { filter: { callIds: ids } });
    await call('POST', '/v2/calls/transcript', '/v2/calls/transcript', { cursor: tr.json.records.cursor, filter: { callIds: ids } });
    await call('POST', '/v2/calls/transcript', '/v2/calls/transcript', { filter: { callIds: [unknownId] } });
    await call('POST', '/v2/calls/transcript', '/v2/calls/transcript', { filter: { callIds: 'nope' } });

    // Users and workspaces.
    const users = await call('GET', '/v2/users', '/v2/users?includeAvatars=true');
    await call('GET', '/v2/users', `/v2/users?includeAvatars=true&cursor=${encodeURIComponent(users.json.records.cursor)}`);
    await call('GET', '/v2/users', '/v2/users', undefined, badAuth);
    await call('GET', '/v2/users/{id}', `/v2/users/${d0.users[0].id}`);
    await call('GET', '/v2/users/{id}', `/v2/users/${unknownId}`);
    await call('POST', '/v2/users/extensive', '/v2/users/extensive', { filter: { userIds: d0.users.slice(0, 5).map((u) => u.id) } });
    await call('POST', '/v2/users/extensive', '/v2/users/extensive', { filter: { userIds: [unknownId] } });
    await call('POST', '/v2/users/extensive', '/v2/users/extensive', { filter: { createdFromDateTime: 'x' } });
    await call('GET', '/v2/workspaces', '/v2/workspaces');
    await call('GET', '/v2/workspaces', '/v2/workspaces', undefined, badAuth);

    // Permission profiles and users-access.
    const profiles = await call('GET', '/v2/all-permission-profiles', `/v2/all-permission-profiles?workspaceId=${ws}`);
    await call('GET', '/v2/all-permission-profiles', '/v2/all-permission-profiles');
    await call('GET', '/v2/all-permission-profiles', `/v2/all-permission-profiles?workspaceId=${unknownId}`);
    const profileId = profiles.json.profiles[0].id;
    await call('GET', '/v2/permission-profile', `/v2/permission-profile?profileId=${profileId}`);
    await call('GET', '/v2/permission-profile', `/v2/permission-profile?profileId=${unknownId}`);
    for (const p of profiles.json.profiles) await call('GET', '/v2/permission-profile/users', `/v2/permission-profile/users?profileId=${p.id}`);
    await call('GET', '/v2/permission-profile/users', `/v2/permission-profile/users?profileId=${unknownId}`);
    const granted = [...d0.usersAccess.keys()];
    await call('POST', '/v2/calls/users-access', '/v2/calls/users-access', { filter: { callIds: [...granted, callId] } });
    await call('POST', '/v2/calls/users-access', '/v2/calls/users-access', { filter: { callIds: [unknownId] } });
    await call('POST', '/v2/calls/users-access', '/v2/calls/users-access', { filter: {} });
    await call('PUT', '/v2/calls/users-access', '/v2/calls/users-access', { callAccessList: [{ callId, userIds: [d0.users[3].id] }] });
    await call('DELETE', '/v2/calls/users-access', '/v2/calls/users-access', { callAccessList: [{ callId, userIds: [d0.users[3].id] }] });
    await call('PUT', '/v2/calls/users-access', '/v2/calls/users-access', { callAccessList: [{ callId: unknownId, userIds: [] }] });

    // Settings, stats, library.
    await call('GET', '/v2/settings/trackers', '/v2/settings/trackers');
    await call('GET', '/v2/settings/trackers', `/v2/settings/trackers?workspaceId=${unknownId}`);
    await call('GET', '/v2/settings/scorecards', '/v2/settings/scorecards');
    await call('POST', '/v2/stats/activity/scorecards', '/v2/stats/activity/scorecards', { filter: { reviewMethod: 'BOTH' } });
    await call('POST', '/v2/stats/activity/scorecards', '/v2/stats/activity/scorecards', { filter: { callFromDate: '2001-01-01', callToDate: '2001-01-02' } });
    await call('POST', '/v2/stats/activity/scorecards', '/v2/stats/activity/scorecards', { filter: { reviewMethod: 'SOMETIMES' } });
    await call('POST', '/v2/stats/activity/aggregate', '/v2/stats/activity/aggregate', { filter: { fromDate: '2025-12-15', toDate: '2026-01-15' } });
    await call('POST', '/v2/stats/activity/aggregate', '/v2/stats/activity/aggregate', { filter: { fromDate: '2025-12-15', toDate: '2026-01-15', userIds: [unknownId] } });
    await call('POST', '/v2/stats/activity/aggregate', '/v2/stats/activity/aggregate', { filter: { fromDate: '15/12/2025', toDate: '2026-01-15' } });
    const range = { fromDate: '2025-12-15', toDate: '2026-01-15' };
    await call('POST', '/v2/stats/activity/aggregate-by-period', '/v2/stats/activity/aggregate-by-period', { filter: range, aggregationPeriod: 'WEEK' });
    await call('POST', '/v2/stats/activity/aggregate-by-period', '/v2/stats/activity/aggregate-by-period', { filter: range });
    await call('POST', '/v2/stats/activity/day-by-day', '/v2/stats/activity/day-by-day', { filter: range });
    await call('POST', '/v2/stats/activity/day-by-day', '/v2/stats/activity/day-by-day', { filter: { fromDate: '2001-01-01', toDate: '2001-01-02' } });
    await call('POST', '/v2/stats/interaction', '/v2/stats/interaction', { filter: range });
    await call('POST', '/v2/stats/interaction', '/v2/stats/interaction', { filter: { ...range, userIds: [unknownId] } });
    const manager = d0.users.find((u) => d0.users.some((r) => r.managerId === u.id))!;
    await call('GET', '/v2/coaching', `/v2/coaching?workspace-id=${manager.workspaceId}&manager-id=${manager.id}&from=2025-12-15T00:00:00Z&to=2026-01-15T00:00:00Z`);
    await call('GET', '/v2/coaching', `/v2/coaching?workspace-id=${manager.workspaceId}`);
    await call('GET', '/v2/call-outcomes', '/v2/call-outcomes');
    await call('GET', '/v2/library/folders', '/v2/library/folders');
    await call('GET', '/v2/library/folders', `/v2/library/folders?workspaceId=${unknownId}`);
    const folder = d0.folders.find((f) => f.visibility === 'public' && f.calls.length)!;
    await call('GET', '/v2/library/folder-content', `/v2/library/folder-content?folderId=${folder.id}`);
    await call('GET', '/v2/library/folder-content', `/v2/library/folder-content?folderId=${unknownId}`);

    // Engage flows and tasks.
    const flow = d0.flows.find((f) => f.visibility === 'Company' && !f.exclusive)!;
    const owner = t.sim.company.user(flow.ownerUserId)!;
    await call('GET', '/v2/flows', `/v2/flows?flowOwnerEmail=${encodeURIComponent(owner.emailAddress)}`);
    await call('GET', '/v2/flows', '/v2/flows');
    await call('POST', '/v2/flows/prospects', '/v2/flows/prospects', { crmProspectsIds: d0.flowInstances.slice(0, 5).map((i) => i.crmProspectId) });
    await call('POST', '/v2/flows/prospects/assign', '/v2/flows/prospects/assign', { crmProspectsIds: [d0.contacts[0].crmId, 'missing'], flowId: flow.id, flowInstanceOwnerEmail: owner.emailAddress });
    await call('POST', '/v2/flows/prospects/assign', '/v2/flows/prospects/assign', { crmProspectsIds: ['x'], flowId: unknownId, flowInstanceOwnerEmail: owner.emailAddress });
    await call('GET', '/v2/flows/folders', `/v2/flows/folders?flowFolderOwnerEmail=${encodeURIComponent(owner.emailAddress)}`);
    await call('GET', '/v2/flows/folders', '/v2/flows/folders');
    await call('POST', '/v2/flows/steps', '/v2/flows/steps', { flowIds: [flow.id] });
    await call('POST', '/v2/flows/steps', '/v2/flows/steps', { flowIds: [] });
    await call('POST', '/v2/flows/prospects/assign/cool-off-override', '/v2/flows/prospects/assign/cool-off-override', { crmProspectsIds: [d0.contacts[1].crmId], flowId: flow.id, flowInstanceOwnerEmail: owner.emailAddress });
    const bulk = await call('POST', '/v2/flows/prospects/bulk-assignments', '/v2/flows/prospects/bulk-assignments', {
      flowId: flow.id,
      flowInstanceOwnerEmail: owner.emailAddress,
      prospects: [{ crmId: d0.contacts[2].crmId }, { crmId: 'missing' }],
    });
    await call('POST', '/v2/flows/prospects/bulk-assignments', '/v2/flows/prospects/bulk-assignments', { flowId: flow.id, flowInstanceOwnerEmail: owner.emailAddress, prospects: [] });
    const bulkId = (bulk.lossless() as { id?: { toString(): string } }).id?.toString() ?? unknownId;
    await call('GET', '/v2/flows/prospects/bulk-assignments/{id}', `/v2/flows/prospects/bulk-assignments/${bulkId}`);
    await call('GET', '/v2/flows/prospects/bulk-assignments/{id}', `/v2/flows/prospects/bulk-assignments/${unknownId}`);
    await call('POST', '/v2/flows/prospects/unassign-flows-by-crm-id', '/v2/flows/prospects/unassign-flows-by-crm-id', { crmProspectId: d0.contacts[1].crmId });
    await call('POST', '/v2/flows/prospects/unassign-flows-by-crm-id', '/v2/flows/prospects/unassign-flows-by-crm-id', {});
    const open = d0.flowInstances.find((i) => i.status === 'Running' || i.status === 'Paused');
    await call('POST', '/v2/flows/prospects/unassign-flows-by-instance-id', '/v2/flows/prospects/unassign-flows-by-instance-id', { flowInstanceIds: [open?.id ?? unknownId] });
    await call('POST', '/v2/flows/prospects/unassign-flows-by-instance-id', '/v2/flows/prospects/unassign-flows-by-instance-id', { flowInstanceIds: [] });
    const task = d0.tasks.find((x) => x.type === 'FLOW') ?? d0.tasks[0];
    await call('POST', '/v2/tasks', '/v2/tasks', { filter: { userId: task.userId, types: ['FLOW', 'MANUAL'], taskAction: ['CALL'], status: ['OPEN', 'DONE', 'DISMISSED'] } });
    await call('POST', '/v2/tasks', '/v2/tasks', { filter: {} }, badAuth);
    await call('PATCH', '/v2/tasks/{taskId}', `/v2/tasks/${task.id}`, { userId: task.userId, status: 'DONE', dueDate: '2026-01-20T10:00:00Z', priority: 'Low' });
    await call('PATCH', '/v2/tasks/{taskId}', `/v2/tasks/${unknownId}`, { userId: task.userId });

    // Data privacy (an address and a number nobody has: nothing of the company is deleted).
    await call('POST', '/v2/data-privacy/erase-data-for-email-address', '/v2/data-privacy/erase-data-for-email-address?emailAddress=nobody%40nowhere.example');
    await call('POST', '/v2/data-privacy/erase-data-for-email-address', '/v2/data-privacy/erase-data-for-email-address');
    await call('POST', '/v2/data-privacy/erase-data-for-phone-number', `/v2/data-privacy/erase-data-for-phone-number?phoneNumber=${encodeURIComponent('+1 (425) 555-0000')}`);
    await call('POST', '/v2/data-privacy/erase-data-for-phone-number', '/v2/data-privacy/erase-data-for-phone-number?phoneNumber=12');

    // CRM upload.
    const reg = await call('PUT', '/v2/crm/integrations', '/v2/crm/integrations', { ownerEmail: 'ops@example.com', name: 'Generic CRM' });
    await call('PUT', '/v2/crm/integrations', '/v2/crm/integrations', { ownerEmail: 'ops@example.com', name: 'Twice' });
    await call('GET', '/v2/crm/integrations', '/v2/crm/integrations');
    const integrationId = reg.lossless().integrationId.toString();
    const field = { uniqueName: 'Email', label: 'Email', type: 'EMAILADDRESS' };
    await call('POST', '/v2/crm/entity-schema', `/v2/crm/entity-schema?integrationId=${integrationId}&objectType=CONTACT`, [field]);
    await call('POST', '/v2/crm/entity-schema', `/v2/crm/entity-schema?integrationId=${integrationId}&objectType=CONTACT`, []);
    await call('GET', '/v2/crm/entity-schema', `/v2/crm/entity-schema?integrationId=${integrationId}&objectType=CONTACT`);
    await call('GET', '/v2/crm/entity-schema', '/v2/crm/entity-schema');
    const upload = await fetch(`${t.sim.baseUrl}/v2/crm/entities?integrationId=${integrationId}&objectType=CONTACT&clientRequestId=c1`, {
      method: 'POST',
      headers: { authorization: t.sim.credentials.basicAuthorization, 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify({ objectId: 'c-1', modifiedDate: '2026-01-01T00:00:00Z', emailAddress: 'a@example.com' })}\n{broken`,
    });
    exchanges.push({ method: 'POST', specPath: '/v2/crm/entities', status: upload.status, body: await upload.text() });
    await call('GET', '/v2/crm/request-status', `/v2/crm/request-status?integrationId=${integrationId}&clientRequestId=c1`);
    t.clock.advance(1000);
    await call('GET', '/v2/crm/request-status', `/v2/crm/request-status?integrationId=${integrationId}&clientRequestId=c1`);
    await call('GET', '/v2/crm/request-status', `/v2/crm/request-status?integrationId=${integrationId}&clientRequestId=none`);
    await call('DELETE', '/v2/crm/integrations', `/v2/crm/integrations?integrationId=${integrationId}&clientRequestId=d1`);

    // Gong AI (credits): briefs, a brief and a question about an account, a deal and a contact; bad input; credits run out.
    await call('GET', '/v2/settings/briefs', '/v2/settings/briefs');
    await call('GET', '/v2/settings/briefs', `/v2/settings/briefs?workspaceId=${ws}`);
    await call('GET', '/v2/settings/briefs', `/v2/settings/briefs?workspaceId=${unknownId}`);
    const aiCall = d0.calls.find((c) => c.workspaceId === ws && c.hasCrmContext && c.accountCrmId && c.opportunityCrmId && c.parties.some((p) => p.contactCrmId))!;
    const contactId = aiCall.parties.find((p) => p.contactCrmId)!.contactCrmId!;
    const entity = (type: string, id: string, period = 'ALL_CONVERSATIONS') => `workspaceId=${ws}&crmEntityType=${type}&crmEntityId=${encodeURIComponent(id)}&timePeriod=${period}`;
    await call('GET', '/v2/entities/get-brief', `/v2/entities/get-brief?${entity('ACCOUNT', aiCall.accountCrmId!)}&briefName=Account%20overview`);
    await call('GET', '/v2/entities/get-brief', `/v2/entities/get-brief?${entity('DEAL', aiCall.opportunityCrmId!, 'LAST_90DAYS')}&briefName=Deal%20review`);
    await call('GET', '/v2/entities/get-brief', `/v2/entities/get-brief?${entity('CONTACT', contactId, 'LAST_7DAYS')}&briefName=Account%20overview`);
    await call('GET', '/v2/entities/get-brief', `/v2/entities/get-brief?${entity('ACCOUNT', aiCall.accountCrmId!)}&briefName=No%20such%20brief`);
    await call('GET', '/v2/entities/get-brief', `/v2/entities/get-brief?${entity('ACCOUNT', aiCall.accountCrmId!, 'CUSTOM_RANGE')}&briefName=Account%20overview`);
    await call('GET', '/v2/entities/ask-entity', `/v2/entities/ask-entity?${entity('ACCOUNT', aiCall.accountCrmId!)}&question=${encodeURIComponent('What did they say about pricing?')}`);
    await call('GET', '/v2/entities/ask-entity', `/v2/entities/ask-entity?${entity('DEAL', aiCall.opportunityCrmId!, 'CUSTOM_RANGE')}&fromDateTime=2025-01-01T00:00:00Z&question=next%20steps`);
    await call('GET', '/v2/entities/ask-entity', `/v2/entities/ask-entity?${entity('LEAD', 'L-1')}&question=who`);
    await call('GET', '/v2/entities/ask-entity', `/v2/entities/ask-entity?${entity('ACCOUNT', aiCall.accountCrmId!)}`);
    t.sim.setAiCredits(0);
    await call('GET', '/v2/entities/ask-entity', `/v2/entities/ask-entity?${entity('ACCOUNT', aiCall.accountCrmId!)}&question=anything`);
    await call('GET', '/v2/entities/get-brief', `/v2/entities/get-brief?${entity('ACCOUNT', aiCall.accountCrmId!)}&briefName=Account%20overview`);
    t.sim.setAiCredits(10_000);

    // Limits and faults.
    t.sim.setFaults({ rateLimitStorm: { retryAfterSeconds: 30, remaining: 1 } });
    await call('POST', '/v2/calls/extensive', '/v2/calls/extensive', { filter: {} });
    t.sim.setFaults({ errors: [{ status: 500, remaining: 1 }] });
    await call('GET', '/v2/calls', '/v2/calls');
    t.sim.clearFaults();
  }, 30_000);

  afterAll(async () => {
    await t?.sim.close();
  });

  it('serves only operations the spec defines', () => {
    const missing = listGongRoutes(t.sim.app).filter((r) => !v.operationExists(r.method, r.specPath));
    expect(missing).toEqual([]);
  });

  it('exercised every implemented operation', () => {
    const seen = new Set(exchanges.map((e) => `${e.method} ${e.specPath}`));
    const untested = listGongRoutes(t.sim.app).map((r) => `${r.method} ${r.specPath}`).filter((k) => !seen.has(k));
    expect(untested).toEqual([]);
    expect(new Set(exchanges.map((e) => e.status))).toEqual(new Set([200, 201, 202, 400, 401, 402, 403, 404, 409, 429, 500]));
  });

  it('has a validator that rejects what the spec forbids', () => {
    const call = v.responseSchema('GET', '/v2/calls/{id}', 200)!;
    const ok = '{"requestId":"x","call":{"id":"7782342274025937895","isPrivate":false,"direction":"Conference"}}';
    expect(v.validate(call, ok)).toEqual([]);
    expect(v.validate(call, '{"requestId":"x","call":{"id":"1","invented":true}}')).not.toEqual([]);
    expect(v.validate(call, '{"requestId":"x","call":{"id":7782342274025937895}}')).not.toEqual([]);
    expect(v.validate(call, '{"requestId":"x","call":{"direction":"Sideways"}}')).not.toEqual([]);
    expect(v.validate(call, '{"requestId":"x","call":{"title":null}}')).not.toEqual([]);
    const scorecards = v.responseSchema('GET', '/v2/settings/scorecards', 200)!;
    expect(v.validate(scorecards, '{"requestId":"x","scorecards":[{"scorecardId":7782342274025937895}]}')).toEqual([]);
    expect(v.validate(scorecards, '{"requestId":"x","scorecards":[{"scorecardId":"7782342274025937895"}]}')).not.toEqual([]);
  });

  it('every body (pages and errors) validates against the spec schema for its operation and status', () => {
    const failures: string[] = [];
    for (const e of exchanges) {
      const where = `${e.method} ${e.specPath} ${e.status}`;
      let schema = v.responseSchema(e.method, e.specPath, e.status);
      if (!schema) {
        if (e.status < 400) failures.push(`${where}: status not in the spec`);
        else if (!UNDOCUMENTED_OK.has(where)) failures.push(`${where}: status not in the spec (add it to UNDOCUMENTED_OK if intended)`);
        schema = { $ref: '#/components/schemas/ErrorResponse' };
      }
      for (const problem of v.validate(schema, e.body)) failures.push(`${where}: ${problem}`);
    }
    expect(failures).toEqual([]);
  });
});
