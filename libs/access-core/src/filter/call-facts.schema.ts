import { z } from 'zod';
import { GongIdSchema } from '@gong-connector/contracts';
import type { AccessCall } from '../model/access-call.schema.js';

/**
 * The facts of a call that the search index stores beside every chunk, and that an
 * `AccessFilter` is evaluated against (by `matchesFilter` here, by a query clause in the adapters).
 */
export const CallFactsSchema = z.object({
  callId: GongIdSchema,
  workspaceId: GongIdSchema.nullable(),
  hostUserId: GongIdSchema.nullable(),
  participantUserIds: z.array(GongIdSchema),
  isPrivate: z.boolean(),
});
export type CallFacts = z.infer<typeof CallFactsSchema>;

/** The indexed facts of a call. */
export function toCallFacts(call: AccessCall): CallFacts {
  return {
    callId: call.id,
    workspaceId: call.workspaceId,
    hostUserId: call.primaryUserId,
    participantUserIds: [...call.participantUserIds],
    isPrivate: call.isPrivate,
  };
}
