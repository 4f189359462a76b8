import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isLosslessNumber } from 'lossless-json';
import { createTestSim, type TestSim, type Body } from '../../test/gong-sim.fixture.js';

let t: TestSim;
beforeAll(async () => {
  t = await createTestSim({ crmProcessingMs: 3000 });
});
afterAll(async () => {
  await t.sim.close();
});

describe('Engage flows', () => {
  it('lists company, personal and shared flows for an owner, paged', async () => {
    const d = t.sim.company.data;
    const personal = d.flows.find((f) => f.visibility === 'Personal')!;
    const owner = t.sim.company.user(personal.ownerUserId)!;
    const res = await t.request('GET', `/v2/flows?flowOwnerEmail=${encodeURIComponent(owner.emailAddress)}`);
    const ids = res.json.flows.map((f: Body) => f.id);
    expect(ids).toContain(personal.id);
    expect(ids).toEqual(expect.arrayContaining(d.flows.filter((f) => f.visibility === 'Company').map((f) => f.id)));
    const others = d.flows.filter((f) => f.visibility === 'Personal' && f.ownerUserId !== owner.id).map((f) => f.id);
    expect(ids.some((id: string) => others.includes(id))).toBe(false);
    expect(res.json.records.totalRecords).toBe(ids.length);
    expect((await t.request('GET', '/v2/flows')).status).toBe(400);
  });

  it('assigns prospects to a flow and reads the assignments back', async () => {
    const d = t.sim.company.data;
    const flow = d.flows.find((f) => f.visibility === 'Company' && !f.exclusive)!;
    const owner = t.sim.company.user(flow.ownerUserId)!;
    const busy = new Set(d.flowInstances.filter((i) => ['Pending', 'Running', 'Paused'].includes(i.status)).map((i) => i.crmProspectId));
    const free = d.contacts.filter((c) => !busy.has(c.crmId)).slice(0, 2).map((c) => c.crmId);
    const res = await t.request('POST', '/v2/flows/prospects/assign', { crmProspectsIds: [...free, 'not-a-contact'], flowId: flow.id, flowInstanceOwnerEmail: owner.emailAddress });
    expect(res.status).toBe(200);
    expect(res.json.prospectsAssigned.map((p: Body) => p.crmProspectId)).toEqual(free);
    expect(res.json.prospectsNotAssigned).toEqual([expect.objectContaining({ crmProspectId: 'not-a-contact', errorCode: 'InvalidArgument' })]);
    const again = await t.request('POST', '/v2/flows/prospects/assign', { crmProspectsIds: [free[0]], flowId: flow.id, flowInstanceOwnerEmail: owner.emailAddress });
    expect(again.json.prospectsNotAssigned[0].errorCode).toBe('InvalidState');
    const read = await t.request('POST', '/v2/flows/prospects', { crmProspectsIds: free });
    expect(read.json.prospectsAssigned.filter((p: Body) => p.flowId === flow.id)).toHaveLength(2);
    const byInstance = await t.request('POST', '/v2/flows/prospects', { flowInstanceIds: [res.json.prospectsAssigned[0].flowInstanceId] });
    expect(byInstance.json.prospectsAssigned).toHaveLength(1);
    expect((await t.request('POST', '/v2/flows/prospects/assign', { crmProspectsIds: free, flowId: '1234567890123456789', flowInstanceOwnerEmail: owner.emailAddress })).status).toBe(404);
    expect((await t.request('POST', '/v2/flows/prospects', {})).status).toBe(400);
  });
});

describe('tasks', () => {
  it('lists a user\'s tasks with int64 ids and updates one', async () => {
    const task = t.sim.company.data.tasks.find((x) => x.status === 'OPEN')!;
    const list = await t.request('POST', '/v2/tasks', { filter: { userId: task.userId, types: ['FLOW', 'MANUAL'], taskAction: ['CALL'], status: ['OPEN'] } });
    expect(list.status).toBe(200);
    expect(list.text).toMatch(/"id":\d{18,19},"userId":\d{18,19},/);
    const tasks = list.lossless().tasks;
    expect(tasks.map((x: Body) => x.id.toString())).toContain(task.id);
    expect(isLosslessNumber(tasks[0].userId)).toBe(true);
    const patched = await t.request('PATCH', `/v2/tasks/${task.id}`, { userId: task.userId, status: 'DONE', priority: 'High' });
    expect(patched.status).toBe(200);
    expect(patched.json.tasks[0]).toMatchObject({ status: 'DONE', priority: { name: 'High' } });
    expect((await t.request('PATCH', '/v2/tasks/1234567890123456789', { userId: task.userId, status: 'DONE' })).status).toBe(404);
    expect((await t.request('POST', '/v2/tasks', { filter: { userId: task.userId } })).status).toBe(400);
    expect((await t.request('POST', '/v2/tasks', { filter: {} }, { authorization: 'Basic eDp5' })).status).toBe(403);
  });
});

