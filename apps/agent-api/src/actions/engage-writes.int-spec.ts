import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { GongClient, LocalPacer } from '@gong-connector/gong-client';
import { AccessRepository } from '@gong-connector/persistence';
import { DirectorySync } from '@gong-connector/replica';
import { waitFor, type TestDatabase } from '@gong-connector/testing';
import { permissionProfilesOf, startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { ADMIN_TOKEN, startAgentApi, startReplica, type AgentApiTestApp } from '../../test/agent-api.fixture.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tool answers read in assertions

const ASSIGN = 'POST /v2/flows/prospects/assign';
const WRITE_TIMEOUT_MS = 1_500;

/**
 * Acting on Gong over MCP (the SDK's client) against gong-sim: a write is previewed, then confirmed,
 * and the assignment is in the sim; a read-only token never sees or reaches the write tools; a rep
 * may not act for another rep while an admin may; an idempotency key makes one Gong request, also
 * through a second replica; a write whose answer is lost is read back, not sent twice; every write
 * is in the audit. Reads show a rep only their own flow instances and to-dos.
 */
describe('Engage writes over MCP (gong-sim)', () => {
  let sim: GongSim;
  let app: AgentApiTestApp;
  const clients: Client[] = [];
  const permits = new LocalPacer({ requestsPerSecond: 50 });
  let rep: { id: string; emailAddress: string };
  let otherRep: { id: string; emailAddress: string };
  let admin: { id: string; emailAddress: string };
  let flowId: string;
  let free: string[];
  const tokens: Record<'writer' | 'reader' | 'admin' | 'auto', string> = { writer: '', reader: '', admin: '', auto: '' };

  /** The directory through the real sync; permission profiles as the simulated company holds them, flags included. */
  const seedFromSim = async (db: TestDatabase): Promise<void> => {
    const gong = new GongClient({ baseUrl: sim.baseUrl, auth: { kind: 'basic', ...sim.credentials }, permits });
    await new DirectorySync(db.database, gong).run({ force: true });
    await new AccessRepository(db.database).replaceAllProfiles(
      permissionProfilesOf(sim.groundTruth()),
      new Date(),
    );
  };

  const connect = async (token: string): Promise<Client> => {
    const client = new Client({ name: 'engage-writes-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${app.service.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    clients.push(client);
    return client;
  };
  const call = async (token: string, name: string, args: Json): Promise<{ isError: boolean; data: Json; text: string }> => {
    const client = await connect(token);
    const r = await client.callTool({ name, arguments: args });
    return { isError: r.isError === true, data: (r.structuredContent ?? {}) as Json, text: (r.content as Array<{ text: string }>)[0]?.text ?? '' };
  };
  const instancesOf = (crmId: string) => sim.company.data.flowInstances.filter((i) => i.crmProspectId === crmId && i.flowId === flowId);
  const assigns = () => sim.stats().byEndpoint[ASSIGN]?.['200'] ?? 0;

  beforeAll(async () => {
    // Gong's 3 requests/s are not under test here (the permits pace at 50/s): the sim allows more.
    sim = await startGongSim({ port: 0, seed: 'engage-writes-int', users: 16, accounts: 6, calls: 8, days: 10, transcriptDelayMs: 0, ratePerSecond: 1000 });
    const d = sim.company.data;
    const flag = (userId: string) => d.profiles.filter((p) => p.userIds.includes(userId)).map((p) => p.flags.engageAssignFlowToDosToOthers === true);
    const people = d.users.filter((u) => u.active && !u.isAvatar && u.emailAddress);
    const reps = people.filter((u) => flag(u.id).length > 0 && flag(u.id).every((f) => !f));
    rep = reps[0]!;
    otherRep = reps[1]!;
    admin = people.find((u) => flag(u.id).length > 0 && flag(u.id).every((f) => f))!;
    expect([rep, otherRep, admin].every(Boolean)).toBe(true);
    flowId = d.flows.find((f) => f.visibility === 'Company' && !f.exclusive)!.id;
    const busy = new Set(d.flowInstances.map((i) => i.crmProspectId));
    free = d.contacts.filter((c) => !busy.has(c.crmId)).map((c) => c.crmId);
    expect(free.length).toBeGreaterThanOrEqual(7);
    app = await startAgentApi(
      {
        GONG_BASE_URL: sim.baseUrl,
        GONG_ACCESS_KEY: sim.credentials.accessKey,
        GONG_ACCESS_KEY_SECRET: sim.credentials.accessKeySecret,
        GONG_PERMIT_SOURCE: 'local',
        GONG_WRITE_TIMEOUT_MS: String(WRITE_TIMEOUT_MS),
      },
      { seed: seedFromSim, permits },
    );
    const write = ['gong:read', 'gong:engage:write', 'gong:tasks:write'];
    tokens.writer = await app.token({ user: rep.emailAddress, scopes: write });
    tokens.reader = await app.token({ user: rep.emailAddress });
    tokens.admin = await app.token({ user: admin.emailAddress, scopes: write });
    tokens.auto = await app.token({ user: rep.emailAddress, scopes: write, autoConfirm: true, name: 'crm automation' });
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await app?.close();
    await sim?.close();
  });

  it('previews a flow assignment, changes nothing until confirmed, then assigns with the asking user as owner', async () => {
    const prospect = free[0]!;
    const args = { flowId, crmProspectIds: [prospect] };
    const preview = await call(tokens.writer, 'assign_flow', args);
    expect(preview.isError).toBe(false);
    expect(preview.data).toMatchObject({ status: 'confirmation_required', confirmationId: expect.stringMatching(/^cf_/), preview: { actingFor: rep.emailAddress } });
    expect(preview.text).toContain('Nothing changed yet');
    expect(instancesOf(prospect)).toEqual([]);

    const otherArgs = await call(tokens.writer, 'assign_flow', { ...args, crmProspectIds: [free[1]!], confirm: preview.data.confirmationId });
    expect(otherArgs.isError).toBe(true);
    expect(otherArgs.text).toContain('other arguments');

    const done = await call(tokens.writer, 'assign_flow', { ...args, confirm: preview.data.confirmationId });
    expect(done.data).toMatchObject({ status: 'done', result: { prospectsAssigned: [expect.objectContaining({ crmProspectId: prospect, flowId })] }, gongRequestIds: [expect.any(String)] });
    expect(instancesOf(prospect)).toEqual([expect.objectContaining({ ownerUserId: rep.id, status: 'Pending' })]);

    const again = await call(tokens.writer, 'assign_flow', { ...args, confirm: preview.data.confirmationId });
    expect(again.isError).toBe(true);
    expect(again.text).toContain('already used');
  });

  it('refuses the write to a read-only token: not listed, and the call names the missing scope', async () => {
    const client = await connect(tokens.reader);
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['list_flows', 'flows_for_prospects', 'list_tasks']));
    expect(names).not.toContain('assign_flow');
    await expect(client.callTool({ name: 'assign_flow', arguments: { flowId, crmProspectIds: [free[2]!] } })).rejects.toThrow(/gong:engage:write|403/);
    const rest = await fetch(`${app.service.url}/v1/engage/flows/assign`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.reader}`, 'content-type': 'application/json' },
      body: JSON.stringify({ flowId, crmProspectIds: [free[2]!] }),
    });
    expect(rest.status).toBe(403);
    await expect(rest.json()).resolves.toMatchObject({ error: { message: expect.stringContaining('gong:engage:write') } });
    expect(instancesOf(free[2]!)).toEqual([]);
  });

  it('refuses a rep acting for another rep, naming the Gong permission; an admin may', async () => {
    const refused = await call(tokens.writer, 'assign_flow', { flowId, crmProspectIds: [free[2]!], ownerEmail: otherRep.emailAddress });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/^ACCESS_DENIED: .*engageAssignFlowToDosToOthers/);
    const tasks = await call(tokens.writer, 'list_tasks', { userId: otherRep.id });
    expect(tasks.text).toMatch(/^ACCESS_DENIED: .*engageReassignFlowToDosToOthers/);

    const allowed = await call(tokens.admin, 'assign_flow', { flowId, crmProspectIds: [free[2]!], ownerEmail: otherRep.emailAddress });
    expect(allowed.data).toMatchObject({ status: 'confirmation_required' });
    const done = await call(tokens.admin, 'assign_flow', { flowId, crmProspectIds: [free[2]!], ownerEmail: otherRep.emailAddress, confirm: allowed.data.confirmationId });
    expect(done.data.status).toBe('done');
    expect(instancesOf(free[2]!)).toEqual([expect.objectContaining({ ownerUserId: otherRep.id })]);
  });

  it('shows a rep only their own flow instances (leak check)', async () => {
    const mine = await call(tokens.writer, 'flows_for_prospects', { crmProspectIds: [free[0]!, free[2]!] });
    expect(mine.data.assignments.map((a: Json) => a.crmProspectId)).toEqual([free[0]]);
    expect(mine.data.hiddenCount).toBe(1);
    expect(JSON.stringify(mine.data)).not.toContain(otherRep.emailAddress);
    const all = await call(tokens.admin, 'flows_for_prospects', { crmProspectIds: [free[0]!, free[2]!] });
    expect(all.data.assignments).toHaveLength(2);
  });

  it('makes one Gong request for a repeated idempotency key, across replicas (the sim request log)', async () => {
    const before = assigns();
    const args = { flowId, crmProspectIds: [free[3]!], idempotencyKey: 'crm-sync-42' };
    const first = await call(tokens.auto, 'assign_flow', args);
    expect(first.data).toMatchObject({ status: 'done', replayed: false });
    const second = await call(tokens.auto, 'assign_flow', args);
    expect(second.data).toMatchObject({ status: 'done', replayed: true, gongRequestIds: first.data.gongRequestIds });
    const replica = await startReplica(app, { permits });
    try {
      const res = await fetch(`${replica.url}/v1/engage/flows/assign`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.auto}`, 'content-type': 'application/json', 'idempotency-key': 'crm-sync-42' },
        body: JSON.stringify({ flowId, crmProspectIds: [free[3]!] }),
      });
      await expect(res.json()).resolves.toMatchObject({ status: 'done', replayed: true });
    } finally {
      await replica.shutdown();
    }
    expect(assigns() - before).toBe(1);
    expect(instancesOf(free[3]!)).toHaveLength(1);
    const reused = await call(tokens.auto, 'assign_flow', { ...args, crmProspectIds: [free[4]!] });
    expect(reused.text).toMatch(/^VALIDATION_FAILED: Idempotency key crm-sync-42 was used for a different write/);
  });

  it('answers a confirmation sent twice at once under one idempotency key with one write, never "already used"', async () => {
    const before = assigns();
    const body = { flowId, crmProspectIds: [free[6]!] };
    const rest = (extra: Json) =>
      fetch(`${app.service.url}/v1/engage/flows/assign`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.writer}`, 'content-type': 'application/json', 'idempotency-key': 'agent-retry-7' },
        body: JSON.stringify({ ...body, ...extra }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json }));
    const preview = await rest({});
    expect(preview.body.status).toBe('confirmation_required');
    const confirm = { confirm: preview.body.confirmationId };
    // The key's row cannot be written while the test holds the table: the first request waits there
    // (and, before the fix, had already used the confirmation, so its twin was refused "already used").
    const waiting = async () => Number((await app.db.database.query(`SELECT count(*) AS n FROM pg_locks WHERE NOT granted AND relation = 'gong_write_operations'::regclass`))[0].n);
    const twins = await app.db.database.transaction(async (tx) => {
      await tx.query('LOCK TABLE gong_write_operations IN EXCLUSIVE MODE');
      const first = rest(confirm);
      await waitFor(async () => (await waiting()) === 1, 'the first confirmation waiting for the key', { timeoutMs: 10_000, intervalMs: 20 });
      let twinSettled = false;
      const twin = rest(confirm).finally(() => (twinSettled = true));
      await waitFor(async () => twinSettled || (await waiting()) === 2, 'the twin answered or waiting for the key', { timeoutMs: 10_000, intervalMs: 20 });
      return [first, twin] as const;
    });
    const answers = await Promise.all(twins);
    const done = answers.filter((a) => a.body.status === 'done' && a.body.replayed === false);
    expect(done).toHaveLength(1);
    const other = answers.find((a) => a !== done[0])!;
    // The twin: told the first is still running (ask again), or given the first answer.
    expect(other.status === 429 || other.body.replayed === true).toBe(true);
    const again = await rest(confirm);
    expect(again.body).toMatchObject({ status: 'done', replayed: true, gongRequestIds: done[0]!.body.gongRequestIds });
    expect(assigns() - before).toBe(1);
    expect(instancesOf(free[6]!)).toHaveLength(1);
  });

  it('reads Gong back when a write times out, and does not send it again', async () => {
    const before = assigns();
    sim.setFaults({ slowAnswer: { ms: WRITE_TIMEOUT_MS * 2, paths: ['/v2/flows/prospects/assign'], remaining: 1 } });
    try {
      const r = await call(tokens.auto, 'assign_flow', { flowId, crmProspectIds: [free[5]!] });
      expect(r.data).toMatchObject({ status: 'done', reconciled: true, result: { prospectsAssigned: [expect.objectContaining({ crmProspectId: free[5] })] } });
    } finally {
      sim.clearFaults();
    }
    // The one request was made in the sim, its answer never delivered (the client gave up): no
    // assignment was answered 200 since, so nothing was sent again.
    expect(assigns() - before).toBe(0);
    expect(instancesOf(free[5]!)).toHaveLength(1);
  });

  it('keeps every write in the append-only audit, listed by the admin API', async () => {
    const res = await fetch(`${app.service.url}/admin/audit?tool=assign_flow&user=${rep.id}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    const { lines } = (await res.json()) as { lines: Json[] };
    expect(lines.map((l) => l.outcome)).toEqual(expect.arrayContaining(['done', 'replayed', 'reconciled']));
    expect(lines.find((l) => l.outcome === 'done')).toMatchObject({ actingFor: rep.id, argsDigest: expect.stringMatching(/^[0-9a-f]{64}$/), gongRequestIds: expect.arrayContaining([expect.any(String)]) });
    await expect(app.db.database.query('UPDATE gong_write_audit SET outcome = $1', ['edited'])).rejects.toThrow(/append-only/);
    await expect(app.db.database.query('DELETE FROM gong_write_audit')).rejects.toThrow(/append-only/);
  });
});
