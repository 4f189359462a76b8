import { denyAllAccessFilter, PRIVATE_CALLS_RULE, type AccessFilter } from '../filter/access-filter.schema.js';
import { compareGongIds } from '../ids/gong-id.order.js';
import type { AccessModel } from '../model/access-model.schema.js';
import { buildAccessIndex, type AccessIndex } from './access-index.builder.js';
import { callsScopeOf, type CallsScope } from './calls-scope.js';
import { apiGrantsHonoured } from './profile-flags.js';

/*
 * Gong call permissions, as this connector enforces them.
 *
 * Sources: GONG-API.md §6 (6.2 profiles and levels, with gonimbly's community findings; 6.3
 * users-access; 6.4 private calls, from Gong's help centre) and §5 (users, managerId). Gong does
 * not define the levels' exact semantics (§6.2, §14), so wherever a reading is uncertain the
 * NARROWER one is taken, marked [narrower] below. A wrong narrow guess hides a call; a wrong
 * wide one leaks it.
 *
 * Terms. "Calls of X" are the calls whose host (`primaryUserId`) is X. Being a participant of
 * someone's call does not make it one of "your team's calls" [narrower]. "Below L" means
 * transitively below L in the manager graph, L excluded.
 *
 * R1 Viewer. Only a known user with `active: true` sees anything. An unknown id or an inactive
 *    user gets the deny-all filter [narrower: an inactive user cannot sign in to Gong].
 * R2 Own calls. A user sees every call they host or take part in as an internal participant
 *    (`parties[].userId`), in any workspace or none, private ones included, whatever their
 *    profile (`none` and "no profile" included).
 * R3 Private calls are seen through R2 only (§6.4: "accessible only to the call owner, internal
 *    call participants, and people the owner shared it with"). Shares are not exposed by the API
 *    (§6.4), and an API grant is not a share by the owner, so a users-access grant does NOT open
 *    a private call [narrower]; neither does any profile level, `all` included.
 * R4 API grants (§6.3). A call granted to a user through /v2/calls/users-access is visible to
 *    them unless it is private, whatever its workspace and their profile.
 * R5 Profiles are per workspace (§6.1). In workspace W a user's level is that of the one profile
 *    of W whose members (/v2/permission-profile/users) include them. Member of no profile of W:
 *    own calls only. Member of several profiles of W (a torn snapshot): own calls only
 *    [narrower]. Profiles of workspaces not in the model are ignored. A call with no workspace,
 *    or a workspace not in the model, is seen through R2 and R4 only. Inactive users stay in the
 *    hierarchy and remain hosts: their calls stay visible to those whose level covers them.
 * R6 Levels (`callsAccess.permissionLevel`, Gong's exact strings; anything else maps to `none`,
 *    see toCallsPermissionLevel):
 *    - `all`: every non-private call of W. `teamLeadIds` ignored.
 *    - `managers-team`: calls of each user in `teamLeadIds` and of everyone below them (§6.2,
 *      gonimbly: "each lead in teamLeadIds plus their transitive reports"). Ids that are not
 *      known users are ignored. Null or empty `teamLeadIds`: nothing beyond own [narrower].
 *    - `report-to-them`: with null or empty `teamLeadIds`, calls of everyone below the user;
 *      with leads listed, calls of everyone below the listed (known) leads, the leads themselves
 *      excluded, and the list replaces the user's own reports rather than adding to them
 *      [narrower] (§6.2, gonimbly). An empty list is read like null: Gong's own samples use
 *      both `null` and `[]` for "no leads chosen" (§6.2). A list of only unknown ids: nothing.
 *    - `own`: own calls only. `none`: nothing beyond own calls (R2). `teamLeadIds` ignored
 *      (§6.2: `none` with a stale non-empty list happens).
 * R7 Manager graph (`managerId`, §5). A dangling `managerId` counts as no manager. Users on a
 *    manager cycle (including a self-manager) count as having no manager; users below the
 *    cycle still report to the member they name [narrower: corrupt data never widens access].
 *    See ManagerHierarchy. Nothing here can loop forever or recurse deeply.
 * R8 `callsAndSearch` ("User can view and search calls"). A profile that turns it off gives its
 *    members own calls only in its workspace, whatever its level; and a user holding any profile
 *    that turns it off loses R4 (API grants carry no workspace, so one "no" withholds them all)
 *    [narrower]. A profile with no `flags` (a calls-only model) does not restrict.
 *
 * The filter (AccessFilterSchema) encodes R2 as `ownUserId`, R3 as `privateCalls`, R4 as
 * `grantedCallIds`, `all` as `allWorkspaceIds` and the other levels as host user ids per
 * workspace, so its size grows with users and grants, never with calls.
 * `canSee(index, u, c) === matchesFilter(filterFor(index, u), toCallFacts(c))` for every u, c.
 */

/** The AccessFilter of one user, from a prepared index. Deterministic (sorted lists). */
export function filterFor(index: AccessIndex, userId: string): AccessFilter {
  const user = index.users.get(userId);
  if (user === undefined || !user.active) return denyAllAccessFilter(userId);

  const allWorkspaceIds: string[] = [];
  const hostUserIdsByWorkspace: AccessFilter['hostUserIdsByWorkspace'] = [];
  for (const workspaceId of index.workspaceIds) {
    const scope = callsScopeOf(index, userId, workspaceId);
    if (scope.everyone) {
      allWorkspaceIds.push(workspaceId);
      continue;
    }
    const hosts = scopeHosts(index, scope);
    const hostUserIds = hosts.includes(userId) ? hosts.filter((id) => id !== userId) : [...hosts];
    if (hostUserIds.length > 0) hostUserIdsByWorkspace.push({ workspaceId, hostUserIds });
  }

  return {
    version: 1,
    userId,
    ownUserId: userId,
    allWorkspaceIds,
    hostUserIdsByWorkspace,
    grantedCallIds: apiGrantsHonoured(index, userId) ? [...(index.grantedCallIdsByUser.get(userId) ?? [])] : [],
    privateCalls: PRIVATE_CALLS_RULE,
  };
}

/**
 * The sorted host ids a scope covers. Users of one profile usually share a scope (the same
 * team leads), so the list is memoized on the index and computed once per distinct scope.
 */
function scopeHosts(index: AccessIndex, scope: CallsScope): readonly string[] {
  const key = `${scope.teamLeadIds.join(',')}|${scope.reportRootIds.join(',')}`;
  const memo = index.scopeHostsMemo.get(key);
  if (memo) return memo;
  const hosts = new Set<string>();
  for (const leadId of scope.teamLeadIds) {
    hosts.add(leadId);
    for (const id of index.hierarchy.descendantsOf(leadId)) hosts.add(id);
  }
  for (const rootId of scope.reportRootIds) {
    for (const id of index.hierarchy.descendantsOf(rootId)) hosts.add(id);
  }
  const sorted = [...hosts].sort(compareGongIds);
  index.scopeHostsMemo.set(key, sorted);
  return sorted;
}

/** One user's AccessFilter straight from a model. For many users, build the index once. */
export function computeFilter(model: AccessModel, userId: string): AccessFilter {
  return filterFor(buildAccessIndex(model), userId);
}
