import { afterEach, describe, expect, it } from '@jest/globals';
import { importSPKI, jwtVerify } from 'jose';
import { createHash } from 'node:crypto';
import { createTestSim, type TestSim, type Body } from '../../test/gong-sim.fixture.js';
import { WebhookReceiver } from '../../test/webhook-receiver.js';

let t: TestSim | undefined;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await t?.sim.close();
  await receiver?.stop();
  t = undefined;
  receiver = undefined;
});

async function verify(sim: TestSim, token: string) {
  const pem = await (await fetch(`${sim.sim.baseUrl}/__sim/webhook-public-key`)).text();
  const key = await importSPKI(pem, 'RS256');
  return jwtVerify(token, key, { algorithms: ['RS256'], currentDate: new Date(sim.clock.now()) });
}

describe('webhooks', () => {
  it('POSTs {callData, isTest} with an RS256 JWT carrying webhook_url, body_sha256 and exp', async () => {
    receiver = await new WebhookReceiver().start();
    t = await createTestSim({ webhookUrls: [receiver.url] });
    const done = t.sim.completeCall();
    const hook = await receiver.next();
    const body = JSON.parse(hook.rawBody);
    expect(Object.keys(body)).toEqual(['callData', 'isTest']);
    expect(body.isTest).toBe(false);
    expect(body.callData.metaData.id).toBe(done.call.id);
    expect(body.callData.parties.length).toBeGreaterThan(0);
    expect(body.callData.content.trackers).toBeDefined();
    const { payload, protectedHeader } = await verify(t, String(hook.headers.authorization));
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload.webhook_url).toBe(receiver.url);
    expect(payload.body_sha256).toBe(createHash('sha256').update(hook.rawBody).digest('hex'));
    expect(payload.exp! * 1000).toBeGreaterThan(t.clock.now());
    await expect(done.webhooks).resolves.toEqual([expect.objectContaining({ outcome: 'delivered', httpStatus: 200, callId: done.call.id })]);
  });

  it('signs with a key nobody else has: a tampered body no longer matches body_sha256', async () => {
    receiver = await new WebhookReceiver().start();
    t = await createTestSim({ webhookUrls: [receiver.url] });
    t.sim.completeCall();
    const hook = await receiver.next();
    const { payload } = await verify(t, String(hook.headers.authorization));
    const tampered = hook.rawBody.replace('"isTest":false', '"isTest":true');
    expect(createHash('sha256').update(tampered).digest('hex')).not.toBe(payload.body_sha256);
    await expect(verify(t, String(hook.headers.authorization).slice(0, -4) + 'AAAA')).rejects.toThrow();
  });

  it('completes calls through POST /__sim/calls for a given account and host, rules added over HTTP', async () => {
    receiver = await new WebhookReceiver().start();
    t = await createTestSim();
    const add = await fetch(`${t.sim.baseUrl}/__sim/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: receiver.url }) });
    expect(add.status).toBe(201);
    const truth = t.sim.groundTruth({ includeCalls: false });
    const host = truth.users.find((u) => u.role === 'rep' && u.active)!;
    const account = truth.accounts[3];
    const res = await fetch(`${t.sim.baseUrl}/__sim/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: account.crmId, hostUserId: host.id, phase: 'demo' }),
    });
    expect(res.status).toBe(201);
    const { callId } = (await res.json()) as { callId: string };
    const hook = await receiver.next();
    const callData = JSON.parse(hook.rawBody).callData;
    expect(callData.metaData.id).toBe(callId);
    expect(callData.metaData.primaryUserId).toBe(host.id);
    expect(callData.context[0].objects[0]).toMatchObject({ objectType: 'Account', objectId: account.crmId });
    expect(t.sim.groundTruth().calls!.some((c) => c.id === callId)).toBe(true);
    const listed = await t.request('GET', `/v2/calls/${callId}`);
    expect(listed.status).toBe(200);
  });

  it('makes the transcript available only a configurable delay after the webhook', async () => {
    receiver = await new WebhookReceiver().start();
    t = await createTestSim({ webhookUrls: [receiver.url], transcriptDelayMs: 45_000 });
    const { call } = t.sim.completeCall();
    await receiver.next();
    const body = { filter: { callIds: [call.id] } };
    expect((await t.request('POST', '/v2/calls/transcript', body)).status).toBe(404);
    t.clock.advance(44_999);
    expect((await t.request('POST', '/v2/calls/transcript', body)).status).toBe(404);
    t.clock.advance(1);
    expect((await t.request('POST', '/v2/calls/transcript', body)).status).toBe(200);
  });

  it('drops webhooks when told to, and records failed deliveries', async () => {
    receiver = await new WebhookReceiver().start();
    t = await createTestSim({ webhookUrls: [receiver.url] });
    t.sim.setFaults({ dropWebhooks: { remaining: 1 } });
    const dropped = t.sim.completeCall();
    await expect(dropped.webhooks).resolves.toEqual([expect.objectContaining({ outcome: 'dropped' })]);
    const kept = t.sim.completeCall();
    const hook = await receiver.next();
    expect(JSON.parse(hook.rawBody).callData.metaData.id).toBe(kept.call.id);
    expect(receiver.received).toHaveLength(1);

    const failing = await new WebhookReceiver().start(500);
    try {
      t.sim.addWebhook(failing.url);
      const third = t.sim.completeCall();
      const outcomes = (await third.webhooks).map((d) => d.outcome).sort();
      expect(outcomes).toEqual(['delivered', 'failed']);
    } finally {
      await failing.stop();
    }
  });

  it('replays existing calls through the webhooks (POST /__sim/webhooks/replay)', async () => {
    receiver = await new WebhookReceiver().start();
    t = await createTestSim({ webhookUrls: [receiver.url] });
    const ids = t.sim.company.data.calls.slice(0, 3).map((c) => c.id);
    const res = await fetch(`${t.sim.baseUrl}/__sim/webhooks/replay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ callIds: ids }) });
    expect(((await res.json()) as Body).calls).toBe(3);
    const got = [await receiver.next(), await receiver.next(), await receiver.next()].map((w) => JSON.parse(w.rawBody).callData.metaData.id);
    expect(got).toEqual(ids);
  });

  it('completes new calls over time in live mode', async () => {
    receiver = await new WebhookReceiver().start();
    t = await createTestSim({ webhookUrls: [receiver.url], live: true, callsPerMinute: 1200 });
    const before = t.sim.company.data.calls.length;
    const first = await receiver.next();
    const second = await receiver.next();
    expect(JSON.parse(first.rawBody).callData.metaData.id).not.toBe(JSON.parse(second.rawBody).callData.metaData.id);
    expect(t.sim.company.data.calls.length).toBeGreaterThanOrEqual(before + 2);
  });
});
