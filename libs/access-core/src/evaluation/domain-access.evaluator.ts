import type { DomainAudience } from '@gong-connector/contracts';
import { compareGongIds } from '../ids/gong-id.order.js';
import { DOMAIN_PAGE_FLAGS, type AccessDomain } from '../model/access-domain.js';
import type { AccessProfile } from '../model/access-model.schema.js';
import type { CallsPermissionLevel } from '../model/calls-permission-level.js';
import type { AccessIndex } from './access-index.builder.js';
import { profileAllows } from './profile-flags.js';

/*
 * Per-user data of the other level-typed domains (insights: activity and interaction stats;
 * coaching: scorecards; usage; deals; emails; forecast), as this connector enforces it. The
 * data belongs to one user (the "subject": the rep the stats, scorecards or deals are about).
 *
 * D1 Viewer. Only a known, active user sees anything (as R1).
 * D2 Workspace. In workspace W the viewer's level is that of the one profile of W listing them.
 *    No profile of W, or several: nothing there [narrower: unlike calls, there is no "own call"
 *    to fall back on]. Data that is not tied to a workspace (Gong's stats are per user) is
 *    visible only when it is visible in EVERY known workspace where the viewer holds a profile,
 *    and the viewer holds at least one, none of them conflicting [narrower].
 * D3 Page flags (DOMAIN_PAGE_FLAGS). A profile whose page flag for the domain is off gives nothing
 *    in that domain; for `insightsAccess`, `activity` off gives nothing and `teamStats` off gives
 *    the viewer's own data only [narrower]. A profile with no `flags` does not restrict.
 * D4 Levels, from the same hierarchy as calls (R6, R7):
 *    - `all`: every user's data;
 *    - `managers-team`: the listed known team leads and everyone below them, plus own data;
 *      null or empty leads: own data only;
 *    - `report-to-them`: everyone below the viewer (null or empty leads) or below the listed
 *      known leads (the list replaces the viewer's reports), plus own data;
 *    - `own`: own data only; `none`, or any unknown level: nothing, own data included [narrower].
 */

/** How one viewer's level in one workspace covers a domain's subjects. */
export interface DomainScope {
  readonly level: CallsPermissionLevel | null;
  readonly own: boolean;
  readonly everyone: boolean;
  readonly teamLeadIds: readonly string[];
  readonly reportRootIds: readonly string[];
  /** Why the scope is narrower than the level, if it is. */
  readonly narrowedBy: 'no-profile' | 'conflicting-profiles' | 'page-flag' | 'team-stats-flag' | null;
}

const NOTHING = (level: CallsPermissionLevel | null, narrowedBy: DomainScope['narrowedBy']): DomainScope => ({
  level,
  own: false,
  everyone: false,
  teamLeadIds: [],
  reportRootIds: [],
  narrowedBy,
});

/** D2-D4 for one workspace; the viewer is assumed known and active. */
export function domainScopeOf(index: AccessIndex, viewerId: string, workspaceId: string, domain: AccessDomain): DomainScope {
  const access = index.profilesByWorkspace.get(workspaceId)?.get(viewerId);
  if (access === undefined || access.kind === 'no-profile') return NOTHING(null, 'no-profile');
  if (access.kind === 'conflicting-profiles') return NOTHING(null, 'conflicting-profiles');
  return scopeOfProfile(index, viewerId, access.profile, domain);
}

function scopeOfProfile(index: AccessIndex, viewerId: string, profile: AccessProfile, domain: AccessDomain): DomainScope {
  const grant = profile.domains?.[domain];
  const level: CallsPermissionLevel = grant?.permissionLevel ?? 'none';
  const pageFlag = DOMAIN_PAGE_FLAGS[domain];
  if (pageFlag !== null && !profileAllows(profile, pageFlag)) return NOTHING(level, 'page-flag');
  const leads = grant?.teamLeadIds ?? null;
  const knownLeads = (leads ?? []).filter((id, i, all) => index.users.has(id) && all.indexOf(id) === i);
  const ownOnly = { level, own: true, everyone: false, teamLeadIds: [], reportRootIds: [], narrowedBy: null };
  let scope: DomainScope;
  switch (level) {
    case 'all':
      scope = { ...ownOnly, everyone: true };
      break;
    case 'managers-team':
      scope = { ...ownOnly, teamLeadIds: knownLeads };
      break;
    case 'report-to-them':
      scope = { ...ownOnly, reportRootIds: leads === null || leads.length === 0 ? [viewerId] : knownLeads };
      break;
    case 'own':
      scope = ownOnly;
      break;
    case 'none':
      return NOTHING(level, null);
  }
  if (domain === 'insightsAccess' && !profileAllows(profile, 'teamStats') && (scope.everyone || scope.teamLeadIds.length > 0 || scope.reportRootIds.length > 0)) {
    return { ...ownOnly, narrowedBy: 'team-stats-flag' };
  }
  return scope;
}

function scopeCovers(index: AccessIndex, scope: DomainScope, viewerId: string, subjectId: string): boolean {
  if (scope.everyone) return true;
  if (subjectId === viewerId) return scope.own;
  const { hierarchy } = index;
  if (scope.teamLeadIds.some((lead) => subjectId === lead || hierarchy.isBelow(subjectId, lead))) return true;
  return scope.reportRootIds.some((root) => hierarchy.isBelow(subjectId, root));
}

