import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CallReadRepository, WebhookDeliveryRepository } from '@gong-connector/persistence';
import { NatsClient } from '@gong-connector/platform';
import { PrivateNatsServer, LogCapture, testDatabase, within, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { exportPKCS8, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { CallFetchedListener, startIngest, type IngestUnderTest } from '../../test/ingest.harness.js';
import { IngestMessaging } from '../messaging/ingest-messaging.js';

const URL_KEY = 'url-key-0123456789abcdef-secret';

describe('webhook receiver (POST /webhooks/gong)', () => {
  const logs = new LogCapture();
  let natsServer: PrivateNatsServer;
  const messaging = new IngestMessaging();
  const tokensSeen: string[] = [];
  let sim: GongSim;
  let db: TestDatabase;
  let ingest: IngestUnderTest;
  let listener: CallFetchedListener;
  let nats: NatsClient;
  let gongKey: CryptoKey;
  let otherKey: CryptoKey;

  beforeAll(async () => {
    natsServer = await PrivateNatsServer.start();
    const [gong, other] = await Promise.all([
      generateKeyPair('RS256', { modulusLength: 2048, extractable: true }),
      generateKeyPair('RS256', { modulusLength: 2048, extractable: true }),
    ]);
    gongKey = gong.privateKey;
    otherKey = other.privateKey;
    [sim, db, listener] = await Promise.all([
      startGongSim({ port: 0, seed: 'ingest-webhooks', users: 20, accounts: 12, calls: 40, days: 14, transcriptDelayMs: 0, webhookPrivateKeyPem: await exportPKCS8(gong.privateKey) }),
      testDatabase(),
      CallFetchedListener.start(natsServer.url),
    ]);
    ingest = await startIngest({
      sim,
      db,
      natsUrl: natsServer.url,
      logs,
      env: { INGEST_WEBHOOK_URL_KEY: URL_KEY, INGEST_WEBHOOK_MAX_BYTES: String(256 * 1024), INGEST_SCHEDULER_ENABLED: 'false' },
    });
    nats = ingest.get(NatsClient);
  });

  afterAll(async () => {
    await ingest?.close();
    await listener?.close();
    await sim?.close();
    await db?.close();
    await natsServer?.stop();
  });

  const queued = async (): Promise<number> => (await nats.jsm.streams.info(messaging.ingestStream)).state.messages;

  async function token(body: string, claims: Record<string, unknown> = {}, options: { key?: CryptoKey; expiresIn?: number } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const t = await new SignJWT({ webhook_url: ingest.publicWebhookUrl, body_sha256: createHash('sha256').update(body).digest('hex'), ...claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuedAt(now)
      .setExpirationTime(now + (options.expiresIn ?? 300))
      .sign(options.key ?? gongKey);
    tokensSeen.push(t);
    return t;
  }

  function bodyFor(callId: string, extra: Record<string, unknown> = {}): string {
    const call = sim.company.call(callId)!;
    return JSON.stringify({ callData: { metaData: { id: call.id, workspaceId: call.workspaceId, title: call.title } }, isTest: false, ...extra });
  }

  async function post(body: string, headers: Record<string, string> = {}, path = '/webhooks/gong'): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${ingest.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  it('accepts a webhook the simulator signs, stores the call with its transcript and announces it', async () => {
    const rule = sim.addWebhook(ingest.publicWebhookUrl);
    const { call, webhooks } = sim.completeCall();
    const [delivery] = await webhooks;
    sim.removeWebhook(rule.id);
    expect(delivery).toMatchObject({ outcome: 'delivered', httpStatus: 200 });
    const event = await within(listener.next((e) => e.callId === call.id), 15_000, `call.fetched for ${call.id}`);
    expect(event).toMatchObject({ callId: call.id, workspaceId: call.workspaceId, source: 'webhook', hasTranscript: true });
    expect(event.webhookReceivedAt).toEqual(expect.any(String));
    const stored = await ingest.get(CallReadRepository).getCall(call.id);
    expect(stored?.parties.map((p) => p.partyId)).toEqual(call.parties.map((p) => p.id));
    await expect(ingest.get(CallReadRepository).idsWithTranscript([call.id])).resolves.toEqual(new Set([call.id]));
    const audit = await ingest.get(WebhookDeliveryRepository).list({ callId: call.id });
    expect(audit).toEqual([expect.objectContaining({ outcome: 'accepted', authMethod: 'jwt', reason: null })]);
  });

  it('treats a repeated delivery of a call as a no-op', async () => {
    const callId = sim.company.data.calls[0]!.id;
    const body = bodyFor(callId);
    const first = await post(body, { authorization: await token(body) });
    expect(first).toMatchObject({ status: 200, json: { status: 'accepted', callId } });
    await within(listener.next((e) => e.callId === callId), 15_000, `call.fetched for ${callId}`);
    const before = await queued();
    const again = await post(body, { authorization: await token(body) });
    expect(again).toMatchObject({ status: 200, json: { status: 'duplicate', callId } });
    await expect(queued()).resolves.toBe(before);
    expect(listener.of(callId)).toHaveLength(1);
    const outcomes = (await ingest.get(WebhookDeliveryRepository).list({ callId })).map((d) => d.outcome).sort();
    expect(outcomes).toEqual(['accepted', 'duplicate']);
  });

  const refusals: [string, () => Promise<{ body: string; headers: Record<string, string> }>, string][] = [
    ['forged (signed with another key)', async () => { const body = bodyFor(sim.company.data.calls[1]!.id); return { body, headers: { authorization: await token(body, {}, { key: otherKey }) } }; }, 'bad-signature'],
    ['expired', async () => { const body = bodyFor(sim.company.data.calls[1]!.id); return { body, headers: { authorization: await token(body, {}, { expiresIn: -120 }) } }; }, 'expired'],
    ['tampered (body changed after signing)', async () => { const body = bodyFor(sim.company.data.calls[1]!.id); const t = await token(body); return { body: body.replace('"isTest":false', '"isTest":false ,"x":1'), headers: { authorization: t } }; }, 'body-mismatch'],
    ['for another URL', async () => { const body = bodyFor(sim.company.data.calls[1]!.id); return { body, headers: { authorization: await token(body, { webhook_url: 'https://attacker.example/webhooks/gong' }) } }; }, 'url-mismatch'],
    ['without a token', async () => ({ body: bodyFor(sim.company.data.calls[1]!.id), headers: {} }), 'missing-token'],
    ['with a garbage token', async () => ({ body: bodyFor(sim.company.data.calls[1]!.id), headers: { authorization: 'Bearer not.a.jwt' } }), 'malformed-token'],
    ['signed HS256 with the public key as secret', async () => {
      const body = bodyFor(sim.company.data.calls[1]!.id);
      const t = await new SignJWT({ webhook_url: ingest.publicWebhookUrl, body_sha256: createHash('sha256').update(body).digest('hex') })
        .setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode(sim.webhookPublicKeyPem));
      tokensSeen.push(t);
      return { body, headers: { authorization: t } };
    }, 'bad-algorithm'],
    ['with a wrong URL key', async () => ({ body: bodyFor(sim.company.data.calls[1]!.id), headers: {} }), 'bad-url-key'],
    ['valid for ten years', async () => { const body = bodyFor(sim.company.data.calls[1]!.id); return { body, headers: { authorization: await token(body, {}, { expiresIn: 10 * 365 * 86_400 }) } }; }, 'lifetime-too-long'],
  ];

  // On the URL-key path a JWT that comes along is verified all the same: the right key does not let a forged token through.
  const keyPathRefusals: [string, () => Promise<{ body: string; headers: Record<string, string> }>, string][] = [
    ['a forged JWT', async () => { const body = bodyFor(sim.company.data.calls[1]!.id); return { body, headers: { authorization: await token(body, { webhook_url: `${ingest.publicWebhookUrl}/${URL_KEY}` }, { key: otherKey }) } }; }, 'bad-signature'],
    ['a JWT over another body', async () => { const body = bodyFor(sim.company.data.calls[1]!.id); const t = await token(body, { webhook_url: `${ingest.publicWebhookUrl}/${URL_KEY}` }); return { body: bodyFor(sim.company.data.calls[4]!.id), headers: { authorization: t } }; }, 'body-mismatch'],
    ['a JWT valid for ten years', async () => { const body = bodyFor(sim.company.data.calls[1]!.id); return { body, headers: { authorization: await token(body, { webhook_url: `${ingest.publicWebhookUrl}/${URL_KEY}` }, { expiresIn: 10 * 365 * 86_400 }) } }; }, 'lifetime-too-long'],
    ['a garbage JWT', async () => ({ body: bodyFor(sim.company.data.calls[1]!.id), headers: { authorization: 'Bearer not.a.jwt' } }), 'malformed-token'],
  ];

  it.each(keyPathRefusals)('refuses a delivery with the right URL key but %s, with 401, queues nothing and audits it', async (_name, build, reason) => {
    const before = await queued();
    const { body, headers } = await build();
    const res = await post(body, headers, `/webhooks/gong/${URL_KEY}`);
    expect(res).toMatchObject({ status: 401, json: { error: { code: 'WEBHOOK_UNVERIFIED', details: [{ message: reason }] } } });
    await expect(queued()).resolves.toBe(before);
    const audit = await ingest.get(WebhookDeliveryRepository).list({ limit: 1 });
    expect(audit[0]).toMatchObject({ outcome: 'unauthorized', reason });
  });

  it('accepts a delivery with the right URL key and a valid JWT naming the keyed URL', async () => {
    const callId = sim.company.data.calls[5]!.id;
    const body = bodyFor(callId);
    const res = await post(body, { authorization: await token(body, { webhook_url: `${ingest.publicWebhookUrl}/${URL_KEY}` }) }, `/webhooks/gong/${URL_KEY}`);
    expect(res).toMatchObject({ status: 200, json: { status: 'accepted', callId } });
  });

  it.each(refusals)('refuses a webhook %s with 401 and queues nothing', async (_name, build, reason) => {
    const before = await queued();
    const { body, headers } = await build();
    const path = reason === 'bad-url-key' ? '/webhooks/gong/not-the-key-0123456789' : '/webhooks/gong';
    const res = await post(body, headers, path);
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: { code: 'WEBHOOK_UNVERIFIED', details: [{ message: reason }] } });
    await expect(queued()).resolves.toBe(before);
    expect(logs.lines.some((l) => l.includes('"webhook refused"') && l.includes(`"reason":"${reason}"`))).toBe(true);
  });

  it('acknowledges a test delivery and ignores it', async () => {
    const before = await queued();
    const body = bodyFor(sim.company.data.calls[2]!.id, { isTest: true });
    const res = await post(body, { authorization: await token(body) });
    expect(res).toMatchObject({ status: 200, json: { status: 'ignored' } });
    await expect(queued()).resolves.toBe(before);
  });

  it('answers 400 for malformed JSON and for a payload without a call id, after authenticating it', async () => {
    const malformed = '{"callData": {"metaData": {"id": "1"}';
    await expect(post(malformed, { authorization: await token(malformed) })).resolves.toMatchObject({
      status: 400,
      json: { error: { code: 'VALIDATION_FAILED', details: [{ message: 'malformed-json' }] } },
    });
    const noId = JSON.stringify({ callData: { metaData: { title: 'x' } }, isTest: false });
    await expect(post(noId, { authorization: await token(noId) })).resolves.toMatchObject({
      status: 400,
      json: { error: { details: [{ message: 'missing-call-id' }] } },
    });
    // Unauthenticated garbage is refused as unauthenticated, not parsed.
    await expect(post(malformed)).resolves.toMatchObject({ status: 401 });
  });

  it('answers 413 beyond the size limit', async () => {
    const body = JSON.stringify({ callData: { metaData: { id: '1' }, padding: 'x'.repeat(300 * 1024) }, isTest: false });
    const res = await fetch(`${ingest.url}/webhooks/gong`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(413);
  });

  it('accepts the "URL includes key" option, in the path and in the query', async () => {
    const rule = sim.addWebhook(`${ingest.publicWebhookUrl}/${URL_KEY}`, { auth: 'url-key' });
    const { call, webhooks } = sim.completeCall();
    const [delivery] = await webhooks;
    sim.removeWebhook(rule.id);
    expect(delivery).toMatchObject({ outcome: 'delivered', httpStatus: 200 });
    await expect(within(listener.next((e) => e.callId === call.id), 15_000, 'url-key call')).resolves.toMatchObject({ source: 'webhook' });
    const callId = sim.company.data.calls[3]!.id;
    await expect(post(bodyFor(callId), {}, `/webhooks/gong?key=${URL_KEY}`)).resolves.toMatchObject({ status: 200, json: { status: 'accepted', callId } });
    const audit = await ingest.get(WebhookDeliveryRepository).list({ callId });
    expect(audit[0]).toMatchObject({ outcome: 'accepted', authMethod: 'url-key' });
  });

  it('never logs a token, the URL key or a body', () => {
    expect(tokensSeen.length).toBeGreaterThan(5);
    for (const t of tokensSeen) expect(logs.text).not.toContain(t);
    for (const t of tokensSeen) expect(logs.text).not.toContain(t.split('.')[2]!);
    expect(logs.text).not.toContain(URL_KEY);
    expect(logs.text).not.toContain('"callData"');
    expect(logs.text).not.toContain(sim.credentials.accessKeySecret);
  });

  // Last: it stops this file's NATS server.
  it('audits a delivery refused with 503 while NATS is down, naming the dependency, with Retry-After', async () => {
    const callId = sim.company.data.calls[6]!.id;
    const body = bodyFor(callId);
    const authorization = await token(body);
    await natsServer.stop();
    const res = await fetch(`${ingest.url}/webhooks/gong`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    await expect(res.json()).resolves.toMatchObject({ error: { code: 'DEPENDENCY_UNAVAILABLE', message: expect.stringContaining('NATS'), details: [{ path: 'dependency', message: 'nats' }] } });
    const audit = await ingest.get(WebhookDeliveryRepository).list({ callId });
    expect(audit).toEqual([expect.objectContaining({ outcome: 'unavailable', reason: 'nats-unavailable', authMethod: 'jwt' })]);
  });

  it('counts deliveries by outcome on /metrics', async () => {
    const text = await (await fetch(`${ingest.url}/metrics`)).text();
    for (const outcome of ['accepted', 'duplicate', 'unauthorized', 'invalid', 'test']) {
      expect(text).toMatch(new RegExp(`ingest_webhooks_total\\{outcome="${outcome}",service="ingest"\\} [1-9]`));
    }
    expect(text).toMatch(/ingest_gong_requests_total\{endpoint="POST \/v2\/calls\/transcript",status="200",service="ingest"\} [1-9]/);
    expect(text).toMatch(/ingest_webhook_to_stored_seconds_count\{service="ingest",stage="call"\} [1-9]/);
    expect(text).toContain('route="/webhooks/gong/:key"');
    expect(text).not.toContain(URL_KEY);
  });
});
