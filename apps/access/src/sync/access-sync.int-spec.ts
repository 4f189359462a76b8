import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { matchesFilter, type CallFacts } from '@gong-connector/access-core';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import type { GongClient } from '@gong-connector/gong-client';
import { CallWriteRepository } from '@gong-connector/persistence';
import { FakeClock, testDatabase, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { accessHarness, simGongClient, type AccessHarness } from '../../test/access-harness.js';
import { expectedVisibleCalls } from '../../test/ground-truth-visibility.js';
import { replicaCallFacts } from '../../test/replica-call-facts.js';
import { fetchSimCalls } from '../../test/sim-calls.js';

const HOUR = 3_600_000;

/** The calls a user's filter admits, among the replica's calls. */
function visibleThrough(h: AccessHarness, facts: CallFacts[], userId: string): Set<string> {
  const { filter } = h.filters.filterFor({ userId });
  return new Set(facts.filter((f) => matchesFilter(filter, f)).map((f) => f.callId));
}

/** Users whose visible calls differ from the ground truth's, with what differs. */
function mismatches(h: AccessHarness, facts: CallFacts[], sim: GongSim): { userId: string; missing: string[]; extra: string[] }[] {
  const expected = expectedVisibleCalls(sim.groundTruth());
  const out: { userId: string; missing: string[]; extra: string[] }[] = [];
  for (const [userId, want] of expected) {
    const got = visibleThrough(h, facts, userId);
    const missing = [...want].filter((id) => !got.has(id));
    const extra = [...got].filter((id) => !want.has(id));
    if (missing.length > 0 || extra.length > 0) out.push({ userId, missing, extra });
  }
  return out;
}

describe('access sync against gong-sim (users, managers, workspaces, profiles, members, users-access)', () => {
  let db: TestDatabase;
  let sim: GongSim;
  let gong: GongClient;
  let h: AccessHarness;
  let facts: CallFacts[];
  const clock = new FakeClock();

  beforeAll(async () => {
    db = await testDatabase();
    sim = await startGongSim({ port: 0, seed: 'access-sync', users: 90, calls: 350, workspaces: 2, ratePerSecond: 30 });
    gong = simGongClient(sim, 20);
    const truth = sim.groundTruth();
    const { records } = await fetchSimCalls(gong, truth);
    await new CallWriteRepository(db.database).upsertCalls(records, 'backfill');
    facts = await replicaCallFacts(db.database);
    h = await accessHarness(db.database, gong, { clock, config: { ACCESS_MAX_STALENESS_MS: 2 * HOUR } });
  }, 60_000);

  afterAll(async () => {
    await sim?.close();
    await db?.close();
  });

  it('refuses every filter (ACCESS_STALE) before the first sync', () => {
    expect(() => h.filters.filterFor({ userId: sim.groundTruth().users[0]!.id })).toThrow(
      expect.objectContaining({ code: ErrorCode.ACCESS_STALE, message: expect.stringContaining('has not been synced') }),
    );
  });

  it('syncs through the client at sync priority, looking users-access up 100 calls per request', async () => {
    sim.resetStats();
    const result = await h.sync.run({ force: true, reason: 'test sync' });
    const truth = sim.groundTruth();
    expect(facts).toHaveLength(truth.calls!.length);
    expect(result.directory).toMatchObject({ skipped: false, workspaces: 2, users: truth.users.filter((u) => !u.isAvatar).length });
    expect(result.profiles).toMatchObject({ skipped: false, workspaces: 2, profiles: truth.profiles.length });
    expect(result.usersAccess).toMatchObject({ checked: facts.length, requests: Math.ceil(facts.length / 100) });
    const stats = sim.stats().byEndpoint;
    expect(stats['POST /v2/calls/users-access']).toEqual({ 200: Math.ceil(facts.length / 100) });
    expect(stats['GET /v2/all-permission-profiles']).toEqual({ 200: 2 });
    expect(stats['GET /v2/permission-profile/users']).toEqual({ 200: truth.profiles.length });
    await expect(h.repo.uncheckedCallCount()).resolves.toBe(0);
    // Nobody held a filter before the first sync; the grants the sweep then found are announced.
    const granted = new Set(truth.usersAccess.flatMap((g) => g.userIds));
    expect(h.events.length).toBeGreaterThan(0);
    for (const event of h.events) {
      expect(event.reason).toBe('users-access sweep');
      expect(event.userIds.filter((id) => !granted.has(id))).toEqual([]);
    }
  });

  it('gives every simulated user exactly the calls the ground truth implies', () => {
    const truth = sim.groundTruth();
    expect(mismatches(h, facts, sim)).toEqual([]);

    // The company exercises every rule: all, team leads, reports, own only, grants, private calls, inactive users.
    const counts = [...expectedVisibleCalls(truth).values()].map((s) => s.size);
    expect(Math.max(...counts)).toBeGreaterThan(facts.length / 3);
    expect(counts.filter((n) => n === 0).length).toBeGreaterThan(0);
    expect(new Set(truth.profiles.map((p) => p.callsAccess.permissionLevel))).toEqual(
      new Set(['all', 'managers-team', 'report-to-them', 'own', 'none']),
    );
    expect(truth.usersAccess.length).toBeGreaterThan(0);
    expect(truth.calls!.some((c) => c.isPrivate)).toBe(true);
    expect(truth.users.some((u) => !u.active && !u.isAvatar)).toBe(true);
  });

  it('answers by email (any case, aliases too), unknown users get the deny-all filter and no user', () => {
    const truth = sim.groundTruth();
    const someone = truth.users.find((u) => u.active && !u.isAvatar && u.role === 'manager')!;
    const byEmail = h.filters.filterFor({ email: someone.emailAddress.toUpperCase() });
    expect(byEmail.user).toMatchObject({ id: someone.id, email: someone.emailAddress, name: someone.name, active: true });
    expect(byEmail.filter).toEqual(h.filters.filterFor({ userId: someone.id }).filter);
    expect(byEmail.ageMs).toBe(0);
    expect(byEmail.dataAsOf).toBe(new Date(clock.now()).toISOString());

    const unknown = h.filters.filterFor({ userId: '123456789012345678' });
    expect(unknown.user).toBeNull();
    expect(unknown.filter).toMatchObject({ userId: '123456789012345678', ownUserId: null, allWorkspaceIds: [], hostUserIdsByWorkspace: [], grantedCallIds: [] });
    expect(h.filters.filterFor({ email: 'nobody@example.com' }).user).toBeNull();

    const avatar = truth.users.find((u) => u.isAvatar)!;
    expect(h.filters.filterFor({ userId: avatar.id }).user).toBeNull();
    const inactive = truth.users.find((u) => !u.active && !u.isAvatar)!;
    const reply = h.filters.filterFor({ userId: inactive.id });
    expect(reply.user).toMatchObject({ id: inactive.id, active: false });
    expect(reply.filter.ownUserId).toBeNull();
  });

  it('fails closed with ACCESS_STALE past the staleness limit, saying how old the data is', async () => {
    const userId = sim.groundTruth().users.find((u) => u.active)!.id;
    clock.advance(2 * HOUR);
    expect(h.filters.filterFor({ userId }).ageMs).toBe(2 * HOUR);
    clock.advance(5 * 60_000 + 1);
    let refusal: unknown;
    try {
      h.filters.filterFor({ userId });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: ErrorCode.ACCESS_STALE });
    expect((refusal as AppError).message).toMatch(/Access data is 2h 05m old \(last synced from Gong at .*\), older than the 2h 00m limit/);
    expect(await h.metrics.registry.getSingleMetricAsString('access_stale_refusals_total')).toMatch(/access_stale_refusals_total\{service="access-test"\} 2/);

    await h.sync.run({ force: true, reason: 'operator', sweep: false });
    expect(h.filters.filterFor({ userId }).ageMs).toBe(0);
  });

  it('publishes access.users.changed.v1 with the affected users after profiles change in Gong', async () => {
    const before = expectedVisibleCalls(sim.groundTruth());
    const profiles = sim.company.data.profiles;
    const ws = sim.company.data.workspaces[0]!.id;
    const reps = profiles.find((p) => p.workspaceId === ws && p.name === 'Sales Rep')!;
    const managers = profiles.find((p) => p.workspaceId === ws && p.name === 'Sales Manager')!;
    // Gong admin widens the rep profile to every call, and takes one manager out of the manager profile.
    reps.callsAccess = { permissionLevel: 'all', teamLeadIds: null };
    const demoted = managers.userIds.find((id) => sim.company.user(id)?.active && sim.company.data.users.some((u) => u.managerId === id))!;
    managers.userIds = managers.userIds.filter((id) => id !== demoted);

    h.events.length = 0;
    const result = await h.sync.run({ force: true, reason: 'profiles changed', sweep: false });
    const after = expectedVisibleCalls(sim.groundTruth());
    const nowSeesOtherCalls = [...after].filter(([id, calls]) => [...calls].sort().join() !== [...before.get(id)!].sort().join()).map(([id]) => id);

    expect(h.events).toHaveLength(1);
    const event = h.events[0]!;
    expect(event).toMatchObject({ allUsers: false, reason: 'profiles changed' });
    expect(result.changedUsers).toBe(event.userIds.length);
    // Everyone whose visible calls changed is named; nobody outside the two changed profiles is.
    expect(event.userIds).toEqual(expect.arrayContaining(nowSeesOtherCalls));
    expect(nowSeesOtherCalls.length).toBeGreaterThan(1);
    const touched = new Set([...reps.userIds, demoted]);
    expect(event.userIds.filter((id) => !touched.has(id))).toEqual([]);
    expect(event.userIds).toContain(demoted);
    expect(mismatches(h, facts, sim)).toEqual([]);

    // Nothing changed in Gong since: a second sync publishes nothing.
    h.events.length = 0;
    await h.sync.run({ force: true, reason: 'again', sweep: false });
    expect(h.events).toEqual([]);
  });

  it('picks up a users-access grant made in Gong, and its revocation', async () => {
    const truth = sim.groundTruth();
    const expected = expectedVisibleCalls(truth);
    const call = truth.calls!.find((c) => !c.isPrivate && truth.users.some((u) => u.active && !u.isAvatar && !expected.get(u.id)!.has(c.id)))!;
    const viewer = truth.users.find((u) => u.active && !u.isAvatar && !expected.get(u.id)!.has(call.id))!;
    const put = await fetch(`${sim.baseUrl}/v2/calls/users-access`, {
      method: 'PUT',
      headers: { authorization: sim.credentials.basicAuthorization, 'content-type': 'application/json' },
      body: JSON.stringify({ callAccessList: [{ callId: call.id, userIds: [viewer.id] }] }),
    });
    expect(put.status).toBe(200);

    h.events.length = 0;
    sim.resetStats();
    const ids = facts.map((f) => f.callId);
    const checked = await h.usersAccess.check(ids.slice(0, 250).concat(call.id), 'new grant');
    expect(checked.requests).toBe(Math.ceil(new Set(ids.slice(0, 250).concat(call.id)).size / 100));
    expect(sim.stats().byEndpoint['POST /v2/calls/users-access']).toEqual({ 200: checked.requests });
    expect(h.events.map((e) => e.userIds)).toEqual([[viewer.id]]);
    expect(h.filters.filterFor({ userId: viewer.id }).filter.grantedCallIds).toContain(call.id);
    expect(mismatches(h, facts, sim)).toEqual([]);

    await fetch(`${sim.baseUrl}/v2/calls/users-access`, {
      method: 'DELETE',
      headers: { authorization: sim.credentials.basicAuthorization, 'content-type': 'application/json' },
      body: JSON.stringify({ callAccessList: [{ callId: call.id, userIds: [viewer.id] }] }),
    });
    h.events.length = 0;
    await h.usersAccess.check([call.id], 'grant revoked');
    expect(h.events.map((e) => e.userIds)).toEqual([[viewer.id]]);
    expect(h.filters.filterFor({ userId: viewer.id }).filter.grantedCallIds).not.toContain(call.id);
    expect(mismatches(h, facts, sim)).toEqual([]);
  });

  it('leaves calls not in the replica alone and sends no request for them', async () => {
    sim.resetStats();
    await expect(h.usersAccess.check(['987654321987654321'], 'unknown call')).resolves.toEqual({ checked: 0, requests: 0, changedUsers: 0 });
    expect(sim.stats().total).toBe(0);
  });
});
