import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AccessFilterSchema, type AccessFilter } from '../filter/access-filter.schema.js';
import { matchesFilter } from '../filter/access-filter.matcher.js';
import { toCallFacts } from '../filter/call-facts.schema.js';
import type { AccessCall } from '../model/access-call.schema.js';
import type { AccessModel } from '../model/access-model.schema.js';
import { buildAccessIndex } from './access-index.builder.js';
import { filterFor } from './access-filter.evaluator.js';
import { canSee } from './call-access.evaluator.js';

// ---------------------------------------------------------------------------------------------
// Reference evaluator. Written from the rules in access-filter.evaluator.ts, sharing no code with
// the library: plain loops over the raw model, everything recomputed on every question, no
// indexes, no memo, no descendant sets (it walks up from the host instead).
// ---------------------------------------------------------------------------------------------

function refFindUser(model: AccessModel, id: string | null) {
  if (id === null) return undefined;
  for (const u of model.users) if (u.id === id) return u;
  return undefined;
}

/** Whether following managers from `id` leads back to `id`. */
function refOnCycle(model: AccessModel, id: string): boolean {
  let current = refFindUser(model, id)?.managerId ?? null;
  for (let steps = 0; steps <= model.users.length && current !== null; steps++) {
    if (current === id) return true;
    current = refFindUser(model, current)?.managerId ?? null;
  }
  return false;
}

/** The manager `id` really reports to: null for unknown users, cycles and dangling ids. */
function refManager(model: AccessModel, id: string): string | null {
  const u = refFindUser(model, id);
  if (u === undefined || u.managerId === null) return null;
  if (refFindUser(model, u.managerId) === undefined) return null;
  if (refOnCycle(model, id)) return null;
  return u.managerId;
}

/** Whether `id` is strictly below `lead`. */
function refBelow(model: AccessModel, id: string, lead: string): boolean {
  let current = refManager(model, id);
  for (let steps = 0; steps <= model.users.length && current !== null; steps++) {
    if (current === lead) return true;
    current = refManager(model, current);
  }
  return false;
}

function refCanSee(model: AccessModel, viewer: string, call: AccessCall): boolean {
  const me = refFindUser(model, viewer);
  if (me === undefined || !me.active) return false;
  if (call.primaryUserId === viewer) return true;
  for (const p of call.participantUserIds) if (p === viewer) return true;
  if (call.isPrivate) return false;
  for (const g of model.callAccessGrants) {
    if (g.callId === call.id && g.userIds.includes(viewer)) return true;
  }
  if (call.workspaceId === null || !model.workspaceIds.includes(call.workspaceId)) return false;
  const mine = model.profiles.filter((p) => p.workspaceId === call.workspaceId && p.userIds.includes(viewer));
  if (mine.length !== 1) return false;
  const { permissionLevel, teamLeadIds } = mine[0].callsAccess;
  const host = call.primaryUserId;
  if (permissionLevel === 'all') return true;
  if (host === null) return false;
  if (permissionLevel === 'managers-team') {
    for (const lead of teamLeadIds ?? []) {
      if (refFindUser(model, lead) === undefined) continue;
      if (host === lead || refBelow(model, host, lead)) return true;
    }
    return false;
  }
  if (permissionLevel === 'report-to-them') {
    const leads = teamLeadIds === null || teamLeadIds.length === 0 ? [viewer] : teamLeadIds;
    for (const lead of leads) {
      if (refFindUser(model, lead) === undefined) continue;
      if (refBelow(model, host, lead)) return true;
    }
    return false;
  }
  return false;
}

