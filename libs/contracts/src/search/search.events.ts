import { z } from 'zod';
import { GongIdSchema, IsoDateTimeSchema } from '../gong/gong-id.js';
import { CallSourceSchema } from '../ingest/ingest.events.js';

/** A call's transcript chunks are searchable. Post-call summarizers start from this event. */
export const CallIndexedV1Schema = z.object({
  callId: GongIdSchema,
  title: z.string(),
  started: IsoDateTimeSchema,
  workspaceId: GongIdSchema.nullable(),
  accounts: z.array(z.object({ id: z.string(), name: z.string() })),
  hostUserId: GongIdSchema.nullable(),
  participantUserIds: z.array(GongIdSchema),
  chunkCount: z.number().int().nonnegative(),
  indexedAt: IsoDateTimeSchema,
  webhookReceivedAt: IsoDateTimeSchema.optional(),
  /**
   * How the call reached the replica (from its "call ready" event). Always set by the processor;
   * optional so events stored before it existed still parse. Post-call subscribers skip `backfill`.
   */
  source: CallSourceSchema.optional(),
  /**
   * Whether the call is private in Gong (seen only by its host and participants). Always set by
   * the processor; optional so events stored before it existed still parse. With it, and the
   * host, participants and workspace above, a subscriber can apply an access filter to the event
   * without reading the call; without it (an old event), it must read the call to decide.
   */
  isPrivate: z.boolean().optional(),
});
export type CallIndexedV1 = z.infer<typeof CallIndexedV1Schema>;
