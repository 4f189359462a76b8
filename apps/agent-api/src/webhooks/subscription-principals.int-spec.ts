import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CallIndexedWebhookV1Schema, Events, Streams, SUBSCRIPTION_CALL_INDEXED_WILDCARD, subscriptionCallIndexedSubject, type CallIndexedV1 } from '@gong-connector/contracts';
import { EventPublisher, NatsClient } from '@gong-connector/platform';
import { waitFor } from '@gong-connector/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_TOKEN, USERS, WORKSPACE, acme, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';

const OTHER_WORKSPACE = '5000000000000000009';
const OUTSIDER = '1000000000000000099';

interface Delivery {
  payload: { data: { callId: string; title: string; participants: unknown[] } };
  subscriptionId: string;
}

/**
 * Subscriptions with a principal: each gets exactly the call.indexed events its principal may see,
 * decided from the event (access-core), private calls of others never. The fixture company: Maria
 * manages Alice and Bob; Maria's profile sees every call of the workspace, the reps their own.
 */
describe('outbound webhook subscriptions have a principal', () => {
  let app: AgentApiTestApp;
  let receiver: Server;
  let receiverUrl: string;
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    app = await startAgentApi({ AGENT_API_WEBHOOK_POLL_MS: '50' });
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((r) => receiver?.close(r));
  });

  const subscribe = async (principal: unknown): Promise<{ status: number; body: { id: string; principal?: unknown; details?: { path: string }[] } }> => {
    const res = await fetch(`${app.service.url}/admin/webhooks`, { method: 'POST', headers: admin, body: JSON.stringify({ url: receiverUrl, principal }) });
    return { status: res.status, body: (await res.json()) as { id: string; principal?: unknown; details?: { path: string }[] } };
  };

  it('refuses a subscription without a principal or with an empty scope, naming the field', async () => {
    const none = await fetch(`${app.service.url}/admin/webhooks`, { method: 'POST', headers: admin, body: JSON.stringify({ url: receiverUrl }) });
    expect(none.status).toBe(400);
    expect(JSON.stringify(await none.json())).toContain('principal');
    const empty = await subscribe({ kind: 'service', name: 'x', scope: { calls: 'selected' } });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('principal.scope.calls');
    const numeric = await subscribe({ kind: 'service', name: 'x', scope: { calls: 'selected', userIds: [12] } });
    expect(numeric.status).toBe(400);
  });

  it('each principal receives exactly the calls it may see, with no private call of others', async () => {
    const subs = {
      alice: (await subscribe({ kind: 'user', user: USERS.alice.email })).body.id,
      maria: (await subscribe({ kind: 'user', user: USERS.manager.id })).body.id,
      team: (await subscribe({ kind: 'service', name: 'team summarizer', scope: { calls: 'selected', teamLeadIds: [USERS.manager.id] } })).body.id,
      bobWithPrivate: (await subscribe({ kind: 'service', name: 'bob archive', scope: { calls: 'selected', userIds: [USERS.bob.id], includePrivate: true } })).body.id,
      everything: (await subscribe({ kind: 'service', name: 'all open calls', scope: { calls: 'all' } })).body.id,
    };
    const listed = (await (await fetch(`${app.service.url}/admin/webhooks`, { headers: admin })).json()) as { subscriptions: { id: string; principal: unknown }[] };
    expect(listed.subscriptions.find((s) => s.id === subs.team)?.principal).toMatchObject({ kind: 'service', scope: { teamLeadIds: [USERS.manager.id], includePrivate: false } });

    const at = '2026-02-01T10:00:00.000Z';
    const ev = (n: number, host: string, isPrivate: boolean | undefined, workspaceId = WORKSPACE, participants: string[] = [host]): CallIndexedV1 => ({
      callId: `72000000000000000${String(n).padStart(2, '0')}`,
      title: `Call ${n}`,
      started: at,
      workspaceId,
      accounts: [{ id: acme.id, name: acme.name }],
      hostUserId: host,
      participantUserIds: participants,
      chunkCount: 1,
      indexedAt: new Date().toISOString(),
      source: 'webhook',
      ...(isPrivate === undefined ? {} : { isPrivate }),
    });
    const events = [
      ev(1, USERS.alice.id, false),
      ev(2, USERS.alice.id, true),
      ev(3, USERS.bob.id, false),
      ev(4, USERS.bob.id, true),
      ev(5, USERS.manager.id, false),
      ev(6, USERS.manager.id, true, WORKSPACE, [USERS.manager.id, USERS.alice.id]),
      ev(7, OUTSIDER, false, OTHER_WORKSPACE),
      ev(8, OUTSIDER, true, OTHER_WORKSPACE, [OUTSIDER, USERS.bob.id]),
      // Published before isPrivate existed and not in the replica: counts as private.
      ev(9, USERS.bob.id, undefined),
    ];
    // Internal consumers acting for a subscription listen on its own NATS subject: the same filter applies there.
    const nats = app.service.app.get(NatsClient);
    const relayed: { subject: string; callId: string }[] = [];
    const relay = nats.nc.subscribe(SUBSCRIPTION_CALL_INDEXED_WILDCARD);
    void (async () => {
      for await (const m of relay) relayed.push({ subject: m.subject, callId: (m.json() as Delivery['payload']).data.callId });
    })();
    await nats.nc.flush();
    const publisher = app.service.app.get(EventPublisher);
    let lastSeq = 0;
    for (const e of events) lastSeq = (await publisher.publish(Events.callIndexed, e)).seq;
    await waitFor(async () => (await nats.jsm.consumers.info(Streams.calls.name, app.config.AGENT_API_WEBHOOK_CONSUMER)).ack_floor.stream_seq >= lastSeq, 'every event handled', { timeoutMs: 20_000 });

    const all = (await (await fetch(`${app.service.url}/admin/webhooks/deliveries?limit=500`, { headers: admin })).json()) as { deliveries: Delivery[] };
    const got = (sub: string): number[] => all.deliveries.filter((d) => d.subscriptionId === sub).map((d) => Number(d.payload.data.callId.slice(-2))).sort((a, b) => a - b);
    expect(got(subs.alice)).toEqual([1, 2, 6]); // own calls (private ones too) and a private call she joined
    expect(got(subs.maria)).toEqual([1, 3, 5, 6]); // every open call of her workspace and her own private call
    expect(got(subs.team)).toEqual([1, 3, 5]); // hosted by the lead or below; never a private call
    expect(got(subs.bobWithPrivate)).toEqual([3, 4, 9]); // hosted by Bob, private included as the admin said
    expect(got(subs.everything)).toEqual([1, 3, 5, 7]);
    for (const d of all.deliveries) expect(() => CallIndexedWebhookV1Schema.parse(d.payload)).not.toThrow();

    // Each subscription's NATS subject carried exactly its webhook's events, nothing else.
    await waitFor(() => relayed.length >= all.deliveries.length || undefined, 'every served event relayed on NATS', { timeoutMs: 10_000 });
    await nats.nc.flush();
    relay.unsubscribe();
    for (const sub of Object.values(subs)) {
      const onSubject = relayed.filter((r) => r.subject === subscriptionCallIndexedSubject(sub)).map((r) => Number(r.callId.slice(-2))).sort((a, b) => a - b);
      expect(onSubject).toEqual(got(sub));
    }
    expect(relayed).toHaveLength(all.deliveries.length);
  });

  it('names one NATS subject per subscription and refuses an id that would widen it', () => {
    expect(subscriptionCallIndexedSubject('0b6f3c1e-2a4d-4f7e-9c1a-1d2e3f4a5b6c')).toBe('agent.subscription.0b6f3c1e-2a4d-4f7e-9c1a-1d2e3f4a5b6c.call-indexed.v1');
    for (const id of ['*', '>', 'a.b', '', 'a b']) expect(() => subscriptionCallIndexedSubject(id)).toThrow('one NATS subject token');
  });
});
