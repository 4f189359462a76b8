import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PartyRecord, TranscriptRecord } from '@gong-connector/persistence';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { ADMIN_TOKEN, USERS, acme, indexCalls, makeCall, makeTranscript, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';

const DANA = { name: 'Dana Whitfield', email: 'dana.whitfield@acme.example', phone: '+1 415 555 0199' };
const CALLS = 20;

/**
 * The erasure API: a contact who spoke on 20 calls is erased; afterwards no search, call,
 * transcript or account research answer contains her name, address or passages, stored webhook
 * bodies neither, the record lists counts (never the address), and the request reached Gong's
 * data-privacy endpoint (gong-sim) at interactive priority.
 */
describe('POST /admin/erasure', () => {
  let sim: GongSim;
  let app: AgentApiTestApp;
  let manager: string;
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const ids = Array.from({ length: CALLS }, (_, i) => `73000000000000000${String(i).padStart(2, '0')}`);

  beforeAll(async () => {
    sim = await startGongSim({ port: 0, seed: 'erasure-api-int', users: 8, accounts: 2, calls: 4, days: 5, workspaces: 1, transcriptDelayMs: 0 });
    app = await startAgentApi({
      AGENT_API_ERASURE_FORWARD_TO_GONG: 'true',
      GONG_BASE_URL: sim.baseUrl,
      GONG_ACCESS_KEY: sim.credentials.accessKey,
      GONG_ACCESS_KEY_SECRET: sim.credentials.accessKeySecret,
      GONG_PERMIT_SOURCE: 'local',
    });
    const dana = (speakerId: string): PartyRecord => ({
      partyId: `p${speakerId}`, speakerId, userId: null, email: DANA.email, name: DANA.name, title: 'VP Procurement', affiliation: 'External', phoneNumber: DANA.phone, methods: [], context: [],
    });
    const calls = ids.map((id, i) => {
      const call = makeCall(id, i % 2 === 0 ? USERS.alice : USERS.bob, acme, `2026-01-${String(10 + (i % 15)).padStart(2, '0')}T10:00:00.000Z`, `Acme call with ${DANA.name} #${i}`);
      return { ...call, parties: [...call.parties, dana('3')], brief: `${DANA.name} asked about the renewal.` };
    });
    const transcripts: TranscriptRecord[] = ids.map((id) => {
      const t = makeTranscript(id, 'turbines');
      return {
        ...t,
        monologues: [
          ...t.monologues,
          { speakerId: '3', topic: 'Pricing', sentences: [{ start: 12000, end: 16000, text: 'Zeppelin quota is what worries procurement the most.' }] },
          { speakerId: '1', topic: null, sentences: [{ start: 16000, end: 18000, text: 'Thanks Dana, I will write to you at dana.whitfield@acme.example.' }] },
        ],
      };
    });
    await indexCalls(app.db, calls, transcripts);
    manager = await app.token({ user: USERS.manager.email });
    await app.db.database.query(
      `INSERT INTO outbound_webhook_subscriptions (id, url, events, secret, principal_kind, principal_user) VALUES ('s1', 'https://hooks.example.com/x', '{call.indexed}', 'whsec_x', 'user', $1)`,
      [USERS.manager.email],
    );
    await app.db.database.query(
      `INSERT INTO outbound_webhook_deliveries (id, subscription_id, event, event_key, payload, status, give_up_at)
       VALUES ('d1', 's1', 'call.indexed', 'k', $1::jsonb, 'delivered', now())`,
      [JSON.stringify({ data: { callId: ids[0], title: `Acme call with ${DANA.name} #0`, host: { userId: USERS.alice.id, name: 'Alice Rep', email: USERS.alice.email }, participants: [{ name: DANA.name, email: DANA.email, affiliation: 'External', userId: null }, { name: 'Alice Rep', email: USERS.alice.email, affiliation: 'Internal', userId: USERS.alice.id }] } })],
    );
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await sim?.close();
  });

  const get = async (path: string): Promise<string> => {
    const res = await fetch(`${app.service.url}${path}`, { headers: { authorization: `Bearer ${manager}` } });
    expect(res.status).toBe(200);
    return (await res.text()).toLowerCase();
  };
  const leaks = (text: string): string[] => ['dana', 'whitfield', 'zeppelin', '555 0199'].filter((needle) => text.includes(needle));

  it('refuses bad requests with a 400 naming the field', async () => {
    for (const body of [{}, { email: 'x@y.example', phone: '+14155550199' }, { email: 'not-an-address' }, { phone: '415 555' }, { email: 'a@b.example\u0000' }]) {
      const res = await fetch(`${app.service.url}/admin/erasure`, { method: 'POST', headers: admin, body: JSON.stringify(body) });
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toMatch(/"path":"(body\.)?(email|phone)"/);
    }
    expect((await fetch(`${app.service.url}/admin/erasure`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
  });

  it('erases a contact from every answer, records counts, and forwards to Gong', async () => {
    expect(leaks(await get('/v1/search?q=zeppelin'))).toContain('zeppelin');
    const res = await fetch(`${app.service.url}/admin/erasure`, { method: 'POST', headers: admin, body: JSON.stringify({ email: 'Dana.Whitfield@ACME.example', requestedBy: 'DPO ticket 7' }) });
    expect(res.status).toBe(201);
    const record = (await res.json()) as Record<string, unknown>;
    expect(record).toMatchObject({ subjectKind: 'email', requestedBy: 'DPO ticket 7', callsAffected: CALLS, partiesRemoved: CALLS, monologuesRemoved: CALLS, deliveriesScrubbed: 1, gongForward: 'sent' });
    expect(record['mentionsRedacted']).toEqual(expect.any(Number));
    expect(leaks(JSON.stringify(record).toLowerCase())).toEqual([]);

    for (const q of ['zeppelin', 'dana', 'whitfield', 'procurement', '"Dana Whitfield"']) expect(leaks(await get(`/v1/search?q=${encodeURIComponent(q)}`))).toEqual([]);
    for (const id of ids) {
      expect(leaks(await get(`/v1/calls/${id}`))).toEqual([]);
      expect(leaks(await get(`/v1/calls/${id}/transcript`))).toEqual([]);
    }
    expect(leaks(await get(`/v1/calls?participant=${encodeURIComponent(DANA.email)}`))).toEqual([]);
    expect(leaks(await get(`/v1/accounts/${encodeURIComponent(acme.domain)}/research?q=${encodeURIComponent('what worries procurement')}&from=2025-12-01&to=2026-02-01`))).toEqual([]);
    const deliveries = await (await fetch(`${app.service.url}/admin/webhooks/deliveries?limit=500`, { headers: admin })).text();
    expect(leaks(deliveries.toLowerCase())).toEqual([]);
    expect(deliveries).toContain('Alice Rep');

    const listed = await (await fetch(`${app.service.url}/admin/erasures`, { headers: admin })).text();
    expect(listed).toContain('DPO ticket 7');
    expect(leaks(listed.toLowerCase())).toEqual([]);
    expect(sim.stats().byEndpoint['POST /v2/data-privacy/erase-data-for-email-address']?.['200']).toBe(1);
  }, 120_000);
});
