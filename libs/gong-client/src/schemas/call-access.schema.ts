import { z } from 'zod';
import { Wire } from './wire.schema.js';

/**
 * `CallAccessDetails` (spec): users given access to a call **through the API** (not shares, not
 * profile-based access). An empty or absent list is normal.
 */
export const CallAccessDetailsSchema = z.object({
  callId: Wire.gongId,
  users: Wire.optional(z.array(z.object({ userId: Wire.gongId }))),
});
export type CallAccessDetails = z.output<typeof CallAccessDetailsSchema>;

/** POST /v2/calls/users-access. */
export const CallsAccessResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  callAccessList: z.array(CallAccessDetailsSchema),
});
