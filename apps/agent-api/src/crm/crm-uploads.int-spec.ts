import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CrmUploadCompletedWebhookV1Schema, subscriptionCrmUploadCompletedSubject } from '@gong-connector/contracts';
import { GongClient, LocalPacer } from '@gong-connector/gong-client';
import { AccessRepository } from '@gong-connector/persistence';
import { NatsClient, type ServiceHandle } from '@gong-connector/platform';
import { DirectorySync } from '@gong-connector/replica';
import { FakeClock, waitFor, type TestDatabase } from '@gong-connector/testing';
import { permissionProfilesOf, startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CrmUploadPoller } from './crm-upload.poller.js';
import { ADMIN_TOKEN, startAgentApi, startReplica, type AgentApiTestApp } from '../../test/agent-api.fixture.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers read in assertions

const UPLOAD = 'POST /v2/crm/entities';
const STATUS = 'GET /v2/crm/request-status';
const POLL_MS = 500;
const PROCESSING_MS = 3_000;
const WRITE_TIMEOUT_MS = 3_000;
const at = '2026-11-30T17:05:00Z';

interface World {
  sim: GongSim;
  clock: FakeClock;
  permits: LocalPacer;
  importer: { id: string; emailAddress: string };
  rep: { id: string; emailAddress: string };
}

/** gong-sim on a fake clock (its CRM processing time passes only when the test says), its directory and permission profiles, one CRM integration. */
async function startWorld(seed: string): Promise<World> {
  // An hour ahead of the wall clock: rows PostgreSQL stamps with now() (a webhook delivery's first
  // attempt) are always due on this clock, however slowly the test runs on a loaded machine.
  const clock = new FakeClock(Date.now() + 3_600_000);
  const sim = await startGongSim({ port: 0, seed, users: 16, accounts: 6, calls: 8, days: 10, transcriptDelayMs: 0, ratePerSecond: 1000, crmProcessingMs: PROCESSING_MS, clock });
  const permits = new LocalPacer({ requestsPerSecond: 50 });
  const d = sim.company.data;
  const flags = (userId: string) => d.profiles.filter((p) => p.userIds.includes(userId)).map((p) => p.flags.crmDataImport === true);
  const people = d.users.filter((u) => u.active && !u.isAvatar && u.emailAddress);
  const importer = people.find((u) => flags(u.id).length > 0 && flags(u.id).every(Boolean))!;
  const rep = people.find((u) => flags(u.id).length > 0 && flags(u.id).every((f) => !f))!;
  expect([importer, rep].every(Boolean)).toBe(true);
  const gong = new GongClient({ baseUrl: sim.baseUrl, auth: { kind: 'basic', ...sim.credentials }, permits });
  await gong.registerCrmIntegration({ ownerEmail: importer.emailAddress, name: 'Home-grown CRM' }, { priority: 'interactive' });
  return { sim, clock, permits, importer, rep };
}

async function startApp(w: World): Promise<AgentApiTestApp> {
  const seedFromSim = async (db: TestDatabase): Promise<void> => {
    const gong = new GongClient({ baseUrl: w.sim.baseUrl, auth: { kind: 'basic', ...w.sim.credentials }, permits: w.permits });
    await new DirectorySync(db.database, gong).run({ force: true });
    await new AccessRepository(db.database).replaceAllProfiles(permissionProfilesOf(w.sim.groundTruth()), new Date());
  };
  return startAgentApi(
    {
      GONG_BASE_URL: w.sim.baseUrl,
      GONG_ACCESS_KEY: w.sim.credentials.accessKey,
      GONG_ACCESS_KEY_SECRET: w.sim.credentials.accessKeySecret,
      GONG_PERMIT_SOURCE: 'local',
      AGENT_API_CRM_POLL_MS: String(POLL_MS),
      AGENT_API_CRM_SWEEP_MS: '25',
      AGENT_API_CRM_LEASE_MS: '10000',
      AGENT_API_WEBHOOK_POLL_MS: '50',
      GONG_WRITE_TIMEOUT_MS: String(WRITE_TIMEOUT_MS),
    },
    { seed: seedFromSim, permits: w.permits, clock: w.clock },
  );
}

const count = (sim: GongSim, endpoint: string): number => Object.values(sim.stats().byEndpoint[endpoint] ?? {}).reduce((a, b) => a + b, 0);

const rest = async (base: string, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Json };
};

/** The job as its uploader sees it, once `ready` holds (the poller runs on its own; the test moves the clock). */
const jobWhen = (base: string, token: string, id: string, ready: (j: Json) => boolean, what: string): Promise<Json> =>
  waitFor(async () => {
    const r = await rest(base, token, 'GET', `/v1/crm/uploads/${id}`);
    return r.status === 200 && ready(r.body) ? r.body : undefined;
  }, what);

