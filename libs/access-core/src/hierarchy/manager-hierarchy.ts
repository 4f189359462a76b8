/** A user's place in the reporting tree: their id and Gong's `managerId`. */
export interface ManagerLink {
  readonly id: string;
  readonly managerId: string | null;
}

/**
 * The manager graph (`managerId` from `/v2/users`), made safe to walk.
 *
 * An edge "X reports to M" is trusted only when M is a known user and X is not on a manager
 * cycle (following managers from X never comes back to X; a user who is their own manager is a
 * cycle of one). Users on a cycle are treated as having no manager; users below a cycle still
 * report to the cycle member they name. A dangling `managerId` (unknown user) is treated as no
 * manager. The trusted edges form a forest, so no user is ever below themself, and every walk
 * terminates. This is the narrower reading: a corrupt manager graph never widens access.
 *
 * Building is O(users); `descendantsOf` is O(subtree) the first time per user, then memoized.
 */
export class ManagerHierarchy {
  private readonly parentOf = new Map<string, string>();
  private readonly childrenOf = new Map<string, string[]>();
  private readonly descendantsMemo = new Map<string, readonly string[]>();

  constructor(users: Iterable<ManagerLink>) {
    const managerOf = new Map<string, string | null>();
    for (const user of users) managerOf.set(user.id, user.managerId);

    // Each user has at most one manager, so the graph is functional: one walk per unvisited
    // user finds every cycle in O(users) overall.
    const state = new Map<string, 'walking' | 'done'>();
    const onCycle = new Set<string>();
    for (const start of managerOf.keys()) {
      if (state.has(start)) continue;
      const path: string[] = [];
      let current: string | null | undefined = start;
      while (current != null && managerOf.has(current) && !state.has(current)) {
        state.set(current, 'walking');
        path.push(current);
        current = managerOf.get(current);
      }
      if (current != null && state.get(current) === 'walking') {
        for (let i = path.indexOf(current); i < path.length; i += 1) onCycle.add(path[i]);
      }
      for (const id of path) state.set(id, 'done');
    }

    for (const [id, managerId] of managerOf) {
      if (managerId === null || onCycle.has(id) || !managerOf.has(managerId)) continue;
      this.parentOf.set(id, managerId);
      const siblings = this.childrenOf.get(managerId);
      if (siblings) siblings.push(id);
      else this.childrenOf.set(managerId, [id]);
    }
  }

  /** Everyone below `id`, transitively, excluding `id` itself. Empty for unknown users. */
  descendantsOf(id: string): readonly string[] {
    const memo = this.descendantsMemo.get(id);
    if (memo) return memo;
    const out: string[] = [];
    const stack = [...(this.childrenOf.get(id) ?? [])];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      out.push(next);
      const children = this.childrenOf.get(next);
      if (children) stack.push(...children);
    }
    this.descendantsMemo.set(id, out);
    return out;
  }

  /** Whether `id` is strictly below `ancestorId`, following trusted edges only. */
  isBelow(id: string, ancestorId: string): boolean {
    let current = this.parentOf.get(id);
    while (current !== undefined) {
      if (current === ancestorId) return true;
      current = this.parentOf.get(current);
    }
    return false;
  }
}
