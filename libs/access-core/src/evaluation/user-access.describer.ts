import type { CallsPermissionLevel } from '../model/calls-permission-level.js';
import type { AccessIndex } from './access-index.builder.js';
import { callsScopeOf } from './calls-scope.js';

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
    return { workspaceId, profile: 'profile', level, teamLeadIds: leads, sees };
  });
  return { ...base, workspaces, grantedCallCount: index.grantedCallIdsByUser.get(userId)?.length ?? 0 };
}
