import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestSim, type TestSim } from '../../test/gong-sim.fixture.js';
import { aiCreditCost } from './ai-credits.js';

/** Gong's AI content in the sim: briefs listed per workspace, text built from the entity's calls, credits spent until 402. */
describe('gong-sim Gong AI (get-brief, ask-entity, settings/briefs)', () => {
  let t: TestSim;
  let ws: string;
  let account: string;
  let accountName: string;
  let accountCalls: number;

  beforeAll(async () => {
    t = await createTestSim({ aiCredits: 100 });
    const d = t.sim.company.data;
    ws = d.workspaces[0]!.id;
    const call = d.calls.find((c) => c.workspaceId === ws && c.hasCrmContext && c.accountCrmId)!;
    account = call.accountCrmId!;
    accountName = t.sim.company.account(account)!.name;
    accountCalls = d.calls.filter((c) => c.workspaceId === ws && c.hasCrmContext && c.accountCrmId === account).length;
  });

  afterAll(async () => {
    await t?.sim.close();
  });

  const entity = (q: string) => `workspaceId=${ws}&crmEntityType=ACCOUNT&crmEntityId=${account}&timePeriod=ALL_CONVERSATIONS&${q}`;

  it('lists the briefs of a workspace, published or not, and 404 for an unknown workspace', async () => {
    const r = await t.request('GET', `/v2/settings/briefs?workspaceId=${ws}`);
    expect(r.status).toBe(200);
    expect(r.json.briefs.map((b: { briefName: string; status: string }) => `${b.briefName}:${b.status}`)).toEqual(['Account overview:Published', 'Deal review:Published', 'Pre-call prep:Not published']);
    expect((await t.request('GET', '/v2/settings/briefs?workspaceId=1234567890123456789')).status).toBe(404);
  });

  it('builds the same brief from the account calls each time, and spends credits by the calls used', async () => {
    const before = t.sim.aiCredits();
    const a = await t.request('GET', `/v2/entities/get-brief?${entity('briefName=Account%20overview')}`);
    const b = await t.request('GET', `/v2/entities/get-brief?${entity('briefName=Account%20overview')}`);
    expect(a.status).toBe(200);
    expect({ ...a.json, requestId: '' }).toEqual({ ...b.json, requestId: '' });
    expect(a.json.numOfCallsSearched).toBe(Math.min(60, accountCalls));
    expect(a.json.briefSections[0].sectionSummary[0]).toContain(accountName);
    expect(a.json.briefSections[0].conversationFindings.callFindings.length).toBeGreaterThan(0);
    expect(t.sim.aiCredits().spent - before.spent).toBe(2 * aiCreditCost(a.json.numOfCallsSearched, 0));
  });

  it('answers a question from the calls that match it', async () => {
    const r = await t.request('GET', `/v2/entities/ask-entity?${entity('question=What%20about%20pricing%3F')}`);
    expect(r.status).toBe(200);
    expect(r.json.answer[0].answerItems[0]).toContain('What about pricing?');
    expect(r.json.answer.length).toBe(2);
  });

  it('refuses an unpublished brief, an unknown entity and a missing question with 4xx, charging nothing', async () => {
    const before = t.sim.aiCredits().spent;
    expect((await t.request('GET', `/v2/entities/get-brief?${entity('briefName=Pre-call%20prep')}`)).status).toBe(400);
    expect((await t.request('GET', `/v2/entities/ask-entity?workspaceId=${ws}&crmEntityType=DEAL&crmEntityId=nope&timePeriod=LAST_7DAYS&question=x`)).status).toBe(404);
    expect((await t.request('GET', `/v2/entities/ask-entity?${entity('')}`)).status).toBe(400);
    expect(t.sim.aiCredits().spent).toBe(before);
  });

  it('answers 402 with Gong\'s error shape when the credits run out, and nothing is charged', async () => {
    t.sim.setAiCredits(1);
    const r = await t.request('GET', `/v2/entities/get-brief?${entity('briefName=Account%20overview')}`);
    expect(r.status).toBe(402);
    expect(r.json).toEqual({ requestId: expect.any(String), errors: [expect.stringContaining('Insufficient Gong credits')] });
    expect(t.sim.aiCredits().remaining).toBe(1);
  });
});
