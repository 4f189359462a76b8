import type { AccessIndex } from './access-index.builder.js';
import { profileAllows } from './profile-flags.js';

/**
 * Whose calls a user sees in one workspace through their permission profile, beyond their own:
 * - `everyone`: every non-private call of the workspace;
 * - `teamLeadIds`: calls hosted by these users and by everyone transitively below them;
 * - `reportRootIds`: calls hosted by everyone transitively below these users (not by them).
 * The rules and their sources are in access-filter.evaluator.ts.
 */
export interface CallsScope {
  readonly everyone: boolean;
  readonly teamLeadIds: readonly string[];
  readonly reportRootIds: readonly string[];
}

const OWN_ONLY: CallsScope = { everyone: false, teamLeadIds: [], reportRootIds: [] };

/** The profile part of the rules, for an active, known viewer. */
export function callsScopeOf(index: AccessIndex, userId: string, workspaceId: string): CallsScope {
  const access = index.profilesByWorkspace.get(workspaceId)?.get(userId);
  if (access === undefined || access.kind !== 'profile') return OWN_ONLY;
  // R8: `callsAndSearch` off: own calls only in this workspace, whatever the level.
  if (!profileAllows(access.profile, 'callsAndSearch')) return OWN_ONLY;
  const { permissionLevel, teamLeadIds } = access.callsAccess;
  const knownLeads = (teamLeadIds ?? []).filter((id, i, all) => index.users.has(id) && all.indexOf(id) === i);
  switch (permissionLevel) {
    case 'all':
      return { everyone: true, teamLeadIds: [], reportRootIds: [] };
    case 'managers-team':
      return { everyone: false, teamLeadIds: knownLeads, reportRootIds: [] };
    case 'report-to-them':
      return {
        everyone: false,
        teamLeadIds: [],
        reportRootIds: teamLeadIds === null || teamLeadIds.length === 0 ? [userId] : knownLeads,
      };
    case 'own':
    case 'none':
      return OWN_ONLY;
  }
}