/**
 * CRM uploads against gong-sim: bad LDJSON is refused line by line before anything is sent; the
 * write is previewed and confirmed over MCP (the SDK's client) and answers an upload id at once;
 * the job follows Gong's status (PENDING, then FAILED with a line error: the job is done, with the
 * lines Gong refused) as the fake clock moves; `crm.upload.completed` reaches the uploader's
 * webhook, NATS subject and SSE stream; only the uploader (or the admin API) reads the job; the
 * Gong right crmDataImport and the gong:crm:write scope are required; an idempotency key uploads once.
 */
describe('CRM uploads (gong-sim)', () => {
  let w: World;
  let app: AgentApiTestApp;
  let receiver: Server;
  let receiverUrl: string;
  const received: Json[] = [];
  const clients: Client[] = [];
  const streams: Array<{ cancel(): Promise<void> }> = [];
  const tokens = { importer: '', importerReadOnly: '', rep: '', auto: '' };

  const call = async (token: string, name: string, args: Json): Promise<{ isError: boolean; data: Json; text: string }> => {
    const client = new Client({ name: 'crm-uploads-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${app.service.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    clients.push(client);
    const r = await client.callTool({ name, arguments: args });
    return { isError: r.isError === true, data: (r.structuredContent ?? {}) as Json, text: (r.content as Array<{ text: string }>)[0]?.text ?? '' };
  };

  beforeAll(async () => {
    w = await startWorld('crm-uploads-int');
    app = await startApp(w);
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ event: req.headers['x-gong-connector-event'], body: JSON.parse(body) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const scopes = ['gong:read', 'gong:crm:write'];
    tokens.importer = await app.token({ user: w.importer.emailAddress, scopes });
    tokens.importerReadOnly = await app.token({ user: w.importer.emailAddress });
    tokens.rep = await app.token({ user: w.rep.emailAddress, scopes });
    tokens.auto = await app.token({ user: w.importer.emailAddress, scopes, autoConfirm: true, name: 'crm sync' });
  }, 60_000);

  afterAll(async () => {
    for (const s of streams) await s.cancel().catch(() => undefined);
    for (const c of clients) await c.close().catch(() => undefined);
    await app?.close();
    await w?.sim.close();
    await new Promise((r) => receiver?.close(r));
  });

  it('refuses bad LDJSON line by line, with a 400 that says what to fix, and sends nothing', async () => {
    const ldjson = [JSON.stringify({ objectId: 'acc-1', modifiedDate: at, name: 'Acme' }), '{"objectId": "acc-2",', JSON.stringify({ objectId: 'acc/3', modifiedDate: at }), JSON.stringify({ objectId: 'acc-4', modifiedDate: '2026-11-30T17:05:00.120Z' })].join('\n');
    const res = await rest(app.service.url, tokens.auto, 'POST', '/v1/crm/uploads', { objectType: 'ACCOUNT', ldjson });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/^3 of 4 ACCOUNT objects cannot be uploaded, so nothing was sent/),
      details: [
        { path: 'ldjson line 2', message: expect.stringContaining('not valid JSON') },
        { path: 'ldjson line 3', message: expect.stringContaining('objectId') },
        { path: 'ldjson line 4', message: expect.stringContaining('without milliseconds') },
      ],
    });
    const wrongType = await rest(app.service.url, tokens.auto, 'POST', '/v1/crm/uploads', { objectType: 'OPPORTUNITY', objects: [{ objectId: 'a', modifiedDate: at }] });
    expect(wrongType.status).toBe(400);
    const both = await rest(app.service.url, tokens.auto, 'POST', '/v1/crm/uploads', { objectType: 'ACCOUNT', objects: [{ objectId: 'a', modifiedDate: at }], ldjson: '{}' });
    expect(both.body.error.message).toContain('either objects or ldjson');
    const mcp = await call(tokens.importer, 'upload_crm_objects', { objectType: 'DEAL', objects: [{ objectId: 'd-1' }] });
    expect(mcp.isError).toBe(true);
    expect(mcp.text).toContain('objects[0]: modifiedDate is mandatory');
    expect(count(w.sim, UPLOAD)).toBe(0);
  });

  it('needs the gong:crm:write scope and the Gong right to import CRM data', async () => {
    const client = new Client({ name: 'crm-uploads-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${app.service.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${tokens.importerReadOnly}` } } }));
    clients.push(client);
    expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('upload_crm_objects');
    const readOnly = await rest(app.service.url, tokens.importerReadOnly, 'POST', '/v1/crm/uploads', { objectType: 'ACCOUNT', objects: [{ objectId: 'a', modifiedDate: at }] });
    expect(readOnly.status).toBe(403);
    expect(JSON.stringify(readOnly.body)).toContain('gong:crm:write');

    const crmOnly = await app.token({ user: w.importer.emailAddress, scopes: ['gong:crm:write'] });
    const scoped = new Client({ name: 'crm-uploads-test', version: '1.0.0' });
    await scoped.connect(new StreamableHTTPClientTransport(new URL(`${app.service.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${crmOnly}` } } }));
    clients.push(scoped);
    const [upload, status] = (await scoped.listTools()).tools;
    expect((await scoped.listTools()).tools.map((t) => t.name)).toEqual(['upload_crm_objects', 'get_crm_upload']);
    expect(upload!.annotations).toEqual({ readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true });
    expect(status!.annotations).toEqual({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false });

    const rep = await call(tokens.rep, 'upload_crm_objects', { objectType: 'ACCOUNT', objects: [{ objectId: 'a', modifiedDate: at }] });
    expect(rep.isError).toBe(true);
    expect(rep.text).toContain('crmDataImport');
    expect(count(w.sim, UPLOAD)).toBe(0);
  });

  it('previews, confirms, answers the upload id at once, follows PENDING to FAILED with a line error, and tells the uploader by webhook, NATS and SSE', async () => {
    const created = await fetch(`${app.service.url}/admin/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiverUrl, events: ['crm.upload.completed'], principal: { kind: 'user', user: w.importer.emailAddress } }),
    });
    expect(created.status).toBe(201);
    const subscription = ((await created.json()) as { id: string }).id;
    const serviceSub = await fetch(`${app.service.url}/admin/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiverUrl, events: ['crm.upload.completed'], principal: { kind: 'service', name: 'all', scope: { calls: 'all' } } }),
    });
    expect(serviceSub.status).toBe(400);
    const nats = app.service.app.get(NatsClient);
    const relayed: Json[] = [];
    const relay = nats.nc.subscribe(subscriptionCrmUploadCompletedSubject(subscription));
    void (async () => {
      for await (const m of relay) relayed.push(m.json() as Json);
    })();
    const sse = await fetch(`${app.service.url}/v1/events`, { headers: { authorization: `Bearer ${tokens.importer}` } });
    const reader = sse.body!.getReader();
    streams.push(reader);
    await reader.read(); // ': connected'

    const objects = [
      { objectId: 'deal-1', modifiedDate: at, name: 'Acme renewal', status: 'OPEN' },
      { objectId: 'deal-2', modifiedDate: at, name: 'Globex expansion', status: 'MAYBE' },
      { objectId: 'deal-3', modifiedDate: at, name: 'Initech', isDeleted: true },
    ];
    const preview = await call(tokens.importer, 'upload_crm_objects', { objectType: 'DEAL', objects });
    expect(preview.data).toMatchObject({
      status: 'confirmation_required',
      confirmationId: expect.stringMatching(/^cf_/),
      preview: { actingFor: w.importer.emailAddress, changes: ['DEAL deal-1: inserted or updated', 'DEAL deal-2: inserted or updated', 'DEAL deal-3: deleted'] },
    });
    expect(count(w.sim, UPLOAD)).toBe(0);

    const done = await call(tokens.importer, 'upload_crm_objects', { objectType: 'DEAL', objects, confirm: preview.data.confirmationId, idempotencyKey: 'deals-1' });
    expect(done.data).toMatchObject({ status: 'done', result: { uploadId: expect.any(String), state: 'polling', lineCount: 3 }, gongRequestIds: [expect.any(String)] });
    expect(done.text).toContain('crm.upload.completed');
    const id = done.data.result.uploadId as string;
    expect(count(w.sim, UPLOAD)).toBe(1);
    // the same key again: the first answer, no second upload
    const again = await call(tokens.importer, 'upload_crm_objects', { objectType: 'DEAL', objects, confirm: preview.data.confirmationId, idempotencyKey: 'deals-1' });
    expect(again.data).toMatchObject({ status: 'done', replayed: true, result: { uploadId: id } });
    expect(count(w.sim, UPLOAD)).toBe(1);

    const accepted = await rest(app.service.url, tokens.importer, 'GET', `/v1/crm/uploads/${id}`);
    expect(accepted.body).toMatchObject({ uploadId: id, state: 'polling', gongStatus: null, polls: 0, objectType: 'DEAL', gongRequestId: done.data.gongRequestIds[0] });
    w.clock.advance(POLL_MS);
    const pending = await jobWhen(app.service.url, tokens.importer, id, (j) => j.polls >= 1, 'the first status request');
    expect(pending).toMatchObject({ state: 'polling', gongStatus: 'PENDING', finishedAt: null });
    expect(received).toEqual([]);

    w.clock.advance(PROCESSING_MS);
    const finished = await jobWhen(app.service.url, tokens.importer, id, (j) => j.state === 'done', 'the final status');
    expect(finished).toMatchObject({
      state: 'done',
      gongStatus: 'FAILED',
      successCount: 2,
      errorCount: 1,
      lineErrors: [{ line: 2, description: expect.stringContaining('status must be WON, LOST or OPEN') }],
      error: null,
      finishedAt: expect.any(String),
    });
    expect(count(w.sim, STATUS)).toBe(finished.polls);

    const hook = await waitFor(() => received.find((r) => r.body.data?.uploadId === id), 'the crm.upload.completed webhook');
    expect(hook.event).toBe('crm.upload.completed');
    const event = CrmUploadCompletedWebhookV1Schema.parse(hook.body);
    expect(event.data).toMatchObject({ state: 'done', gongStatus: 'FAILED', errorCount: 1, uploadedBy: { userId: w.importer.id } });
    await waitFor(() => relayed.find((r) => r.data.uploadId === id), 'the event on the subscription subject');
    let text = '';
    while (!text.includes('event: crm.upload.completed')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain(`"uploadId":"${id}"`);
    relay.unsubscribe();

    const audit = await fetch(`${app.service.url}/admin/audit?tool=upload_crm_objects`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }).then((r) => r.json() as Promise<Json>);
    expect(audit.lines.map((l: Json) => l.outcome).sort()).toEqual(['completed', 'done', 'replayed']);
    const metrics = await fetch(`${app.service.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/agent_api_crm_uploads_finished_total\{[^}]*state="done"[^}]*gong_status="FAILED"[^}]*\} 1/);
    expect(metrics).toMatch(/agent_api_crm_status_requests_total\{[^}]*outcome="pending"[^}]*\} 1/);
    const told = await call(tokens.importer, 'get_crm_upload', { id });
    expect(told.text).toContain('line 2: status must be WON, LOST or OPEN');
    expect(audit.lines.find((l: Json) => l.outcome === 'completed')).toMatchObject({ actingFor: w.importer.id, detail: { uploadId: id, gongStatus: 'FAILED', errorCount: 1 } });
  });

  it('reads Gong back when the upload times out, and does not upload again', async () => {
    const before = count(w.sim, UPLOAD);
    w.sim.setFaults({ slowAnswer: { ms: WRITE_TIMEOUT_MS * 2, paths: ['/v2/crm/entities'], remaining: 1 } });
    let r;
    try {
      r = await rest(app.service.url, tokens.auto, 'POST', '/v1/crm/uploads', { objectType: 'LEAD', objects: [{ objectId: 'lead-1', modifiedDate: at }] });
    } finally {
      w.sim.clearFaults();
    }
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ status: 'done', reconciled: true, result: { uploadId: expect.any(String), state: 'polling' } });
    // The one upload reached the sim (its answer held back past the timeout, so never counted as
    // answered); none was sent again (a second one would be answered 409: its clientRequestId is taken).
    expect(count(w.sim, UPLOAD) - before).toBe(0);
    expect(w.sim.stats().byEndpoint[UPLOAD]?.['409'] ?? 0).toBe(0);
    await expect(rest(app.service.url, tokens.importer, 'GET', `/v1/crm/uploads/${r.body.result.uploadId}`).then((j) => j.body)).resolves.toMatchObject({ state: 'polling' });
  });

  it('shows a job to its uploader and to the admin API only (anyone else: not found)', async () => {
    const r = await rest(app.service.url, tokens.auto, 'POST', '/v1/crm/uploads', { objectType: 'ACCOUNT', objects: [{ objectId: 'acc-9', modifiedDate: at, name: 'Umbrella' }] }, { 'idempotency-key': 'acc-9' });
    expect(r.status).toBe(202);
    const id = r.body.result.uploadId as string;
    expect((await rest(app.service.url, tokens.importer, 'GET', `/v1/crm/uploads/${id}`)).status).toBe(200);
    const other = await rest(app.service.url, tokens.rep, 'GET', `/v1/crm/uploads/${id}`);
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain('acc-9');
    expect((await rest(app.service.url, tokens.importer, 'GET', '/v1/crm/uploads/not-an-id')).status).toBe(400);
    const mine = await call(tokens.importer, 'get_crm_upload', { id });
    expect(mine.data).toMatchObject({ uploadId: id, state: 'polling', lineCount: 1 });
    expect(mine.text).toContain('Gong is processing it');
    const theirs = await call(tokens.rep, 'get_crm_upload', { id });
    expect(theirs.isError).toBe(true);
    expect(theirs.text).toContain(`No CRM upload ${id} of yours`);
    expect(theirs.text).not.toContain('acc-9');
    expect(await rest(app.service.url, tokens.importerReadOnly, 'GET', `/v1/crm/uploads/${id}`)).toMatchObject({ status: 403 });
    const admin = await fetch(`${app.service.url}/admin/crm/uploads/${id}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    await expect(admin.json()).resolves.toMatchObject({ uploadId: id, uploadedBy: { userId: w.importer.id } });
    const sameKey = await rest(app.service.url, tokens.auto, 'POST', '/v1/crm/uploads', { objectType: 'ACCOUNT', objects: [{ objectId: 'acc-9', modifiedDate: at, name: 'Umbrella' }] }, { 'idempotency-key': 'acc-9' });
    expect(sameKey.body).toMatchObject({ replayed: true, result: { uploadId: id } });
  });
});

