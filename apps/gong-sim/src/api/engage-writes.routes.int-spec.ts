import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestSim, type TestSim, type Body } from '../../test/gong-sim.fixture.js';

let t: TestSim;
beforeAll(async () => {
  t = await createTestSim({ crmProcessingMs: 3000 });
});
afterAll(async () => {
  await t.sim.close();
});

const freeContacts = (n: number): string[] => {
  const d = t.sim.company.data;
  const busy = new Set(d.flowInstances.filter((i) => ['Pending', 'Running', 'Paused'].includes(i.status)).map((i) => i.crmProspectId));
  return d.contacts.filter((c) => !busy.has(c.crmId)).slice(0, n).map((c) => c.crmId);
};

describe('Engage folders and steps', () => {
  it('lists the folders an owner sees and the steps of up to 20 flows', async () => {
    const flow = t.sim.company.data.flows.find((f) => f.visibility === 'Company')!;
    const owner = t.sim.company.user(flow.ownerUserId)!;
    const folders = await t.request('GET', `/v2/flows/folders?flowFolderOwnerEmail=${encodeURIComponent(owner.emailAddress)}`);
    expect(folders.status).toBe(200);
    expect(folders.json.flows.map((f: Body) => f.id)).toContain(flow.folderId);
    expect((await t.request('GET', '/v2/flows/folders')).status).toBe(400);
    const steps = await t.request('POST', '/v2/flows/steps', { flowIds: [flow.id] });
    expect(steps.status).toBe(200);
    expect(steps.json.flows[0]).toMatchObject({ id: flow.id, steps: expect.arrayContaining([expect.objectContaining({ stepOrder: 1, action: 'AUTO_SEND_EMAIL' })]) });
    expect((await t.request('POST', '/v2/flows/steps', { flowIds: Array.from({ length: 21 }, () => flow.id) })).status).toBe(400);
    expect((await t.request('POST', '/v2/flows/steps', { flowIds: ['1234567890123456789'] })).status).toBe(404);
  });
});

describe('Engage assignment writes', () => {
  it('assigns with the cool-off override, unassigns by CRM id and by instance id', async () => {
    const d = t.sim.company.data;
    const flow = d.flows.find((f) => f.visibility === 'Company' && !f.exclusive)!;
    const owner = t.sim.company.user(flow.ownerUserId)!;
    const [a, b] = freeContacts(2);
    const res = await t.request('POST', '/v2/flows/prospects/assign/cool-off-override', { crmProspectsIds: [a, b], flowId: flow.id, flowInstanceOwnerEmail: owner.emailAddress });
    expect(res.status).toBe(200);
    expect(res.json.prospectsAssigned).toHaveLength(2);
    const again = await t.request('POST', '/v2/flows/prospects/assign/cool-off-override', { crmProspectsIds: [a], flowId: flow.id, flowInstanceOwnerEmail: owner.emailAddress });
    expect(again.json.prospectsNotAssigned[0].errorCode).toBe('InvalidState');

    const byCrm = await t.request('POST', '/v2/flows/prospects/unassign-flows-by-crm-id', { crmProspectId: a, flowId: flow.id });
    expect(byCrm.status).toBe(200);
    expect(byCrm.json.unassignedFlowInstanceIds).toEqual([res.json.prospectsAssigned[0].flowInstanceId]);
    const instanceB = res.json.prospectsAssigned[1].flowInstanceId;
    const byInstance = await t.request('POST', '/v2/flows/prospects/unassign-flows-by-instance-id', { flowInstanceIds: [instanceB] });
    expect(byInstance.json.unassignedFlowInstanceIds).toEqual([instanceB]);
    expect((await t.request('POST', '/v2/flows/prospects', { crmProspectsIds: [a, b] })).json.prospectsAssigned.filter((p: Body) => p.flowId === flow.id)).toEqual([]);
    // Unassigning again removes nothing more.
    expect((await t.request('POST', '/v2/flows/prospects/unassign-flows-by-instance-id', { flowInstanceIds: [instanceB] })).json.unassignedFlowInstanceIds).toEqual([]);
    expect((await t.request('POST', '/v2/flows/prospects/unassign-flows-by-crm-id', {})).status).toBe(400);
    expect((await t.request('POST', '/v2/flows/prospects/unassign-flows-by-instance-id', { flowInstanceIds: [] })).status).toBe(400);
  });

  it('takes bulk assignments of up to 50 prospects asynchronously', async () => {
    const flow = t.sim.company.data.flows.find((f) => f.visibility === 'Company' && !f.exclusive)!;
    const owner = t.sim.company.user(flow.ownerUserId)!;
    const [a] = freeContacts(1);
    const res = await t.request('POST', '/v2/flows/prospects/bulk-assignments', {
      flowId: flow.id,
      flowInstanceOwnerEmail: owner.emailAddress,
      prospects: [{ crmId: a }, { firstName: 'New', lastName: 'Person', email: 'new@example.com' }],
    });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ status: 'PENDING', totalCount: 2, processedCount: 0 });
    t.clock.advance(3000);
    const done = await t.request('GET', `/v2/flows/prospects/bulk-assignments/${res.json.id}`);
    expect(done.json).toMatchObject({ status: 'COMPLETED', processedCount: 2, successCount: 1, failedCount: 1 });
    expect(done.json.results.map((r: Body) => r.status)).toEqual(['ASSIGNED', 'CRM_OPERATION_FAILED']);
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ crmId: `c-${i}` }));
    expect((await t.request('POST', '/v2/flows/prospects/bulk-assignments', { flowId: flow.id, flowInstanceOwnerEmail: owner.emailAddress, prospects: tooMany })).status).toBe(400);
    expect((await t.request('GET', '/v2/flows/prospects/bulk-assignments/1234567890123456789')).status).toBe(404);
  });
});

describe('CRM entity schema', () => {
  it('keeps the custom fields of an object type', async () => {
    const reg = await t.request('PUT', '/v2/crm/integrations', { ownerEmail: 'ops@example.com', name: 'Schema CRM' });
    const integrationId = reg.lossless().integrationId.toString();
    const url = `/v2/crm/entity-schema?integrationId=${integrationId}&objectType=ACCOUNT`;
    expect((await t.request('GET', url)).json.objectTypeToSelectedFields).toEqual({ ACCOUNT: [] });
    expect((await t.request('POST', url, [{ uniqueName: 'tier', label: 'Tier', type: 'PICKLIST' }])).status).toBe(201);
    expect((await t.request('GET', url)).json.objectTypeToSelectedFields.ACCOUNT).toEqual([expect.objectContaining({ uniqueName: 'tier' })]);
    expect((await t.request('POST', url, [{ uniqueName: 'tier', label: 'Tier', type: 'WIDGET' }])).status).toBe(400);
    expect((await t.request('GET', `/v2/crm/entity-schema?integrationId=${integrationId}&objectType=WIDGET`)).status).toBe(400);
    await t.request('DELETE', `/v2/crm/integrations?integrationId=${integrationId}&clientRequestId=del-schema`);
  });
});
