import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { loadavg } from 'node:os';
import { Arrivals } from '../arrivals.js';
import { within } from '../deferred.js';
import { startWebhookReceiver, type WebhookReceiver } from '../webhook-receiver.js';
import { stackAdmin } from './stack-admin.js';
import { startStack, type Stack } from './stack.js';

interface Received {
  subscriber: string;
  callId: string;
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Checks `x-gong-connector-signature` (`t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<body>">`) on our own, as a receiver would. */
function signatureValid(secret: string, body: string, header: string | undefined): boolean {
  const parts = new Map((header ?? '').split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  const given = Buffer.from(parts.get('v1') ?? '');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * `tracker.mentioned` end to end (every service in its own process, gong-sim's calls and webhooks):
 * a rep subscribes to the Competitors tracker. A call of another rep that mentions a competitor ends
 * first, then one of the rep's own. The rep's webhook receives the second, signed with their secret,
 * within seconds of the call's end, and never the first, though an audit subscriber (every call)
 * receives both: its delivery rows show the first was decided before the second arrived.
 */
describe('tracker.mentioned reaches exactly the subscribers who may see the call', () => {
  let stack: Stack;
  let receiver: WebhookReceiver;
  let url: string;
  const arrivals = new Arrivals<Received>((r) => `${r.subscriber}:${r.callId}`);

  beforeAll(async () => {
    receiver = await startWebhookReceiver(({ subscriber, headers, body }) => {
      const parsed = JSON.parse(body) as { data: { callId: string } };
      arrivals.add({ subscriber, callId: parsed.data.callId, at: Date.now(), headers, body });
    });
    url = receiver.url;
    stack = await startStack({ sim: { seed: `tracker-mentioned-${randomBytes(4).toString('hex')}`, users: 20, accounts: 8, calls: 20, days: 1, workspaces: 1, transcriptDelayMs: 200 } });
  }, 600_000);

  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  }, 120_000);

  const admin = stackAdmin(() => stack);

  it("delivers a competitor mention to the rep who may see the call, signed, and nothing of another rep's call", async () => {
    const truth = stack.sim.groundTruth({ includeCalls: true });
    const granted = new Set(truth.usersAccess.flatMap((g) => g.userIds));
    const levelOf = new Map(truth.profileAssignments.map((a) => [a.userId, a.callsAccessLevel]));
    const reps = truth.users.filter((u) => u.active && !u.isAvatar && levelOf.get(u.id) === 'own' && !granted.has(u.id));
    expect(reps.length).toBeGreaterThanOrEqual(2);
    const [rep, other] = [reps[0]!, reps[1]!];
    const competitors = stack.sim.company.data.competitors;

    const repSub = (await admin('/admin/webhooks', {
      url: `${url}/rep`,
      events: ['tracker.mentioned'],
      trackers: ['Competitors'],
      principal: { kind: 'user', user: rep.emailAddress },
    })) as { id: string; secret: string };
    const auditSub = (await admin('/admin/webhooks', {
      url: `${url}/audit`,
      events: ['tracker.mentioned'],
      trackers: ['Competitors'],
      principal: { kind: 'service', name: 'audit', scope: { calls: 'all', includePrivate: true } },
    })) as { id: string; secret: string };

    /** Ends calls hosted by `host` until one mentions a competitor (and, for another's call, leaves the rep out). */
    const mentioningCall = (host: string): { id: string; endedAt: number } => {
      for (let i = 0; i < 40; i++) {
        const endedAt = Date.now();
        const { call } = stack.sim.completeCall({ hostUserId: host, isPrivate: false, phase: 'pricing' });
        const participants = stack.sim.groundTruth({ includeCalls: true }).calls!.find((c) => c.id === call.id)!.participantUserIds;
        if (host !== rep.id && participants.includes(rep.id)) continue;
        const said = stack.sim.transcriptTruth(call.id)?.sentences ?? [];
        if (said.some((s) => competitors.some((c) => s.text.includes(c)))) return { id: call.id, endedAt };
      }
      throw new Error(`no call of ${host} mentioned a competitor in 40 tries`);
    };
    const hidden = mentioningCall(other.id);
    const visible = mentioningCall(rep.id);

    // The rep gets their own call's mention, signed with their subscription's secret, with the quote.
    const got = await within(arrivals.of(`rep:${visible.id}`), 120_000, "the rep's tracker.mentioned webhook");
    expect(signatureValid(repSub.secret, got.body, got.headers['x-gong-connector-signature'] as string)).toBe(true);
    expect(signatureValid(auditSub.secret, got.body, got.headers['x-gong-connector-signature'] as string)).toBe(false);
    const payload = JSON.parse(got.body) as { event: string; data: { callId: string; host: { userId: string }; mentions: { tracker: { name: string }; phrase: string; quotes: { text: string | null }[] }[] } };
    expect(payload).toMatchObject({ event: 'tracker.mentioned', data: { callId: visible.id, host: { userId: rep.id } } });
    expect(payload.data.mentions.length).toBeGreaterThan(0);
    for (const m of payload.data.mentions) {
      expect(m.tracker.name).toBe('Competitors');
      expect(competitors).toContain(m.phrase);
    }
    expect(payload.data.mentions.some((m) => m.quotes.some((q) => q.text !== null && q.text.includes(m.phrase)))).toBe(true);

    // The other rep's call was decided too (the audit subscriber got it), and the rep got nothing of it:
    // one handler run enqueues every subscriber's delivery of an event at once.
    await within(arrivals.of(`audit:${hidden.id}`), 120_000, "the audit subscriber's webhook of the other rep's call");
    await within(arrivals.of(`audit:${visible.id}`), 120_000, "the audit subscriber's webhook of the rep's call");
    const deliveries = (await admin(`/admin/webhooks/deliveries?subscription=${repSub.id}`)) as { deliveries: { event: string; payload: { data: { callId: string } } }[] };
    // Finding the two calls may have ended others on the way (the rep's own calls, and the other rep's
    // calls the rep took part in): the tracker may fire on those too, and the rep may see them. So the
    // rep's deliveries are the visible call, never the hidden one, and only calls the rep may see (own
    // level: hosted or attended, by gong-sim's truth).
    const ended = stack.sim.groundTruth({ includeCalls: true }).calls!;
    const repMaySee = (id: string) => ended.some((c) => c.id === id && (c.primaryUserId === rep.id || c.participantUserIds.includes(rep.id)));
    const delivered = deliveries.deliveries.map((d) => `${d.event}:${d.payload.data.callId}`);
    expect(delivered).toContain(`tracker.mentioned:${visible.id}`);
    expect(delivered).not.toContain(`tracker.mentioned:${hidden.id}`);
    expect(deliveries.deliveries.filter((d) => d.event !== 'tracker.mentioned' || !repMaySee(d.payload.data.callId))).toEqual([]);
    const received = arrivals.all.filter((r) => r.subscriber === 'rep').map((r) => r.callId);
    expect(received).toContain(visible.id);
    expect(received.filter((id) => id === hidden.id || !repMaySee(id))).toEqual([]);
    console.log(
      `tracker.mentioned e2e: rep's webhook ${((got.at - visible.endedAt) / 1000).toFixed(2)} s after the call ended; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    );
  }, 600_000);
});
