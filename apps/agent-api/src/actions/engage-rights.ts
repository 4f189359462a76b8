import type { PermissionProfileRecord } from '@gong-connector/persistence';

/** The Gong permission-profile capabilities that let a user act on others' Engage flows and to-dos. */
export const ENGAGE_FOR_OTHERS = {
  /** Assign (and unassign) flow to-dos owned by another user. */
  assignFlows: 'engageAssignFlowToDosToOthers',
  /** See and change another user's to-dos. */
  manageTasks: 'engageReassignFlowToDosToOthers',
} as const;

export type EngageRight = keyof typeof ENGAGE_FOR_OTHERS;

/**
 * Whether a user holds an Engage capability for others, from the replicated permission profiles.
 * The narrower reading: every profile the user holds (one per workspace) must grant it; a user in
 * no profile, or a profile that does not say, has it not.
 */
export function hasEngageRight(profiles: readonly Pick<PermissionProfileRecord, 'raw' | 'userIds'>[], userId: string, right: EngageRight): boolean {
  const held = profiles.filter((p) => p.userIds.includes(userId));
  const flag = ENGAGE_FOR_OTHERS[right];
  return held.length > 0 && held.every((p) => typeof p.raw === 'object' && p.raw !== null && (p.raw as Record<string, unknown>)[flag] === true);
}
