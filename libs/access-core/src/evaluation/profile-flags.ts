import type { ProfileFlag } from '../model/access-domain.js';
import { PROFILE_FLAGS } from '../model/access-domain.js';
import type { AccessProfile } from '../model/access-model.schema.js';
import type { AccessIndex } from './access-index.builder.js';

/**
 * Whether one profile grants a boolean. A profile with no `flags` object models calls access
 * alone and restricts nothing; otherwise only an explicit `true` grants (Gong leaving a boolean
 * out reads as `false` [narrower]).
 */
export function profileAllows(profile: AccessProfile, flag: ProfileFlag): boolean {
  return profile.flags === undefined || profile.flags[flag] === true;
}

/** Every profile that lists the user in a known workspace, the conflicting ones included. */
export function profilesHeldBy(index: AccessIndex, userId: string): AccessProfile[] {
  const held: AccessProfile[] = [];
  for (const workspaceId of index.workspaceIds) {
    const access = index.profilesByWorkspace.get(workspaceId)?.get(userId);
    if (access?.kind === 'profile') held.push(access.profile);
    else if (access?.kind === 'conflicting-profiles') held.push(...access.profiles);
  }
  return held;
}

/**
 * Whether a user holds a boolean company-wide: a known, active user who holds at least one
 * profile, every one of which grants it [narrower: one workspace saying no is enough to refuse
 * company-wide data such as account research].
 */
export function userHoldsFlag(index: AccessIndex, userId: string, flag: ProfileFlag): boolean {
  const user = index.users.get(userId);
  if (user === undefined || !user.active) return false;
  const held = profilesHeldBy(index, userId);
  return held.length > 0 && held.every((p) => profileAllows(p, flag));
}

/** Every enforced boolean of a user (see `userHoldsFlag`). */
export function userFlags(index: AccessIndex, userId: string): Record<ProfileFlag, boolean> {
  const out = {} as Record<ProfileFlag, boolean>;
  for (const flag of PROFILE_FLAGS) out[flag] = userHoldsFlag(index, userId, flag);
  return out;
}

/**
 * Whether users-access API grants are honoured for a user: not when any profile they hold turns
 * `callsAndSearch` off (a grant is not scoped to a workspace, so one "no" withholds them all
 * [narrower]). A user in no profile keeps their grants, as before.
 */
export function apiGrantsHonoured(index: AccessIndex, userId: string): boolean {
  return profilesHeldBy(index, userId).every((p) => profileAllows(p, 'callsAndSearch'));
}
