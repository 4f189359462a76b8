import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestSim, TEST_START, type TestSim } from '../../test/gong-sim.fixture.js';

let t: TestSim;
beforeAll(async () => {
  t = await createTestSim();
});
afterAll(async () => {
  await t.sim.close();
});

describe('the write log', () => {
  it('keeps every change request that reached Gong, with its body and request id, and no reads or refused requests', async () => {
    const d = t.sim.company.data;
    const flow = d.flows.find((f) => f.visibility === 'Company' && !f.exclusive)!;
    const owner = t.sim.company.user(flow.ownerUserId)!;
    const open = new Set(d.flowInstances.filter((i) => ['Pending', 'Running', 'Paused'].includes(i.status)).map((i) => i.crmProspectId));
    const prospect = d.contacts.find((c) => !open.has(c.crmId))!.crmId;
    const body = { crmProspectsIds: [prospect], flowId: flow.id, flowInstanceOwnerEmail: owner.emailAddress };

    const first = await t.request('POST', '/v2/flows/prospects/assign', body);
    const second = await t.request('POST', '/v2/flows/prospects/assign', body);
    expect(second.json.prospectsNotAssigned[0].errorCode).toBe('InvalidState');
    await t.request('POST', '/v2/flows/prospects', { crmProspectsIds: [prospect] });
    await t.request('GET', '/v2/flows?flowOwnerEmail=' + encodeURIComponent(owner.emailAddress));
    expect((await t.request('POST', '/v2/flows/prospects/assign', body, { authorization: 'Basic bm86bm8=' })).status).toBe(401);

    expect(t.sim.writeRequests()).toEqual([
      { at: TEST_START, endpoint: 'POST /v2/flows/prospects/assign', requestId: first.json.requestId, body },
      { at: TEST_START, endpoint: 'POST /v2/flows/prospects/assign', requestId: second.json.requestId, body },
    ]);

    // The same log over the sim's own HTTP surface (a sim in a process of its own), and Engage's state with the new instance.
    const served = await t.request('GET', '/__sim/writes');
    expect(served.status).toBe(200);
    expect(served.json).toEqual({ writes: t.sim.writeRequests() });
    const engage = await t.request('GET', '/__sim/engage');
    expect(engage.status).toBe(200);
    expect(engage.json.flows).toHaveLength(d.flows.length);
    expect(engage.json.contacts).toHaveLength(d.contacts.length);
    expect(engage.json.flowInstances.filter((i: { crmProspectId: string }) => i.crmProspectId === prospect)).toEqual([
      expect.objectContaining({ flowId: flow.id, crmProspectId: prospect, ownerUserId: owner.id, status: 'Pending' }),
    ]);
  });
});
