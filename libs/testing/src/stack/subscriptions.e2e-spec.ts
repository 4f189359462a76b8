import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { Streams } from '@gong-connector/contracts';
import { NatsClient, createLogger } from '@gong-connector/platform';
import { Arrivals } from '../arrivals.js';
import { waitFor } from '../deferred.js';
import { startWebhookReceiver, type WebhookReceiver } from '../webhook-receiver.js';
import { stackAdmin } from './stack-admin.js';
import { startStack, type Stack } from './stack.js';

const SYNCED_CALLS = 240;
const LIVE_CALLS = 20;

interface Received {
  subscriber: string;
  callId: string;
  body: { eventId: string; data: { callId: string; host: { userId: string | null }; participants: { userId: string | null }[] } };
}

/**
 * Subscriptions with a principal, end to end (every service in its own process, gong-sim's
 * truth as the reference): ingest's first sync stores the last day's 240 calls, then 20 live calls
 * end and fire webhooks. A subscription bound to a rep (profile `own`, no API grants) and a service
 * subscription scoped to one manager's team each receive exactly the call.indexed events of the
 * calls they may see: the rep's own calls (private ones included), the team's non-private calls.
 * A third subscription (every call, private included) tells when every event was handled.
 */
describe('call.indexed subscriptions receive exactly what their principal may see', () => {
  let stack: Stack;
  let receiver: WebhookReceiver;
  let url: string;
  const arrivals = new Arrivals<Received>((r) => `${r.subscriber}:${r.callId}`);
  const all: Received[] = [];

  beforeAll(async () => {
    receiver = await startWebhookReceiver(({ subscriber, body }) => {
      const parsed = JSON.parse(body) as Received['body'];
      const r = { subscriber, callId: parsed.data.callId, body: parsed };
      all.push(r);
      arrivals.add(r);
    });
    url = receiver.url;
    stack = await startStack({
      sim: { seed: `subscriptions-${randomBytes(4).toString('hex')}`, users: 30, accounts: 12, calls: SYNCED_CALLS, days: 2, workspaces: 1, transcriptDelayMs: 500 },
      // The history is replicated once the subscriptions exist (a backfill, delivered to them too), not by the boot sync.
      env: { ingest: { INGEST_SYNC_INITIAL_MS: '60000' }, 'agent-api': { AGENT_API_POST_CALL_INCLUDE_BACKFILL: 'true' } },
    });
  }, 600_000);

  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  }, 120_000);

  const admin = stackAdmin(() => stack);

  it('a rep-bound and a team-scoped subscription get exactly their calls, private calls of others never', async () => {
    const truth = stack.sim.groundTruth({ includeCalls: true });
    const granted = new Set(truth.usersAccess.flatMap((g) => g.userIds));
    const levelOf = new Map(truth.profileAssignments.map((a) => [a.userId, a.callsAccessLevel]));
    const hostsOf = (id: string) => truth.calls!.filter((c) => c.primaryUserId === id || c.participantUserIds.includes(id)).length;
    const rep = truth.users
      .filter((u) => u.active && !u.isAvatar && levelOf.get(u.id) === 'own' && !granted.has(u.id))
      .sort((a, b) => hostsOf(b.id) - hostsOf(a.id))[0]!;
    expect(rep).toBeDefined();
    const below = (lead: string): string[] => {
      const direct = Object.entries(truth.reportsTo).filter(([, m]) => m === lead).map(([u]) => u);
      return direct.flatMap((u) => [u, ...below(u)]);
    };
    const lead = truth.users.filter((u) => below(u.id).length >= 2).sort((a, b) => below(a.id).length - below(b.id).length)[0]!;
    const team = new Set([lead.id, ...below(lead.id)]);

    await admin('/admin/webhooks', { url: `${url}/rep`, principal: { kind: 'user', user: rep.emailAddress } });
    await admin('/admin/webhooks', { url: `${url}/team`, principal: { kind: 'service', name: 'team summarizer', scope: { calls: 'selected', teamLeadIds: [lead.id] } } });
    await admin('/admin/webhooks', { url: `${url}/everything`, principal: { kind: 'service', name: 'audit', scope: { calls: 'all', includePrivate: true } } });

    // The history is replicated now, by a backfill, and live calls end meanwhile. (A call the boot
    // sync stored before the subscriptions existed has no new event: the comparison covers the calls
    // whose event reached the audit subscription.)
    const range = stack.sim.groundTruth().range;
    const ingest = await fetch(`${stack.services.ingest.url}/admin/backfills`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: range.from, to: new Date().toISOString() }),
    });
    expect(ingest.status).toBeLessThan(300);
    const job = (await ingest.json()) as { id: string };
    const liveIds: string[] = [];
    for (let i = 0; i < LIVE_CALLS; i++) liveIds.push(stack.sim.completeCall().call.id);
    const calls = stack.sim.groundTruth({ includeCalls: true }).calls!;
    expect(calls.length).toBe(SYNCED_CALLS + LIVE_CALLS);
    const audited = () => new Set(all.filter((r) => r.subscriber === 'everything').map((r) => r.callId));
    // Done when: every live call reached the audit subscriber, the backfill finished, and every
    // consumer on the way (transcript processor's lanes, agent-api's webhook consumer) has nothing
    // pending, and no delivery is pending. (Calls without a transcript are never indexed: no event.)
    await waitFor(() => liveIds.every((id) => audited().has(id)), () => `the live calls at the audit subscriber (${audited().size} calls there)`, { timeoutMs: 300_000, intervalMs: 1_000 });
    await waitFor(
      async () => {
        const res = await fetch(`${stack.services.ingest.url}/admin/backfills/${job.id}`, { headers: { authorization: `Bearer ${stack.adminToken}` } });
        return ((await res.json()) as { status: string }).status === 'completed';
      },
      'the backfill completed',
      { timeoutMs: 300_000, intervalMs: 1_000 },
    );
    const suffix = stack.databaseSchema.replace(/^stack_/, '');
    const nats = await NatsClient.connect({ servers: stack.natsUrl, name: 'subscriptions-e2e', logger: createLogger({ name: 'e2e', level: 'silent' }) });
    try {
      const idle = async (): Promise<boolean> => {
        for (const durable of [`transcript-processor-${suffix}`, `transcript-processor-${suffix}-post-call`, `agent-api-webhooks-${suffix}`]) {
          const info = await nats.jsm.consumers.info(Streams.calls.name, durable);
          if (info.num_pending + info.num_ack_pending > 0) return false;
        }
        return ((await admin('/admin/webhooks/deliveries?status=pending&limit=10')) as { deliveries: unknown[] }).deliveries.length === 0;
      };
      await waitFor(idle, 'every consumer and delivery done', { timeoutMs: 300_000, intervalMs: 1_000 });
    } finally {
      await nats.drain();
    }

    const seenByAudit = audited();
    const considered = calls.filter((c) => seenByAudit.has(c.id));
    console.log(`subscriptions e2e: ${considered.length} calls delivered after the subscriptions existed (${LIVE_CALLS} live); rep ${rep.id}, team of ${team.size}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    expect(considered.length).toBeGreaterThanOrEqual(200);
    const got = (who: string) => new Set(all.filter((r) => r.subscriber === who).map((r) => r.callId));
    const expectRep = considered.filter((c) => c.primaryUserId === rep.id || c.participantUserIds.includes(rep.id)).map((c) => c.id).sort();
    const expectTeam = considered.filter((c) => !c.isPrivate && team.has(c.primaryUserId)).map((c) => c.id).sort();
    expect([...got('rep')].sort()).toEqual(expectRep);
    expect([...got('team')].sort()).toEqual(expectTeam);
    expect(expectTeam.length).toBeGreaterThan(0);
    // The fields: each payload is the call's own (host as in Gong); each event once per subscriber
    // (a call indexed again, e.g. when its transcript arrived, is a new event with a new eventId).
    for (const r of all) expect(r.body.data.host.userId).toBe(calls.find((c) => c.id === r.callId)!.primaryUserId);
    expect(all.length).toBe(new Set(all.map((r) => `${r.subscriber}:${r.body.eventId}`)).size);
  }, 600_000);
});
