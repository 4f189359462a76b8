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
import { domainAudienceCovers, libraryAudienceOpens } from '@gong-connector/contracts';
import { ACCESS_DOMAINS, PROFILE_FLAGS, type AccessDomain, type ProfileFlag } from '../model/access-domain.js';
import type { AccessProfile } from '../model/access-model.schema.js';
import { canSeeDomain } from './domain-access.evaluator.js';
import { canSeeLibraryFolder, type AccessLibraryFolder } from './library-access.evaluator.js';
import { domainAccessFor } from './user-domain-access.evaluator.js';

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

/** A boolean of one profile: no `flags` object restricts nothing; otherwise only `true` grants. */
function refFlag(p: AccessProfile, flag: ProfileFlag): boolean {
  if (p.flags === undefined) return true;
  return p.flags[flag] === true;
}

/** Every profile of a known workspace that lists the user (duplicates of one workspace included). */
function refHeld(model: AccessModel, viewer: string): AccessProfile[] {
  return model.profiles.filter((p) => model.workspaceIds.includes(p.workspaceId) && p.userIds.includes(viewer));
}

function refCanSee(model: AccessModel, viewer: string, call: AccessCall): boolean {
  const me = refFindUser(model, viewer);
  if (me === undefined || !me.active) return false;
  if (call.primaryUserId === viewer) return true;
  for (const p of call.participantUserIds) if (p === viewer) return true;
  if (call.isPrivate) return false;
  const grantsOk = refHeld(model, viewer).every((p) => refFlag(p, 'callsAndSearch'));
  for (const g of model.callAccessGrants) {
    if (grantsOk && g.callId === call.id && g.userIds.includes(viewer)) return true;
  }
  if (call.workspaceId === null || !model.workspaceIds.includes(call.workspaceId)) return false;
  const mine = model.profiles.filter((p) => p.workspaceId === call.workspaceId && p.userIds.includes(viewer));
  if (mine.length !== 1) return false;
  if (!refFlag(mine[0], 'callsAndSearch')) return false;
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

const PAGE_FLAG: Record<AccessDomain, ProfileFlag | null> = {
  insightsAccess: 'activity',
  coachingAccess: 'coaching',
  usageAccess: 'usage',
  dealsAccess: 'deals',
  emailsAccess: null,
  forecastAccess: 'forecast',
};

/** Rules D1-D4 for one workspace's single profile. */
function refDomainInProfile(model: AccessModel, p: AccessProfile, viewer: string, subject: string, domain: AccessDomain): boolean {
  const flag = PAGE_FLAG[domain];
  if (flag !== null && !refFlag(p, flag)) return false;
  const grant = p.domains?.[domain];
  const level = grant?.permissionLevel ?? 'none';
  if (level === 'none') return false;
  if (subject === viewer) return true;
  if (domain === 'insightsAccess' && !refFlag(p, 'teamStats')) return false;
  if (level === 'all') return true;
  const leads = grant?.teamLeadIds ?? null;
  if (level === 'managers-team') {
    for (const lead of leads ?? []) {
      if (refFindUser(model, lead) === undefined) continue;
      if (subject === lead || refBelow(model, subject, lead)) return true;
    }
    return false;
  }
  if (level === 'report-to-them') {
    for (const lead of leads === null || leads.length === 0 ? [viewer] : leads) {
      if (refFindUser(model, lead) === undefined) continue;
      if (refBelow(model, subject, lead)) return true;
    }
  }
  return false;
}

/** Company-wide data of one subject: every workspace where the viewer holds a profile must allow it. */
function refCanSeeDomain(model: AccessModel, viewer: string, subject: string, domain: AccessDomain): boolean {
  const me = refFindUser(model, viewer);
  if (me === undefined || !me.active) return false;
  let held = 0;
  for (const ws of model.workspaceIds) {
    const mine = model.profiles.filter((p) => p.workspaceId === ws && p.userIds.includes(viewer));
    if (mine.length === 0) continue;
    held += 1;
    if (mine.length > 1) return false;
    if (!refDomainInProfile(model, mine[0], viewer, subject, domain)) return false;
  }
  return held > 0;
}

function refCanSeeFolder(model: AccessModel, viewer: string, folder: AccessLibraryFolder): boolean {
  const me = refFindUser(model, viewer);
  if (me === undefined || !me.active || folder.workspaceId === null || !model.workspaceIds.includes(folder.workspaceId)) return false;
  const mine = model.profiles.filter((p) => p.workspaceId === folder.workspaceId && p.userIds.includes(viewer));
  if (mine.length !== 1 || !refFlag(mine[0], 'library')) return false;
  const access = mine[0].libraryFolderAccess;
  if (access === undefined || access.permissionLevel === 'none') return false;
  if (access.permissionLevel === 'all') return true;
  return (access.libraryFolderIds ?? []).includes(folder.id);
}

function refHoldsFlag(model: AccessModel, viewer: string, flag: ProfileFlag): boolean {
  const me = refFindUser(model, viewer);
  if (me === undefined || !me.active) return false;
  const held = refHeld(model, viewer);
  return held.length > 0 && held.every((p) => refFlag(p, flag));
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
  folders: AccessLibraryFolder[];
}

const FOLDER_IDS = ['41', '42', '43', '44'];

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
      domains: fc.option(
        fc.record(
          Object.fromEntries(
            ACCESS_DOMAINS.map((d) => [
              d,
              fc.record({
                permissionLevel: fc.constantFrom(...LEVELS),
                teamLeadIds: fc.oneof(fc.constant(null), fc.constant<string[]>([]), fc.subarray([...userIds, DANGLING_MANAGER], { minLength: 1 })),
              }),
            ]),
          ) as Record<AccessDomain, fc.Arbitrary<{ permissionLevel: (typeof LEVELS)[number]; teamLeadIds: string[] | null }>>,
          { requiredKeys: [] },
        ),
        { nil: undefined, freq: 5 },
      ),
      libraryFolderAccess: fc.option(
        fc.record({
          permissionLevel: fc.constantFrom('none' as const, 'all' as const, 'specific-folders' as const),
          libraryFolderIds: fc.oneof(fc.constant(null), fc.subarray(FOLDER_IDS)),
        }),
        { nil: undefined, freq: 5 },
      ),
      flags: fc.option(
        fc.record(Object.fromEntries(PROFILE_FLAGS.map((f) => [f, fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 })])) as Record<ProfileFlag, fc.Arbitrary<boolean>>, { requiredKeys: [] }),
        { nil: undefined, freq: 5 },
      ),
    });
    const folder = fc.record({
      id: fc.constantFrom(...FOLDER_IDS),
      workspaceId: fc.oneof(
        { arbitrary: fc.constantFrom(...workspaceIds), weight: 6 },
        { arbitrary: fc.constant(null), weight: 1 },
        { arbitrary: fc.constant(UNKNOWN_WORKSPACE), weight: 1 },
      ),
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
      folders: fc.array(folder, { maxLength: 4 }),
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

describe('every domain, the Library and the booleans against the reference evaluator', () => {
  it('canSeeDomain, domainAccessFor, canSeeLibraryFolder and the flags agree with the reference for every user of 10,000 random companies', () => {
    const totals = { companies: 0, checks: 0, disagreements: 0, domainVisible: 0, domainBeyondOwn: 0, folders: 0, flagsOn: 0 };
    const fail = (what: string) => {
      totals.disagreements += 1;
      throw new Error(what);
    };
    fc.assert(
      fc.property(companyArb, ({ model, folders }) => {
        totals.companies += 1;
        const index = buildAccessIndex(model);
        const subjects = [...model.users.map((u) => u.id), UNKNOWN_USER];
        for (const viewer of subjects) {
          const access = domainAccessFor(index, viewer);
          for (const flag of PROFILE_FLAGS) {
            totals.checks += 1;
            const expected = refHoldsFlag(model, viewer, flag);
            if (access.flags[flag] !== expected) fail(`user ${viewer}, flag ${flag}: reference ${expected}, got ${access.flags[flag]}`);
            if (expected) totals.flagsOn += 1;
          }
          for (const domain of ACCESS_DOMAINS) {
            for (const subject of subjects) {
              totals.checks += 1;
              const expected = refCanSeeDomain(model, viewer, subject, domain);
              const direct = canSeeDomain(index, viewer, subject, domain);
              const viaAudience = domainAudienceCovers(access.domains[domain], subject);
              if (direct !== expected || viaAudience !== expected) {
                fail(`user ${viewer} on ${subject}, ${domain}: reference ${expected}, canSeeDomain ${direct}, audience ${viaAudience}`);
              }
              if (expected) {
                totals.domainVisible += 1;
                if (subject !== viewer) totals.domainBeyondOwn += 1;
              }
            }
          }
          for (const folder of folders) {
            totals.checks += 1;
            const expected = refCanSeeFolder(model, viewer, folder);
            const direct = canSeeLibraryFolder(index, viewer, folder);
            const viaAudience = libraryAudienceOpens(access.library, folder);
            if (direct !== expected || viaAudience !== expected) {
              fail(`user ${viewer}, folder ${folder.id}@${folder.workspaceId}: reference ${expected}, canSeeLibraryFolder ${direct}, audience ${viaAudience}`);
            }
            if (expected) totals.folders += 1;
          }
        }
      }),
      { numRuns: 10000 },
    );
    expect(totals.disagreements).toBe(0);
    expect(totals.companies).toBe(10000);
    // The companies must exercise the rules: others' data, folders and flags are seen, and not always.
    expect(totals.domainBeyondOwn).toBeGreaterThan(totals.checks / 100);
    expect(totals.domainVisible).toBeLessThan(totals.checks);
    expect(totals.folders).toBeGreaterThan(0);
    expect(totals.flagsOn).toBeGreaterThan(0);
  });
});
