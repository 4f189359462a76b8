import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CallIndexedWebhookV1Schema, Events, Streams, type CallIndexedV1, type CallSource } from '@gong-connector/contracts';
import { EventPublisher, NatsClient } from '@gong-connector/platform';
import { deferred, startWebhookReceiver, waitFor, within, type Deferred, type WebhookReceiver } from '@gong-connector/testing';
import type { IncomingHttpHeaders } from 'node:http';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { ADMIN_TOKEN, USERS, acme, indexCalls, makeCall, makeTranscript, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';
import { SIGNATURE_HEADER, WebhookSigner } from './webhook.signer.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}


/** Reads an SSE stream until `needle` appears (10 s at most); returns everything read. */
async function readSseUntil(reader: ReadableStreamDefaultReader<Uint8Array>, needle: string, what: string): Promise<string> {
  let text = '';
  await within(
    (async () => {
      while (!text.includes(needle)) text += new TextDecoder().decode((await reader.read()).value);
    })(),
    10_000,
    what,
  );
  return text;
}

describe('post-call events: signed webhooks with retries and dead letters, SSE per user', () => {
  let app: AgentApiTestApp;
  let receiver: WebhookReceiver;
  let receiverUrl: string;
  let failing = false;
  const waiting = new Map<string, Deferred<Received>>();
  const receivedCallIds: string[] = [];
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

  const event = (callId: string, host: string, source?: CallSource): CallIndexedV1 => ({
    callId,
    title: `New call ${callId}`,
    started: '2026-01-12T10:00:00.000Z',
    workspaceId: '5000000000000000001',
    accounts: [{ id: acme.id, name: acme.name }],
    hostUserId: host,
    participantUserIds: [host],
    chunkCount: 3,
    indexedAt: new Date().toISOString(),
    ...(source ? { source } : {}),
  });
  const expectDelivery = (callId: string): Promise<Received> => {
    const d = deferred<Received>();
    waiting.set(callId, d);
    return within(d.promise, 15_000, `webhook for call ${callId}`);
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver(({ headers, body }) => {
      if (failing) return 500;
      const callId = (JSON.parse(body) as { data: { callId: string } }).data.callId;
      receivedCallIds.push(callId);
      waiting.get(callId)?.resolve({ headers, body });
    });
    receiverUrl = receiver.url;
    app = await startAgentApi({ AGENT_API_WEBHOOK_RETRY_PERIOD_MS: '600', AGENT_API_WEBHOOK_BACKOFF_BASE_MS: '100', AGENT_API_WEBHOOK_POLL_MS: '50' });
  });

  afterAll(async () => {
    if (process.env.DEBUG_LOGS) console.log(app.logs.text.split('\n').filter((l) => !l.includes('"level":20')).slice(-40).join('\n'));
    await app?.close();
    await receiver?.close();
  });

  it('delivers call.indexed to a subscriber with a valid signature; the subscriber fetches the transcript with a user token', async () => {
    const created = await fetch(`${app.service.url}/admin/webhooks`, { method: 'POST', headers: admin, body: JSON.stringify({ url: receiverUrl, events: ['call.indexed'], principal: { kind: 'service', name: 'int-spec', scope: { calls: 'all', includePrivate: true } } }) });
    expect(created.status).toBe(201);
    const { secret } = (await created.json()) as { secret: string };
    expect(secret).toMatch(/^whsec_/);
    const listed = await (await fetch(`${app.service.url}/admin/webhooks`, { headers: admin })).text();
    expect(listed).not.toContain(secret);

    const callId = '7100000000000000001';
    await indexCalls(app.db, [makeCall(callId, USERS.alice, acme, '2026-01-12T10:00:00.000Z', 'Fresh Acme call')], [makeTranscript(callId, 'gizmos')]);
    const delivery = expectDelivery(callId);
    await app.service.app.get(EventPublisher).publish(Events.callIndexed, event(callId, USERS.alice.id));
    const got = await delivery;

    const signature = got.headers[SIGNATURE_HEADER] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(WebhookSigner.verify(secret, got.body, signature, Math.floor(Date.now() / 1000))).toBe(true);
    // the same delivery, verified as a Standard Webhooks receiver does (its own library)
    expect(got.headers['webhook-id']).toBe(got.headers['x-gong-connector-delivery']);
    expect(new StandardWebhook(secret, { format: 'raw' }).verify(got.body, got.headers as Record<string, string>)).toMatchObject({ event: 'call.indexed' });
    const payload = CallIndexedWebhookV1Schema.parse(JSON.parse(got.body));
    expect(payload).toMatchObject({ event: 'call.indexed', data: { callId, title: `New call ${callId}`, host: { name: 'Alice Rep' } } });
    expect(payload.data.participants).toHaveLength(2);

    const token = await app.token({ user: USERS.alice.email });
    const transcript = await fetch(payload.data.links.transcript.replace(/^http:\/\/127\.0\.0\.1:\d+/, app.service.url), { headers: { authorization: `Bearer ${token}` } });
    expect(transcript.status).toBe(200);
    expect(await transcript.text()).toContain('gizmos');
    const bob = await app.token({ user: USERS.bob.email });
    expect((await fetch(`${app.service.url}/v1/calls/${callId}/transcript`, { headers: { authorization: `Bearer ${bob}` } })).status).toBe(404);
    await waitFor(async () => (await (await fetch(`${app.service.url}/metrics`)).text()).includes('agent_api_post_call_delivery_seconds_count'), 'the delivery metric', { timeoutMs: 5_000 });
  });

  it('retries a failing receiver, dead-letters it after the retry period, and redelivers on request', async () => {
    failing = true;
    const callId = '7100000000000000002';
    await app.service.app.get(EventPublisher).publish(Events.callIndexed, event(callId, USERS.bob.id));
    let dead: { id: string; attempts: number }[] = [];
    await waitFor(
      async () => {
        const res = (await (await fetch(`${app.service.url}/admin/webhooks/deliveries?status=dead`, { headers: admin })).json()) as { deliveries: { id: string; attempts: number; payload: { data: { callId: string } } }[] };
        dead = res.deliveries.filter((d) => d.payload.data.callId === callId);
        return dead.length === 1;
      },
      'a dead delivery',
      { timeoutMs: 15_000 },
    );
    expect(dead[0]!.attempts).toBeGreaterThanOrEqual(2);
    failing = false;
    const delivery = expectDelivery(callId);
    const redeliver = await fetch(`${app.service.url}/admin/webhooks/deliveries/${dead[0]!.id}/redeliver`, { method: 'POST', headers: { authorization: admin.authorization } });
    expect(redeliver.status).toBe(200);
    await expect(delivery).resolves.toMatchObject({ headers: expect.objectContaining({ 'x-gong-connector-delivery': dead[0]!.id }) });
  });

  it('streams call.indexed over SSE only for calls the user may see', async () => {
    const visible = '7100000000000000003';
    const hidden = '7100000000000000004';
    await indexCalls(
      app.db,
      [makeCall(visible, USERS.alice, acme, '2026-01-13T10:00:00.000Z', 'Alice follow-up'), makeCall(hidden, USERS.bob, acme, '2026-01-13T11:00:00.000Z', 'Bob follow-up')],
      [makeTranscript(visible, 'sprockets'), makeTranscript(hidden, 'widgets')],
    );
    const token = await app.token({ user: USERS.alice.email });
    const controller = new AbortController();
    const res = await fetch(`${app.service.url}/v1/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain(': connected');
    const publisher = app.service.app.get(EventPublisher);
    await publisher.publish(Events.callIndexed, event(hidden, USERS.bob.id));
    await publisher.publish(Events.callIndexed, event(visible, USERS.alice.id));
    const text = await readSseUntil(reader, visible, 'SSE event for the visible call');
    controller.abort();
    expect(text).toContain('event: call.indexed');
    expect(text).not.toContain(hidden);
  });

  it('never streams a call the user may not see: decided from the event (private calls of others included), from the replica for an event without isPrivate', async () => {
    const [bobPrivate, bobPrivateOld, alicePrivate, notStored, bobOpen, aliceOpen] = ['11', '12', '13', '14', '15', '16'].map((n) => `71000000000000000${n}`) as [string, string, string, string, string, string];
    const privateCall = (id: string, host: (typeof USERS)[keyof typeof USERS]) => ({ ...makeCall(id, host, acme, '2026-01-16T10:00:00.000Z', `Private call ${id}`), isPrivate: true });
    await indexCalls(
      app.db,
      [
        privateCall(bobPrivate, USERS.bob),
        privateCall(bobPrivateOld, USERS.bob),
        privateCall(alicePrivate, USERS.alice),
        makeCall(bobOpen, USERS.bob, acme, '2026-01-16T11:00:00.000Z', 'Bob open call'),
        makeCall(aliceOpen, USERS.alice, acme, '2026-01-16T12:00:00.000Z', 'Alice open call'),
      ],
      [bobPrivate, bobPrivateOld, alicePrivate, bobOpen, aliceOpen].map((id) => makeTranscript(id, 'gaskets')),
    );
    const open = async (email: string): Promise<{ reader: ReadableStreamDefaultReader<Uint8Array>; controller: AbortController }> => {
      const controller = new AbortController();
      const res = await fetch(`${app.service.url}/v1/events`, { headers: { authorization: `Bearer ${await app.token({ user: email })}` }, signal: controller.signal });
      const reader = res.body!.getReader();
      await reader.read(); // ': connected'
      return { reader, controller };
    };
    const manager = await open(USERS.manager.email);
    const alice = await open(USERS.alice.email);
    const publisher = app.service.app.get(EventPublisher);
    const withPrivacy = (callId: string, host: string, isPrivate: boolean): CallIndexedV1 => ({ ...event(callId, host), isPrivate });
    // Hidden from the manager (who sees every non-private call of the workspace): private calls of others.
    await publisher.publish(Events.callIndexed, withPrivacy(bobPrivate, USERS.bob.id, true));
    // An event from before isPrivate existed, of a call the replica holds as private: read from the replica.
    await publisher.publish(Events.callIndexed, event(bobPrivateOld, USERS.bob.id));
    await publisher.publish(Events.callIndexed, withPrivacy(alicePrivate, USERS.alice.id, true));
    // Not in the replica at all: the event's facts decide, with no read of the call.
    await publisher.publish(Events.callIndexed, withPrivacy(notStored, USERS.bob.id, false));
    await publisher.publish(Events.callIndexed, withPrivacy(bobOpen, USERS.bob.id, false));
    await publisher.publish(Events.callIndexed, withPrivacy(aliceOpen, USERS.alice.id, false));

    // Each stream writes events in the order they were published, so reading up to the last one covers all of them.
    const managerText = await readSseUntil(manager.reader, aliceOpen, 'the manager’s SSE events');
    const aliceText = await readSseUntil(alice.reader, aliceOpen, 'Alice’s SSE events');
    manager.controller.abort();
    alice.controller.abort();
    const ids = (text: string): string[] => [...text.matchAll(/^id: (\d+)@/gm)].map((m) => m[1]!).filter((id) => id.startsWith('710000000000000001'));
    expect(ids(managerText)).toEqual([notStored, bobOpen, aliceOpen]);
    expect(ids(aliceText)).toEqual([alicePrivate, aliceOpen]);
  });

  it('skips call.indexed of backfilled calls for webhooks and SSE (acked without a delivery), and sends the live calls after them', async () => {
    const [old, live, later] = ['7100000000000000005', '7100000000000000006', '7100000000000000007'];
    await indexCalls(
      app.db,
      [old, live, later].map((id, i) => makeCall(id, USERS.alice, acme, `2026-01-14T1${i}:00:00.000Z`, `Alice call ${id}`)),
      [old, live, later].map((id) => makeTranscript(id, 'flanges')),
    );
    const token = await app.token({ user: USERS.alice.email });
    const controller = new AbortController();
    const res = await fetch(`${app.service.url}/v1/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read(); // ': connected'
    const publisher = app.service.app.get(EventPublisher);
    const delivered = expectDelivery(live);
    const { seq: oldSeq } = await publisher.publish(Events.callIndexed, event(old, USERS.alice.id, 'backfill'));
    await publisher.publish(Events.callIndexed, event(live, USERS.alice.id, 'webhook'));
    await expect(delivered).resolves.toMatchObject({ body: expect.stringContaining(live) });
    // The webhook consumer has acknowledged the backfilled call's event: handled, and no delivery made.
    const nats = app.service.app.get(NatsClient);
    await waitFor(async () => (await nats.jsm.consumers.info(Streams.calls.name, app.config.AGENT_API_WEBHOOK_CONSUMER)).ack_floor.stream_seq >= oldSeq, 'the backfilled event acknowledged', { timeoutMs: 15_000 });
    const all = (await (await fetch(`${app.service.url}/admin/webhooks/deliveries?limit=500`, { headers: admin })).json()) as { deliveries: { payload: { data: { callId: string } } }[] };
    expect(all.deliveries.map((d) => d.payload.data.callId)).toContain(live);
    expect(all.deliveries.map((d) => d.payload.data.callId)).not.toContain(old);
    expect(receivedCallIds).not.toContain(old);
    // SSE: the live calls arrive, the backfilled one (published first) never does.
    await publisher.publish(Events.callIndexed, event(later, USERS.alice.id, 'sync'));
    const text = await readSseUntil(reader, later, 'SSE events for the live calls');
    controller.abort();
    expect(text).toContain(live);
    expect(text).not.toContain(old);
  });
});

describe('post-call events with AGENT_API_POST_CALL_INCLUDE_BACKFILL=true', () => {
  const BACKFILLED_CALL = '7100000000000000008';
  let app: AgentApiTestApp;
  let receiver: WebhookReceiver;
  const got = deferred<string>();

  beforeAll(async () => {
    receiver = await startWebhookReceiver(({ body }) => {
      // Other test files may publish call.indexed on the same NATS server: wait for this file's call.
      if (body.includes(BACKFILLED_CALL)) got.resolve(body);
    });
    app = await startAgentApi({ AGENT_API_POST_CALL_INCLUDE_BACKFILL: 'true', AGENT_API_WEBHOOK_POLL_MS: '50' });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await receiver?.close();
  });

  it('sends backfilled calls to webhooks and SSE too', async () => {
    const url = receiver.url;
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    expect((await fetch(`${app.service.url}/admin/webhooks`, { method: 'POST', headers: admin, body: JSON.stringify({ url, events: ['call.indexed'], principal: { kind: 'user', user: USERS.alice.email } }) })).status).toBe(201);
    const callId = BACKFILLED_CALL;
    await indexCalls(app.db, [makeCall(callId, USERS.alice, acme, '2026-01-15T10:00:00.000Z', 'Historical Acme call')], [makeTranscript(callId, 'bearings')]);
    const token = await app.token({ user: USERS.alice.email });
    const controller = new AbortController();
    const res = await fetch(`${app.service.url}/v1/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read(); // ': connected'
    await app.service.app.get(EventPublisher).publish(Events.callIndexed, {
      callId, title: 'Historical Acme call', started: '2026-01-15T10:00:00.000Z', workspaceId: '5000000000000000001',
      accounts: [{ id: acme.id, name: acme.name }], hostUserId: USERS.alice.id, participantUserIds: [USERS.alice.id], chunkCount: 1,
      indexedAt: new Date().toISOString(), source: 'backfill',
    });
    await expect(within(got.promise, 15_000, 'webhook for the backfilled call')).resolves.toContain(callId);
    const text = await readSseUntil(reader, callId, 'SSE event for the backfilled call');
    controller.abort();
    expect(text).toContain('event: call.indexed');
  });
});
