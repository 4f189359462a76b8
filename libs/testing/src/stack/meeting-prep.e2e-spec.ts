import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadavg } from 'node:os';
import type { Client } from '@modelcontextprotocol/client';
import { MeetingPrepScenario } from './meeting-prep.scenario.js';

/**
 * meeting_prep end to end (every service in its own process, gong-sim's truth as the reference,
 * the official MCP SDK client): the same brief asked by a rep (profile `own`) and by an admin
 * (`all`). The rep's brief cites only calls the rep may see, the admin's also others'; each brief
 * costs at most one Gong request (gong-sim's request log), the live check, which finds the
 * account's calls that ended in Gong without reaching the replica, each shown only to who may see it.
 */
describe('meeting_prep as a rep and as an admin, on the whole stack', () => {
  let scenario: MeetingPrepScenario;
  const clients: Client[] = [];

  beforeAll(async () => {
    scenario = await MeetingPrepScenario.start();
  }, 600_000);

  afterAll(async () => {
    for (const c of clients) await c.close();
    await scenario?.stop();
  }, 120_000);

  it('the rep’s brief cites only the rep’s calls; the admin’s names others’ too; each costs at most one Gong request', async () => {
    const rep = await scenario.client('rep');
    const admin = await scenario.client('admin');
    clients.push(rep, admin);
    // The live check reads one page of Gong's listing (100 calls, oldest first) of the last
    // `liveHours`; with 200 calls seeded over a day, 6 hours could hold more than a page, and the
    // two calls that just ended (the newest) would fall past it (a CI run saw one missing). The
    // calls end now and last under 2 hours, so 2 hours holds them and stays within one page.
    const args = { account: scenario.account.name, attendees: scenario.attendees(), liveHours: 2 };

    const asRep = await scenario.meetingPrep(rep, args);
    const asAdmin = await scenario.meetingPrep(admin, args);
    console.log(
      `meeting-prep e2e: rep ${scenario.rep.id} cites ${asRep.brief.citedCallIds.length} calls (${asRep.gongRequests} Gong requests, ${asRep.elapsedMs.toFixed(0)} ms), ` +
        `admin cites ${asAdmin.brief.citedCallIds.length} (${asAdmin.gongRequests} Gong requests, ${asAdmin.elapsedMs.toFixed(0)} ms); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    );

    // The same account for both.
    expect(asRep.brief.account.id).toBe(asAdmin.brief.account.id);
    expect(asRep.brief.account.id).toContain(scenario.account.crmId);

    // The rep: every call named is one the rep may see (gong-sim's truth); the rep's unreplicated call is found live, the other's never named.
    const repMay = scenario.callsOf(scenario.rep.id);
    expect(asRep.brief.citedCallIds.length).toBeGreaterThan(0);
    expect(asRep.brief.citedCallIds.filter((id) => !repMay.has(id))).toEqual([]);
    expect(asRep.brief.lastCalls.map((c) => c.id).filter((id) => !repMay.has(id))).toEqual([]);
    expect(asRep.brief.live).toMatchObject({ checked: true, gongRequests: 1 });
    expect(asRep.brief.live.newCalls.map((c) => c.id)).toEqual([scenario.unreplicated.rep]);
    expect(JSON.stringify(asRep.brief)).not.toContain(scenario.unreplicated.other);

    // The admin: others' calls too, both unreplicated calls found live.
    expect(asAdmin.brief.citedCallIds.filter((id) => !repMay.has(id)).length).toBeGreaterThan(0);
    expect(asAdmin.brief.callsRead).toBeGreaterThan(asRep.brief.callsRead);
    expect(asAdmin.brief.live.newCalls.map((c) => c.id).sort()).toEqual([scenario.unreplicated.rep, scenario.unreplicated.other].sort());

    // At most one Gong request per meeting_prep (gong-sim's own count), and none with the live check off.
    expect({ rep: asRep.gongEndpoints, admin: asAdmin.gongEndpoints }).toEqual({ rep: { 'POST /v2/calls/extensive 200': 1 }, admin: { 'POST /v2/calls/extensive 200': 1 } });
    expect(asRep.gongRequests).toBeLessThanOrEqual(1);
    expect(asAdmin.gongRequests).toBeLessThanOrEqual(1);
    const offline = await scenario.meetingPrep(rep, { ...args, liveHours: 0 });
    expect(offline.gongRequests).toBe(0);
    expect(offline.brief.live.checked).toBe(false);
  }, 300_000);
});
