import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { systemClock } from '@gong-connector/contracts';
import { AccessRepository, DirectoryRepository } from '@gong-connector/persistence';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { ADMIN_TOKEN, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';
import { replicateSimCompany, type SimCompany } from '../../test/sim-company.fixture.js';
import { ReplicaAccessFilterSource } from '../access/replica-access-filter.source.js';
import { canSeeCall } from '../calls/calls.service.js';

// /admin/explain and /v1/me over a replicated gong-sim company (two workspaces, users-access grants,
// private calls): explain agrees with the access filter every answer is filtered by, for every sim
// user and a sample of calls, and with what the REST API actually shows a user.
describe('GET /admin/explain, GET /v1/me, GET /', () => {
  let sim: GongSim;
  let app: AgentApiTestApp;
  let company: SimCompany;
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
  type Explained = { visible: boolean; rule: string; reason: string; filterAgrees: boolean; user: { id: string } | null; call: { id: string } };
  const explain = async (user: string, call: string): Promise<Explained> => {
    const res = await fetch(`${app.service.url}/admin/explain?user=${encodeURIComponent(user)}&call=${call}`, { headers: admin });
    expect(res.status).toBe(200);
    return (await res.json()) as Explained;
  };

  beforeAll(async () => {
    sim = await startGongSim({ port: 0, seed: 'explain', users: 30, accounts: 6, calls: 80, workspaces: 2, ratePerSecond: 100, transcriptDelayMs: 0 });
    app = await startAgentApi({}, { seed: async (db) => void (company = await replicateSimCompany(sim, db)) });
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    await sim?.close();
  });

  it('agrees with the access filter on every sim user and a sample of calls', async () => {
    const truth = sim.groundTruth();
    const source = new ReplicaAccessFilterSource(new AccessRepository(app.db.database), new DirectoryRepository(app.db.database), systemClock, 0);
    // Every fifth call, and every private one (the rule that most needs to agree).
    const sample = company.calls.filter((c, i) => i % 5 === 0 || c.isPrivate);
    expect(sample.some((c) => c.isPrivate)).toBe(true);
    const rules = new Set<string>();
    let checked = 0;
    for (const user of truth.users) {
      const { filter } = await source.filterFor({ userId: user.id });
      for (const call of sample) {
        const e = await explain(user.id, call.id);
        expect({ user: user.id, call: call.id, visible: e.visible, filterAgrees: e.filterAgrees }).toEqual({ user: user.id, call: call.id, visible: canSeeCall(filter, call), filterAgrees: true });
        rules.add(e.rule);
        checked++;
      }
    }
    expect(checked).toBe(truth.users.length * sample.length);
    // A company this size exercises most rules (every one is tested on its own in access-core).
    expect([...rules].sort()).toEqual(expect.arrayContaining(['owner', 'private', 'profile-level']));
    expect(rules.size).toBeGreaterThanOrEqual(5);
  }, 300_000);

  it('agrees with what the REST API shows the user, by email too', async () => {
    const truth = sim.groundTruth();
    const users = truth.users.filter((u) => u.active).slice(0, 4);
    for (const user of users) {
      const token = await app.token({ kind: 'user', user: user.emailAddress });
      for (const call of company.calls.filter((_, i) => i % 9 === 0)) {
        const [e, res] = await Promise.all([explain(user.emailAddress, call.id), fetch(`${app.service.url}/v1/calls/${call.id}`, { headers: { authorization: `Bearer ${token}` } })]);
        expect({ user: user.id, call: call.id, status: res.status }).toEqual({ user: user.id, call: call.id, status: e.visible ? 200 : 404 });
        expect(e.user?.id).toBe(user.id);
      }
    }
  }, 300_000);

  it('names an unknown user, refuses a bad call id, a missing call and a missing admin token', async () => {
    const call = company.calls[0]!;
    await expect(explain('nobody@nowhere.example', call.id)).resolves.toMatchObject({ visible: false, rule: 'unknown-user', user: null });
    const bad = await fetch(`${app.service.url}/admin/explain?user=x@y.example&call=12ab`, { headers: admin });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('call');
    const missing = await fetch(`${app.service.url}/admin/explain?user=x@y.example&call=999999999999`, { headers: admin });
    expect(missing.status).toBe(404);
    const noUser = await fetch(`${app.service.url}/admin/explain?call=${call.id}`, { headers: admin });
    expect(noUser.status).toBe(400);
    expect((await fetch(`${app.service.url}/admin/explain?user=x@y.example&call=${call.id}`)).status).toBe(401);
  });

  it('GET /v1/me tells the level per workspace, as the profiles say', async () => {
    const truth = sim.groundTruth();
    const assigned = truth.profileAssignments.find((a) => truth.users.find((u) => u.id === a.userId)?.active)!;
    const user = truth.users.find((u) => u.id === assigned.userId)!;
    const token = await app.token({ kind: 'user', user: user.emailAddress });
    const res = await fetch(`${app.service.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const me = (await res.json()) as { user: { id: string }; access: { workspaces: { workspaceId: string; profile: string; level: string | null; sees: string }[]; rules: string[] } };
    expect(me.user.id).toBe(user.id);
    const ws = me.access.workspaces.find((w) => w.workspaceId === assigned.workspaceId);
    const levels = truth.profileAssignments.filter((a) => a.userId === user.id && a.workspaceId === assigned.workspaceId);
    expect(ws).toMatchObject(levels.length === 1 ? { profile: 'profile', level: assigned.callsAccessLevel } : { profile: 'conflicting-profiles', level: null });
    expect(me.access.workspaces.map((w) => w.workspaceId).sort()).toEqual([...new Set(truth.profiles.map((p) => p.workspaceId))].sort());
    expect(me.access.rules.join(' ')).toMatch(/private/i);
  });

  it('GET / and GET /v1 list where things are, as JSON or a page of links', async () => {
    for (const path of ['/', '/v1']) {
      const res = await fetch(`${app.service.url}${path}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { links: { rel: string; href: string }[] };
      expect(body.links.map((l) => l.rel)).toEqual(expect.arrayContaining(['docs', 'mcp', 'health-ready', 'metrics', 'rest']));
    }
    const page = await fetch(`${app.service.url}/`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/mcp');
  });
});
