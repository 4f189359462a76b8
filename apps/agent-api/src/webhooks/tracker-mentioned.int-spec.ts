import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Events, TrackerMentionedWebhookV1Schema, type CallIndexedV1 } from '@gong-connector/contracts';
import type { CallRecord, TranscriptRecord } from '@gong-connector/persistence';
import { EventPublisher } from '@gong-connector/platform';
import { Arrivals, startWebhookReceiver, within, type WebhookReceiver } from '@gong-connector/testing';
import type { IncomingHttpHeaders } from 'node:http';
import { ADMIN_TOKEN, USERS, acme, globex, indexCalls, makeCall, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';
import { SIGNATURE_HEADER, WebhookSigner } from './webhook.signer.js';

interface Received {
  subscriber: string;
  callId: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const ALICE_CALL = '7200000000000000001';
const BOB_CALL = '7200000000000000002';

const mentioning = (call: CallRecord, phrase: string): CallRecord => ({
  ...call,
  trackers: [
    {
      trackerId: '9000000000000000001',
      name: 'Competitors',
      type: 'KEYWORD',
      count: 1,
      occurrences: [{ startTime: 5, speakerId: '2' }],
      phrases: [{ phrase, count: 1, occurrences: [{ startTime: 5, speakerId: '2' }] }],
    },
  ],
});
const transcript = (callId: string, said: string): TranscriptRecord => ({
  callId,
  fetchedAt: '2026-01-12T11:00:00.000Z',
  monologues: [
    { speakerId: '1', topic: null, sentences: [{ start: 0, end: 4000, text: 'Thanks for the time.' }] },
    { speakerId: '2', topic: null, sentences: [{ start: 4000, end: 9000, text: said }] },
  ],
});
const indexed = (call: CallRecord): CallIndexedV1 => ({
  callId: call.id,
  title: call.title,
  started: call.started,
  workspaceId: call.workspaceId,
  accounts: call.accounts.map((a) => ({ id: a.account.id, name: a.account.name })),
  hostUserId: call.primaryUserId,
  participantUserIds: [call.primaryUserId!],
  chunkCount: 2,
  indexedAt: new Date().toISOString(),
  isPrivate: false,
});

/**
 * `tracker.mentioned`: a newly indexed call that mentions a chosen competitor reaches the
 * subscribers who may see it (signed, with the quote), through webhooks and SSE, and nobody else.
 */
describe('tracker.mentioned events: only to subscribers who may see the call', () => {
  let app: AgentApiTestApp;
  let receiver: WebhookReceiver;
  let url: string;
  const arrivals = new Arrivals<Received>((r) => `${r.subscriber}:${r.callId}`);
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const subscribe = async (body: Record<string, unknown>) => {
    const res = await fetch(`${app.service.url}/admin/webhooks`, { method: 'POST', headers: admin, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { id: string; secret: string; trackers: string[] | null; error?: { code: string; message: string } } };
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver(({ subscriber, headers, body }) => {
      arrivals.add({ subscriber, callId: (JSON.parse(body) as { data: { callId: string } }).data.callId, headers, body });
    });
    url = receiver.url;
    app = await startAgentApi({ AGENT_API_WEBHOOK_POLL_MS: '50' });
  });

  afterAll(async () => {
    await app?.close();
    await receiver?.close();
  });

  it('refuses trackers without the tracker.mentioned event, and blank trackers', async () => {
    const principal = { kind: 'user', user: USERS.alice.email };
    for (const body of [{ url, principal, trackers: ['Competitors'] }, { url, principal, events: ['tracker.mentioned'], trackers: [' '] }, { url, principal, events: ['call.mentioned'] }]) {
      const r = await subscribe(body);
      expect({ body, status: r.status, code: r.body.error?.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it('webhooks and SSE carry a mention to those who may see the call, signed and quoted, and never to others', async () => {
    const alice = await subscribe({ url: `${url}/alice`, events: ['tracker.mentioned'], trackers: ['competitors'], principal: { kind: 'user', user: USERS.alice.email } });
    expect(alice).toMatchObject({ status: 201, body: { trackers: ['competitors'] } });
    const bob = await subscribe({ url: `${url}/bob`, events: ['tracker.mentioned'], trackers: ['Corvid'], principal: { kind: 'user', user: USERS.bob.email } });
    expect(bob.status).toBe(201);
    // Sees everything, but chose another tracker: gets nothing.
    const pricing = await subscribe({ url: `${url}/pricing`, events: ['tracker.mentioned'], trackers: ['Pricing'], principal: { kind: 'service', name: 'pricing', scope: { calls: 'all', includePrivate: true } } });
    expect(pricing.status).toBe(201);

    // Bob's SSE stream, open before the events.
    const bobToken = await app.token({ user: USERS.bob.email });
    const sse = await fetch(`${app.service.url}/v1/events?events=tracker.mentioned&tracker=corvid`, { headers: { authorization: `Bearer ${bobToken}` } });
    expect(sse.status).toBe(200);
    const reader = sse.body!.getReader();

    const aliceCall = mentioning(makeCall(ALICE_CALL, USERS.alice, acme, '2026-01-12T10:00:00.000Z', 'Acme evaluation'), 'Corvid');
    const bobCall = mentioning(makeCall(BOB_CALL, USERS.bob, globex, '2026-01-12T12:00:00.000Z', 'Globex evaluation'), 'Corvid');
    await indexCalls(app.db, [aliceCall, bobCall], [transcript(ALICE_CALL, 'Corvid quoted alicesecret pricing.'), transcript(BOB_CALL, 'Corvid came in cheaper for Globex.')]);
    const publisher = app.service.app.get(EventPublisher);
    await publisher.publish(Events.callIndexed, indexed(aliceCall));
    await publisher.publish(Events.callIndexed, indexed(bobCall));

    // Alice's call reaches Alice, signed, with the quote.
    const got = await within(arrivals.of(`alice:${ALICE_CALL}`), 15_000, "alice's tracker.mentioned webhook");
    expect(WebhookSigner.verify(alice.body.secret, got.body, got.headers[SIGNATURE_HEADER] as string, Math.floor(Date.now() / 1000))).toBe(true);
    expect(WebhookSigner.verify(bob.body.secret, got.body, got.headers[SIGNATURE_HEADER] as string, Math.floor(Date.now() / 1000))).toBe(false);
    expect(got.headers['x-gong-connector-event']).toBe('tracker.mentioned');
    const payload = TrackerMentionedWebhookV1Schema.parse(JSON.parse(got.body));
    expect(payload.data.mentions).toEqual([
      { tracker: { id: '9000000000000000001', name: 'Competitors' }, phrase: 'Corvid', count: 1, quotes: [{ text: 'Corvid quoted alicesecret pricing.', atSeconds: 5, speaker: { name: 'CTO of Acme Corp', affiliation: 'External' } }] },
    ]);
    // Bob's call reaches Bob (webhook and SSE); Alice's never does: its deliveries were enqueued
    // together with Alice's, which has arrived, and the SSE stream decides events in order.
    await within(arrivals.of(`bob:${BOB_CALL}`), 15_000, "bob's tracker.mentioned webhook");
    let text = '';
    await within(
      (async () => {
        while (!text.includes(BOB_CALL)) text += new TextDecoder().decode((await reader.read()).value);
      })(),
      10_000,
      "bob's SSE tracker.mentioned",
    );
    await reader.cancel();
    expect(text).toContain('event: tracker.mentioned');
    expect(text).toContain('Corvid came in cheaper for Globex.');
    expect(text).not.toMatch(new RegExp(`${ALICE_CALL}|alicesecret`));
    expect(text).not.toContain('event: call.indexed');
    const deliveries = async (subscription: string) =>
      ((await (await fetch(`${app.service.url}/admin/webhooks/deliveries?subscription=${subscription}`, { headers: admin })).json()) as { deliveries: { payload: { data: { callId: string } } }[] }).deliveries.map(
        (d) => d.payload.data.callId,
      );
    expect(await deliveries(bob.body.id)).toEqual([BOB_CALL]);
    expect(await deliveries(alice.body.id)).toEqual([ALICE_CALL]);
    expect(await deliveries(pricing.body.id)).toEqual([]);
    expect(arrivals.all.map((r) => `${r.subscriber}:${r.callId}`).sort()).toEqual([`alice:${ALICE_CALL}`, `bob:${BOB_CALL}`]);
  });
});