/**
 * A service restart while a job is polling: the job is picked up by the instance that starts next
 * (the poller looks for due jobs at start); a job whose lease another (stopped) replica still holds
 * waits for the lease to run out; two replicas never poll one job at once (Gong's status requests
 * equal the job's polls) and the event is delivered once.
 */
describe('CRM upload jobs across a service restart (gong-sim, fake clock)', () => {
  let w: World;
  let app: AgentApiTestApp;
  const replicas: ServiceHandle[] = [];

  beforeAll(async () => {
    w = await startWorld('crm-uploads-restart');
    app = await startApp(w);
  }, 60_000);

  afterAll(async () => {
    for (const r of replicas) await r.shutdown().catch(() => undefined);
    await app?.close();
    await w?.sim.close();
  });

  it('resumes a polling job after the restart, once', async () => {
    const token = await app.token({ user: w.importer.emailAddress, scopes: ['gong:read', 'gong:crm:write'], autoConfirm: true });
    const r = await rest(app.service.url, token, 'POST', '/v1/crm/uploads', { objectType: 'ACCOUNT', objects: [{ objectId: 'acc-1', modifiedDate: at, name: 'Acme' }] });
    expect(r.status).toBe(202);
    const id = r.body.result.uploadId as string;
    w.clock.advance(POLL_MS);
    await jobWhen(app.service.url, token, id, (j) => j.gongStatus === 'PENDING', 'the first status request (PENDING)');

    // The first instance stops while the job is polling; a second one is started meanwhile: both see the same database.
    await app.service.shutdown();
    // A stopped replica that still held the job's lease (a crash): nobody polls it until the lease runs out.
    await app.db.database.query(`UPDATE crm_upload_jobs SET lease_owner = 'crashed-replica', lease_until = $2 WHERE id = $1`, [id, new Date(w.clock.now() + 5_000)]);
    w.clock.advance(PROCESSING_MS);
    const polled = count(w.sim, STATUS);
    const first = await startReplica(app, { clock: w.clock, permits: w.permits });
    const second = await startReplica(app, { clock: w.clock, permits: w.permits });
    replicas.push(first, second);
    // Both replicas look for due jobs (at start, then every 25 ms) while the lease holds: no status request is made.
    const pollers = [first, second].map((s) => s.app.get(CrmUploadPoller));
    const sweeps = pollers.map((p) => p.sweeps);
    await waitFor(() => pollers.every((p, i) => p.sweeps >= sweeps[i]! + 2) || undefined, 'both replicas to look for due jobs twice');
    expect(count(w.sim, STATUS)).toBe(polled);
    await expect(rest(first.url, token, 'GET', `/v1/crm/uploads/${id}`).then((res) => res.body)).resolves.toMatchObject({ state: 'polling', polls: 1 });

    w.clock.advance(5_000);
    const done = await jobWhen(first.url, token, id, (j) => j.state === 'done', 'the job to finish after the restart');
    expect(done).toMatchObject({ state: 'done', gongStatus: 'DONE', successCount: 1, errorCount: 0, lineErrors: [] });
    expect(count(w.sim, STATUS)).toBe(done.polls);
    expect(done.polls).toBe(2);
    const audit = await fetch(`${first.url}/admin/audit?tool=upload_crm_objects`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }).then((res) => res.json() as Promise<Json>);
    expect(audit.lines.filter((l: Json) => l.outcome === 'completed')).toHaveLength(1);
  });
});
