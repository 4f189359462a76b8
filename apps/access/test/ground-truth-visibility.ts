import type { CompanyGroundTruth } from '@gong-connector/testing/gong-sim';

/**
 * Test oracle, written from gong-sim's ground truth with plain loops and nothing from
 * access-core: the calls each user may see under the rules in README "Access rules".
 *
 * - Only active, non-avatar users see anything (avatars are Gong staff: not synced).
 * - Everyone sees the calls they host or take part in, private ones included.
 * - Private calls: nothing else. API grants (usersAccess) open non-private calls.
 * - Otherwise the one profile of the call's workspace holding the user decides (several: none):
 *   all = every call of the workspace; managers-team = calls hosted by a listed lead or anyone
 *   below one; report-to-them = calls hosted by anyone strictly below the listed leads, or below
 *   the user when none are listed; own, none, unknown levels = nothing more.
 */
export function expectedVisibleCalls(truth: CompanyGroundTruth): Map<string, Set<string>> {
  const calls = truth.calls ?? [];
  const users = new Map(truth.users.map((u) => [u.id, u]));
  const grants = new Map(truth.usersAccess.map((g) => [g.callId, new Set(g.userIds)]));

  const isBelow = (userId: string, ancestorId: string): boolean => {
    const seen = new Set<string>();
    let current = truth.reportsTo[userId];
    while (current !== undefined && !seen.has(current)) {
      if (current === ancestorId) return true;
      seen.add(current);
      current = truth.reportsTo[current];
    }
    return false;
  };

  const visible = new Map<string, Set<string>>();
  for (const user of truth.users) {
    const mine = new Set<string>();
    visible.set(user.id, mine);
    if (!user.active || user.isAvatar) continue;
    for (const call of calls) {
      if (call.primaryUserId === user.id || call.participantUserIds.includes(user.id)) {
        mine.add(call.id);
        continue;
      }
      if (call.isPrivate) continue;
      if (grants.get(call.id)?.has(user.id)) {
        mine.add(call.id);
        continue;
      }
      const held = truth.profiles.filter((p) => p.workspaceId === call.workspaceId && p.userIds.includes(user.id));
      if (held.length !== 1) continue;
      const { permissionLevel, teamLeadIds } = held[0].callsAccess;
      const knownLeads = (teamLeadIds ?? []).filter((id) => users.has(id));
      const host = call.primaryUserId;
      let sees = false;
      if (permissionLevel === 'all') sees = true;
      else if (permissionLevel === 'managers-team') sees = knownLeads.some((lead) => host === lead || isBelow(host, lead));
      else if (permissionLevel === 'report-to-them') {
        const roots = teamLeadIds === null || teamLeadIds.length === 0 ? [user.id] : knownLeads;
        sees = roots.some((root) => isBelow(host, root));
      }
      if (sees) mine.add(call.id);
    }
  }
  return visible;
}
