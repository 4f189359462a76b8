import { z } from 'zod';

/**
 * The levels of a Gong permission profile's `callsAccess.permissionLevel`, spelled exactly as
 * Gong's spec spells them (CallAccessWithPermissionLevel.permissionLevel; GONG-API.md §6.2).
 */
export const CallsPermissionLevelSchema = z.enum(['all', 'managers-team', 'report-to-them', 'own', 'none']);
export type CallsPermissionLevel = z.infer<typeof CallsPermissionLevelSchema>;

/**
 * Maps Gong's raw `permissionLevel` to a level. Gong's five exact strings map to themselves.
 * Anything else fails closed to `none`: the spec enum's generator artefact
 * `"all / managers-team / report-to-them / own / none"`, a missing value, another case or
 * spelling, or a level Gong adds later.
 */
export function toCallsPermissionLevel(raw: unknown): CallsPermissionLevel {
  const parsed = CallsPermissionLevelSchema.safeParse(raw);
  return parsed.success ? parsed.data : 'none';
}
