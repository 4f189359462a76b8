import { z } from 'zod';
import { GongIdSchema } from '../gong/gong-id.js';

/** The only private-call rule there is: private calls match the own-call clause and nothing else. */
export const PRIVATE_CALLS_RULE = 'owner-and-participants-only';

/**
 * What one user may see, as plain JSON data that travels over NATS and that each search adapter
 * turns into a clause applied inside its query. A call (see `CallFacts`) matches when
 *
 * ```
 *   ownUserId != null && (hostUserId == ownUserId || ownUserId in participantUserIds)
 *   OR (
 *     NOT isPrivate AND (
 *          callId in grantedCallIds
 *       OR workspaceId in allWorkspaceIds
 *       OR some entry e of hostUserIdsByWorkspace: workspaceId == e.workspaceId AND hostUserId in e.hostUserIds
 *     )
 *   )
 * ```
 *
 * A null `workspaceId` or `hostUserId` on a call matches no clause that names one. An unknown or
 * inactive user gets the deny-all filter (`ownUserId: null`, every list empty), which matches
 * nothing. Lists are sorted (numeric order) and free of duplicates; `hostUserIdsByWorkspace`
 * never lists a workspace of `allWorkspaceIds`, never has an empty `hostUserIds`, and never
 * contains the user themself (the own clause covers them). The object is strict: a filter with a
 * field this version does not know is rejected, so no adapter silently ignores a restriction.
 *
 * In Elasticsearch terms: `bool.should` [ `term hostUserId`, `term participantUserIds` ] plus
 * `bool{ must_not: term isPrivate=true, should: [terms callId, terms workspaceId,
 * bool{term workspaceId, terms hostUserId} per entry] }`, `minimum_should_match: 1`.
 */
export const AccessFilterSchema = z.strictObject({
  version: z.literal(1),
  userId: GongIdSchema,
  ownUserId: GongIdSchema.nullable(),
  allWorkspaceIds: z.array(GongIdSchema),
  hostUserIdsByWorkspace: z.array(
    z.strictObject({
      workspaceId: GongIdSchema,
      hostUserIds: z.array(GongIdSchema).min(1),
    }),
  ),
  grantedCallIds: z.array(GongIdSchema),
  privateCalls: z.literal(PRIVATE_CALLS_RULE),
});
export type AccessFilter = z.infer<typeof AccessFilterSchema>;

/** The filter that matches nothing: for unknown or inactive users, and for failing closed. */
export function denyAllAccessFilter(userId: string): AccessFilter {
  return {
    version: 1,
    userId,
    ownUserId: null,
    allWorkspaceIds: [],
    hostUserIdsByWorkspace: [],
    grantedCallIds: [],
    privateCalls: PRIVATE_CALLS_RULE,
  };
}