/** Why a viewer may or may not see one subject's data of a domain. */
export interface DomainAccessExplanation {
  readonly domain: AccessDomain;
  readonly visible: boolean;
  readonly rule: 'unknown-user' | 'inactive-user' | 'no-profile' | 'conflicting-profiles' | 'page-flag' | 'team-stats-flag' | 'level' | 'outside-team';
  /** The workspace that decided (the first that refused, for company-wide data), if any. */
  readonly workspaceId: string | null;
  readonly level: CallsPermissionLevel | null;
  readonly reason: string;
}

/**
 * Whether `viewerId` may see `subjectId`'s data of `domain` (rules D1-D4). With a `workspaceId`,
 * that workspace's profile decides; with `null`, the data is company-wide and every workspace
 * where the viewer holds a profile must allow it. Agrees with `domainAudienceOf`.
 */
export function explainDomainAccess(
  index: AccessIndex,
  viewerId: string,
  subjectId: string,
  domain: AccessDomain,
  workspaceId: string | null = null,
): DomainAccessExplanation {
  const answer = (visible: boolean, rule: DomainAccessExplanation['rule'], reason: string, ws: string | null = null, level: CallsPermissionLevel | null = null): DomainAccessExplanation => ({
    domain,
    visible,
    rule,
    workspaceId: ws,
    level,
    reason,
  });
  const viewer = index.users.get(viewerId);
  if (viewer === undefined) return answer(false, 'unknown-user', `User ${viewerId} is not a known Gong user: they see no ${domain} data.`);
  if (!viewer.active) return answer(false, 'inactive-user', `User ${viewerId} is inactive in Gong: they see no ${domain} data.`);
  const workspaces = workspaceId === null ? heldWorkspaces(index, viewerId) : [workspaceId];
  if (workspaces.length === 0) return answer(false, 'no-profile', `User ${viewerId} holds no permission profile, so their ${domain} level is none.`);
  let decided: DomainAccessExplanation | undefined;
  for (const ws of workspaces) {
    const scope = domainScopeOf(index, viewerId, ws, domain);
    if (scope.narrowedBy === 'no-profile' || scope.narrowedBy === 'conflicting-profiles') {
      const what = scope.narrowedBy === 'no-profile' ? 'is in no permission profile' : 'is in several permission profiles';
      return answer(false, scope.narrowedBy, `User ${viewerId} ${what} of workspace ${ws}: no ${domain} data there.`, ws);
    }
    if (scope.narrowedBy === 'page-flag') {
      return answer(false, 'page-flag', `User ${viewerId}'s profile in workspace ${ws} does not allow the ${DOMAIN_PAGE_FLAGS[domain]} pages: no ${domain} data.`, ws, scope.level);
    }
    if (!scopeCovers(index, scope, viewerId, subjectId)) {
      if (scope.narrowedBy === 'team-stats-flag') {
        return answer(false, 'team-stats-flag', `User ${viewerId}'s profile in workspace ${ws} does not allow the team stats page: own insights only.`, ws, scope.level);
      }
      const rule = scope.level === 'none' || scope.level === 'own' ? 'level' : 'outside-team';
      return answer(false, rule, `User ${subjectId} is outside what user ${viewerId}'s ${domain} level "${scope.level}" in workspace ${ws} covers.`, ws, scope.level);
    }
    decided ??= answer(true, 'level', `User ${viewerId}'s ${domain} level "${scope.level}" in workspace ${ws} covers user ${subjectId}.`, ws, scope.level);
  }
  return decided!;
}

/** Whether `viewerId` may see `subjectId`'s data of `domain`: `explainDomainAccess(...).visible`. */
export function canSeeDomain(index: AccessIndex, viewerId: string, subjectId: string, domain: AccessDomain, workspaceId: string | null = null): boolean {
  return explainDomainAccess(index, viewerId, subjectId, domain, workspaceId).visible;
}

/**
 * Whose company-wide data of `domain` the viewer may see, as data (sorted, unique user ids, or
 * everyone): `audience.everyone || audience.userIds.includes(s)` equals `canSeeDomain(index, v, s, domain)`.
 */
export function domainAudienceOf(index: AccessIndex, viewerId: string, domain: AccessDomain): DomainAudience {
  const nobody: DomainAudience = { everyone: false, userIds: [] };
  const viewer = index.users.get(viewerId);
  if (viewer === undefined || !viewer.active) return nobody;
  const workspaces = heldWorkspaces(index, viewerId);
  if (workspaces.length === 0) return nobody;
  let audience: Set<string> | null = null; // null: everyone so far
  for (const ws of workspaces) {
    const scope = domainScopeOf(index, viewerId, ws, domain);
    if (scope.everyone) continue;
    const covered = new Set<string>();
    if (scope.own) covered.add(viewerId);
    for (const lead of scope.teamLeadIds) {
      covered.add(lead);
      for (const id of index.hierarchy.descendantsOf(lead)) covered.add(id);
    }
    for (const root of scope.reportRootIds) for (const id of index.hierarchy.descendantsOf(root)) covered.add(id);
    audience = intersect(audience, covered);
  }
  return audience === null ? { everyone: true, userIds: [] } : { everyone: false, userIds: [...audience].sort(compareGongIds) };
}

function intersect(previous: Set<string> | null, covered: Set<string>): Set<string> {
  if (previous === null) return covered;
  const kept = new Set<string>();
  for (const id of previous) if (covered.has(id)) kept.add(id);
  return kept;
}

/** The known workspaces where the user is listed by at least one profile (conflicts included), sorted. */
function heldWorkspaces(index: AccessIndex, userId: string): string[] {
  return index.workspaceIds.filter((ws) => {
    const access = index.profilesByWorkspace.get(ws)?.get(userId);
    return access !== undefined && access.kind !== 'no-profile';
  });
}
