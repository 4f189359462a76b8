import type { CallsPermissionLevel } from '../model/calls-permission-level.js';
import type { AccessIndex } from './access-index.builder.js';
import { callsScopeOf } from './calls-scope.js';
import { ACCESS_DOMAINS, PROFILE_FLAGS, type AccessDomain, type ProfileFlag } from '../model/access-domain.js';
import { domainScopeOf } from './domain-access.evaluator.js';
import { profileAllows } from './profile-flags.js';

/** A user's calls access in one workspace, as `GET /v1/me` tells it. */
export interface WorkspaceAccessDescription {
  readonly workspaceId: string;
  /** `profile`: one profile of the workspace lists the user; otherwise own calls only there. */
  readonly profile: 'profile' | 'no-profile' | 'conflicting-profiles';
  readonly level: CallsPermissionLevel | null;
  /** The known team leads the level counts (managers-team: their teams; report-to-them: their reports). */
  readonly teamLeadIds: readonly string[];
  /** Whose non-private calls the user sees there, beyond their own. */
  readonly sees: string;
  /** The other domains there: level and whose data it covers (rules D1-D4). */
  readonly domains?: ReadonlyArray<{ readonly domain: AccessDomain; readonly level: string | null; readonly sees: string }>;
  /** `libraryFolderAccess` level there (`none` when the library pages are off). */
  readonly library?: string | null;
  /** The enforced booleans of the profile. */
  readonly flags?: Readonly<Record<ProfileFlag, boolean>>;
}

export interface UserAccessDescription {
  readonly userId: string;
  readonly known: boolean;
  readonly active: boolean;
  readonly workspaces: readonly WorkspaceAccessDescription[];
  /** How many calls Gong's users-access API granted to the user. */
  readonly grantedCallCount: number;
  /** The rules in force for every user, in the order they are applied. */
  readonly rules: readonly string[];
}

/** The rules of access-filter.evaluator.ts, in words. */
export const CALL_ACCESS_RULES: readonly string[] = [
  'Only a known, active Gong user sees calls.',
  'You see every call you host or take part in as an internal participant, private ones included, in any workspace.',
  "Private calls are seen only by their host and internal participants: no profile level or API grant opens someone else's private call.",
  "A call granted to you through Gong's users-access API is visible unless it is private.",
  'Beyond that, your permission profile in the call\'s workspace decides: "all" sees every non-private call; "managers-team" the calls of the listed team leads and everyone below them; "report-to-them" the calls of everyone below you (or below the listed leads); "own" and "none" nothing more.',
  'Where a reading of Gong\'s rules is uncertain, the narrower one is taken (in no profile or several of a workspace: own calls only there).',
];

/** What a user sees per workspace and why: the same scopes `filterFor` and `explainCallAccess` use. */
export function describeUserAccess(index: AccessIndex, userId: string): UserAccessDescription {
  const user = index.users.get(userId);
  const base = { userId, known: user !== undefined, active: user?.active === true, rules: CALL_ACCESS_RULES };
  if (user === undefined || !user.active) return { ...base, workspaces: [], grantedCallCount: 0 };
  const workspaces = index.workspaceIds.map((workspaceId): WorkspaceAccessDescription => {
    const access = index.profilesByWorkspace.get(workspaceId)?.get(userId);
    if (access === undefined || access.kind !== 'profile') {
      return { workspaceId, profile: access?.kind ?? 'no-profile', level: null, teamLeadIds: [], sees: 'own calls only' };
    }
    const level = access.callsAccess.permissionLevel;
    const scope = callsScopeOf(index, userId, workspaceId);
    const leads = scope.teamLeadIds.length > 0 ? scope.teamLeadIds : scope.reportRootIds.filter((id) => id !== userId);
    const sees = scope.everyone
      ? 'every non-private call'
      : level === 'managers-team'
        ? leads.length > 0
          ? `calls hosted by ${leads.join(', ')} and everyone below them`
          : 'own calls only (the profile lists no known team lead)'
        : level === 'report-to-them'
          ? scope.reportRootIds.includes(userId)
            ? 'calls hosted by everyone below you'
            : leads.length > 0
              ? `calls hosted by everyone below ${leads.join(', ')}`
              : 'own calls only (the profile lists no known team lead)'
          : 'own calls only';
    const callsSees = profileAllows(access.profile, 'callsAndSearch') ? sees : 'own calls only (callsAndSearch is off in this profile)';
    const domains = ACCESS_DOMAINS.map((domain) => {
      const d = domainScopeOf(index, userId, workspaceId, domain);
      const covers = d.everyone
        ? "everyone's data"
        : !d.own
          ? d.narrowedBy === 'page-flag'
            ? 'nothing (the page is off in this profile)'
            : 'nothing'
          : d.teamLeadIds.length > 0 || d.reportRootIds.length > 0
            ? `own data and the teams of ${[...d.teamLeadIds, ...d.reportRootIds].join(', ')}`
            : d.narrowedBy === 'team-stats-flag'
              ? 'own data only (team stats are off in this profile)'
              : 'own data only';
      return { domain, level: d.level, sees: covers };
    });
    const flags = {} as Record<ProfileFlag, boolean>;
    for (const flag of PROFILE_FLAGS) flags[flag] = profileAllows(access.profile, flag);
    const library = flags.library ? (access.profile.libraryFolderAccess?.permissionLevel ?? 'none') : 'none';
    return { workspaceId, profile: 'profile', level, teamLeadIds: leads, sees: callsSees, domains, library, flags };
  });
  return { ...base, workspaces, grantedCallCount: index.grantedCallIdsByUser.get(userId)?.length ?? 0 };
}