/** Checks the promises AccessFilterSchema's doc makes about a filter's shape; null when kept. */
function refFilterShapeProblem(filter: AccessFilter, viewer: string): string | null {
  const increasing = (ids: readonly string[]) => ids.every((id, i) => i === 0 || BigInt(ids[i - 1]) < BigInt(id));
  if (!increasing(filter.allWorkspaceIds)) return 'allWorkspaceIds not sorted and unique';
  if (!increasing(filter.grantedCallIds)) return 'grantedCallIds not sorted and unique';
  if (!increasing(filter.hostUserIdsByWorkspace.map((e) => e.workspaceId))) return 'workspaces not sorted and unique';
  for (const entry of filter.hostUserIdsByWorkspace) {
    if (!increasing(entry.hostUserIds)) return `hosts of ${entry.workspaceId} not sorted and unique`;
    if (entry.hostUserIds.includes(viewer)) return `hosts of ${entry.workspaceId} include the user`;
    if (filter.allWorkspaceIds.includes(entry.workspaceId)) return `${entry.workspaceId} both all and listed`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Random companies.
// ---------------------------------------------------------------------------------------------

const UNKNOWN_USER = '5555';
const DANGLING_MANAGER = '9999999';
const UNKNOWN_WORKSPACE = '77';
const LEVELS = ['all', 'managers-team', 'report-to-them', 'own', 'none'] as const;

const idArb = fc.oneof(
  fc.bigInt({ min: 1n, max: 999n }),
  fc.bigInt({ min: 10n ** 18n, max: 10n ** 19n - 1n }),
).map(String);

interface Company {
  model: AccessModel;
  calls: AccessCall[];
}

const companyArb: fc.Arbitrary<Company> = fc
  .record({
    userIds: fc.uniqueArray(idArb.filter((id) => id !== UNKNOWN_USER), { minLength: 1, maxLength: 14 }),
    workspaceIds: fc.uniqueArray(fc.constantFrom('1', '2', '3'), { minLength: 1, maxLength: 3 }),
    callCount: fc.integer({ min: 0, max: 14 }),
  })
  .chain(({ userIds, workspaceIds, callCount }) => {
    const people = [...userIds, UNKNOWN_USER];
    const callIds = Array.from({ length: callCount }, (_, i) => String(9000 + i));
    const managerArb = (i: number) =>
      fc.oneof(
        { arbitrary: fc.constant(null), weight: 2 },
        { arbitrary: fc.constantFrom(...userIds), weight: 4 },
        { arbitrary: fc.constant(i > 0 ? userIds[i - 1] : null), weight: 4 }, // long chains
        { arbitrary: fc.constant(DANGLING_MANAGER), weight: 1 },
      );
    const users = fc.tuple(
      ...userIds.map((id, i) =>
        fc.record({ id: fc.constant(id), managerId: managerArb(i), active: fc.oneof({ arbitrary: fc.constant(true), weight: 6 }, { arbitrary: fc.constant(false), weight: 1 }) }),
      ),
    );
    const profile = fc.record({
      id: idArb,
      workspaceId: fc.constantFrom(...workspaceIds, UNKNOWN_WORKSPACE),
      callsAccess: fc.record({
        permissionLevel: fc.constantFrom(...LEVELS),
        teamLeadIds: fc.oneof(
          fc.constant(null),
          fc.constant<string[]>([]),
          fc.subarray([...userIds, DANGLING_MANAGER], { minLength: 1 }),
        ),
      }),
      userIds: fc.subarray(people),
    });
    const grant = fc.record({
      callId: fc.constantFrom(...callIds, '123456'),
      userIds: fc.subarray(people),
    });
    const call = (id: string) =>
      fc.record({
        id: fc.constant(id),
        workspaceId: fc.oneof(
          { arbitrary: fc.constantFrom(...workspaceIds), weight: 8 },
          { arbitrary: fc.constant(null), weight: 1 },
          { arbitrary: fc.constant(UNKNOWN_WORKSPACE), weight: 1 },
        ),
        primaryUserId: fc.oneof(
          { arbitrary: fc.constantFrom(...userIds), weight: 8 },
          { arbitrary: fc.constant(null), weight: 1 },
          { arbitrary: fc.constant('8888'), weight: 1 },
        ),
        participantUserIds: fc.subarray(people, { maxLength: Math.min(3, people.length) }),
        isPrivate: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
      });
    return fc.record({
      model: fc.record({
        workspaceIds: fc.constant(workspaceIds),
        users,
        profiles: fc.array(profile, { maxLength: 6 }),
        callAccessGrants: fc.array(grant, { maxLength: 5 }),
      }),
      calls: fc.tuple(...callIds.map(call)),
    });
  });

describe('call access against the reference evaluator', () => {
  it('canSee, matchesFilter(filterFor) and the reference agree for every user and call of 10,000 random companies', () => {
    const totals = { companies: 0, checks: 0, disagreements: 0, visible: 0, visibleBeyondOwn: 0 };
    fc.assert(
      fc.property(companyArb, ({ model, calls }) => {
        totals.companies += 1;
        const index = buildAccessIndex(model);
        for (const viewer of [...model.users.map((u) => u.id), UNKNOWN_USER]) {
          const filter = AccessFilterSchema.parse(JSON.parse(JSON.stringify(filterFor(index, viewer))));
          const shapeProblem = refFilterShapeProblem(filter, viewer);
          if (shapeProblem !== null) throw new Error(`user ${viewer}: ${shapeProblem}`);
          for (const c of calls) {
            const expected = refCanSee(model, viewer, c);
            const direct = canSee(index, viewer, c);
            const viaFilter = matchesFilter(filter, toCallFacts(c));
            totals.checks += 1;
            if (direct !== expected || viaFilter !== expected) {
              totals.disagreements += 1;
              throw new Error(
                `user ${viewer}, call ${c.id}: reference ${expected}, canSee ${direct}, matchesFilter ${viaFilter}`,
              );
            }
            if (expected) {
              totals.visible += 1;
              if (c.primaryUserId !== viewer && !c.participantUserIds.includes(viewer)) totals.visibleBeyondOwn += 1;
            }
          }
        }
      }),
      { numRuns: 10000 },
    );
    // The companies must exercise the rules, not only own calls.
    expect(totals.disagreements).toBe(0);
    expect(totals.companies).toBe(10000);
    expect(totals.visibleBeyondOwn).toBeGreaterThan(totals.checks / 20);
    expect(totals.visible).toBeLessThan(totals.checks);
  });
});
