import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allPages, createTestSim, type TestSim, type Body } from '../../test/gong-sim.fixture.js';

let t: TestSim;
beforeAll(async () => {
  t = await createTestSim({ users: 150, workspaces: 3 });
});
afterAll(async () => {
  await t.sim.close();
});

describe('users, workspaces, permission profiles, users-access', () => {
  it('GET /v2/users pages every user exactly once, avatars only when asked', async () => {
    const pages = await allPages(t, 'GET', '/v2/users');
    const users = pages.flatMap((p) => p.users);
    expect(pages[0].records.currentPageSize).toBe(100);
    expect(users).toHaveLength(150);
    expect(new Set(users.map((u: Body) => u.id)).size).toBe(150);
    expect(users.every((u: Body) => u.emailAddress.endsWith(`@${t.sim.company.data.domain}`))).toBe(true);
    const withAvatars = (await allPages(t, 'GET', '/v2/users?includeAvatars=true')).flatMap((p) => p.users);
    expect(withAvatars).toHaveLength(152);
    const truth = t.sim.groundTruth({ includeCalls: false });
    for (const u of users) expect(u.managerId ?? null).toBe(truth.users.find((x) => x.id === u.id)!.managerId);
  });

  it('GET /v2/users/{id} and POST /v2/users/extensive', async () => {
    const someone = t.sim.company.data.users[10];
    const one = await t.request('GET', `/v2/users/${someone.id}`);
    expect(one.json.user).toMatchObject({ id: someone.id, emailAddress: someone.emailAddress, firstName: someone.firstName });
    const missing = await t.request('GET', '/v2/users/1234567890123456789');
    expect(missing.status).toBe(404);
    expect(missing.json.errors).toEqual(['User not found']);
    const ext = await t.request('POST', '/v2/users/extensive', { filter: { userIds: [someone.id, t.sim.company.data.users[20].id] } });
    expect(ext.json.users.map((u: Body) => u.id)).toEqual([someone.id, t.sim.company.data.users[20].id]);
    const pages = await allPages(t, 'POST', '/v2/users/extensive', { filter: {} });
    expect(pages.flatMap((p) => p.users)).toHaveLength(150);
    expect((await t.request('POST', '/v2/users/extensive', {})).status).toBe(400);
  });

  it('GET /v2/workspaces lists the workspaces', async () => {
    const res = await t.request('GET', '/v2/workspaces');
    expect(res.json.workspaces.map((w: Body) => w.id)).toEqual(t.sim.company.data.workspaces.map((w) => w.id));
  });

  it('lists permission profiles per workspace alphabetically, one profile, and its users', async () => {
    const truth = t.sim.groundTruth({ includeCalls: false });
    for (const ws of truth.workspaces) {
      const res = await t.request('GET', `/v2/all-permission-profiles?workspaceId=${ws.id}`);
      const names = res.json.profiles.map((p: Body) => p.name);
      expect(names).toEqual([...names].sort());
      const levels = res.json.profiles.map((p: Body) => p.callsAccess.permissionLevel);
      expect(new Set(levels)).toEqual(new Set(['all', 'managers-team', 'report-to-them', 'own', 'none']));
      for (const p of res.json.profiles) {
        const users = await t.request('GET', `/v2/permission-profile/users?profileId=${p.id}`);
        expect(users.json.users.map((u: Body) => u.id)).toEqual(truth.profiles.find((x) => x.id === p.id)!.userIds);
        const one = await t.request('GET', `/v2/permission-profile?profileId=${p.id}`);
        expect(one.json.profile).toEqual(p);
      }
    }
    expect((await t.request('GET', '/v2/all-permission-profiles')).status).toBe(400);
    expect((await t.request('GET', '/v2/permission-profile?profileId=1234567890123456789')).status).toBe(404);
  });

  it('reads, adds and removes API-granted call access', async () => {
    const truth = t.sim.groundTruth();
    const granted = truth.usersAccess[0];
    const plain = truth.calls!.find((c) => !truth.usersAccess.some((g) => g.callId === c.id))!;
    const read = await t.request('POST', '/v2/calls/users-access', { filter: { callIds: [granted.callId, plain.id, '1234567890123456789'] } });
    expect(read.json.callAccessList).toEqual([
      { callId: granted.callId, users: granted.userIds.map((userId) => ({ userId })) },
      { callId: plain.id, users: [] },
    ]);
    const user = truth.users[5].id;
    expect((await t.request('PUT', '/v2/calls/users-access', { callAccessList: [{ callId: plain.id, userIds: [user] }] })).status).toBe(200);
    const after = await t.request('POST', '/v2/calls/users-access', { filter: { callIds: [plain.id] } });
    expect(after.json.callAccessList[0].users).toEqual([{ userId: user }]);
    expect(t.sim.groundTruth().usersAccess).toContainEqual({ callId: plain.id, userIds: [user] });
    expect((await t.request('DELETE', '/v2/calls/users-access', { callAccessList: [{ callId: plain.id, userIds: [user] }] })).status).toBe(200);
    const gone = await t.request('POST', '/v2/calls/users-access', { filter: { callIds: [plain.id] } });
    expect(gone.json.callAccessList[0].users).toEqual([]);
    expect((await t.request('POST', '/v2/calls/users-access', { filter: {} })).status).toBe(400);
    expect((await t.request('PUT', '/v2/calls/users-access', { callAccessList: [{ callId: '1', userIds: [user] }] })).status).toBe(400);
  });

  it('serves the ground truth at /__sim/company, consistent with what the API answers', async () => {
    const truth = (await (await fetch(`${t.sim.baseUrl}/__sim/company`)).json()) as Body;
    expect(truth).toEqual(JSON.parse(JSON.stringify(t.sim.groundTruth())));
    expect(Object.keys(truth)).toEqual(['seed', 'sizes', 'company', 'range', 'workspaces', 'users', 'reportsTo', 'profiles', 'profileAssignments', 'accounts', 'usersAccess', 'calls']);
    const sample = truth.calls.slice(0, 100);
    const res = await t.request('POST', '/v2/calls/extensive', { filter: { callIds: sample.map((c: Body) => c.id) }, contentSelector: { exposedFields: { parties: true } } });
    const byId = new Map(res.json.calls.map((c: Body) => [c.metaData.id, c]));
    for (const c of sample) {
      const api = byId.get(c.id) as Body;
      expect(api.metaData).toMatchObject({ primaryUserId: c.primaryUserId, workspaceId: c.workspaceId, isPrivate: c.isPrivate, scope: c.scope });
      expect(api.parties.filter((p: Body) => p.userId).map((p: Body) => p.userId)).toEqual(c.participantUserIds);
    }
    const users = await t.request('GET', '/v2/users');
    for (const u of users.json.users) expect(truth.reportsTo[u.id] ?? null).toBe(u.managerId ?? null);
    const noCalls = (await (await fetch(`${t.sim.baseUrl}/__sim/company?calls=false`)).json()) as Body;
    expect(noCalls.calls).toBeUndefined();
  });

  it('serves each call’s transcript truth at /__sim/calls/{id}/transcript-truth, sentence for sentence with the API’s transcript', async () => {
    const call = t.sim.groundTruth().calls![0];
    const truth = (await (await fetch(`${t.sim.baseUrl}/__sim/calls/${call.id}/transcript-truth`)).json()) as Body;
    expect(truth).toEqual(JSON.parse(JSON.stringify(t.sim.transcriptTruth(call.id))));
    const api = await t.request('POST', '/v2/calls/transcript', { filter: { callIds: [call.id] } });
    const served = api.json.callTranscripts[0].transcript.flatMap((m: Body) => m.sentences.map((s: Body) => ({ speakerId: m.speakerId, start: s.start, text: s.text })));
    expect(truth.sentences.map((s: Body) => ({ speakerId: s.speakerId, start: s.start, text: s.text }))).toEqual(served);
    expect(truth.sentences.every((s: Body) => typeof s.intent === 'string' && (s.side === 'company' || s.side === 'customer'))).toBe(true);
    expect(api.text).not.toMatch(/"intent"/);
    expect((await fetch(`${t.sim.baseUrl}/__sim/calls/999/transcript-truth`)).status).toBe(404);
  });
});