describe('CRM upload', () => {
  it('registers one integration, uploads LDJSON asynchronously, then reports DONE or FAILED', async () => {
    const reg = await t.request('PUT', '/v2/crm/integrations', { ownerEmail: 'ops@example.com', name: 'Home-grown CRM' });
    expect(reg.status).toBe(200);
    expect(reg.text).toMatch(/"integrationId":\d{18,19}}/);
    const integrationId = reg.lossless().integrationId.toString();
    expect((await t.request('PUT', '/v2/crm/integrations', { ownerEmail: 'ops@example.com', name: 'Again' })).status).toBe(409);
    const listed = await t.request('GET', '/v2/crm/integrations');
    expect(listed.lossless().integrations[0].integrationId.toString()).toBe(integrationId);

    const upload = async (clientRequestId: string, lines: string[]) => {
      const form = new FormData();
      form.append('dataFile', new Blob([lines.join('\n')], { type: 'application/x-ndjson' }), 'accounts.ldjson');
      return fetch(`${t.sim.baseUrl}/v2/crm/entities?integrationId=${integrationId}&objectType=ACCOUNT&clientRequestId=${clientRequestId}`, {
        method: 'POST',
        headers: { authorization: t.sim.credentials.basicAuthorization },
        body: form,
      });
    };
    const good = await upload('req-1', [
      JSON.stringify({ objectId: 'acc-1', modifiedDate: '2026-01-10T10:00:00Z', name: 'Acme', domains: ['acme.example'] }),
      JSON.stringify({ objectId: 'acc-2', modifiedDate: '2026-01-10T10:00:00+01:00', name: 'Globex' }),
    ]);
    expect(good.status).toBe(201);
    expect(await good.json()).toEqual({ requestId: expect.any(String), clientRequestId: 'req-1' });
    expect((await upload('req-1', ['{}'])).status).toBe(409);
    const status = async (id: string) => (await t.request('GET', `/v2/crm/request-status?integrationId=${integrationId}&clientRequestId=${id}`)).json;
    expect((await status('req-1')).status).toBe('PENDING');
    t.clock.advance(1500);
    expect((await status('req-1')).status).toBe('IN_PROGRESS');
    t.clock.advance(1500);
    expect(await status('req-1')).toMatchObject({ status: 'DONE', totalSuccessCount: 2, totalErrorCount: 0 });

    const bad = await upload('req-2', [
      JSON.stringify({ objectId: 'acc-3', modifiedDate: '2026-01-10T10:00:00.123Z' }),
      'not json',
      JSON.stringify({ objectId: 'acc-4', modifiedDate: '2026-01-10T10:00:00Z' }),
    ]);
    expect(bad.status).toBe(201);
    t.clock.advance(3000);
    expect(await status('req-2')).toMatchObject({
      status: 'FAILED',
      totalErrorCount: 2,
      totalSuccessCount: 1,
      errors: [expect.objectContaining({ line: 1 }), expect.objectContaining({ line: 2, description: 'Malformed JSON' })],
    });
    const wrongType = await fetch(`${t.sim.baseUrl}/v2/crm/entities?integrationId=${integrationId}&objectType=WIDGET&clientRequestId=req-3`, {
      method: 'POST',
      headers: { authorization: t.sim.credentials.basicAuthorization, 'content-type': 'application/x-ndjson' },
      body: '{}',
    });
    expect(wrongType.status).toBe(400);
    const del = await t.request('DELETE', `/v2/crm/integrations?integrationId=${integrationId}&clientRequestId=del-1`);
    expect(del.status).toBe(201);
    expect((await t.request('GET', '/v2/crm/integrations')).json.integrations).toEqual([]);
  });
});
