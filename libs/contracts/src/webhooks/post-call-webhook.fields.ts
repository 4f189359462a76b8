import { z } from 'zod';
import { GongIdSchema, IsoDateTimeSchema } from '../gong/gong-id.js';

/** The envelope fields every post-call webhook body (`call.indexed`, `tracker.mentioned`) starts with. */
export const postCallEnvelopeFields = {
  /** `<callId>@<indexedAt>`: the same call indexed again is a new event. */
  eventId: z.string().min(1),
  occurredAt: IsoDateTimeSchema,
};

/** The call fields every post-call webhook body's `data` starts with. */
export const postCallDataFields = {
  callId: GongIdSchema,
  title: z.string(),
  started: IsoDateTimeSchema,
  workspaceId: GongIdSchema.nullable(),
  accounts: z.array(z.strictObject({ id: z.string(), name: z.string() })),
  host: z.strictObject({ userId: GongIdSchema.nullable(), name: z.string().nullable(), email: z.string().nullable() }),
};

/** Links to the call, fetched with the receiver's own token (permissions still apply). */
export const PostCallLinksSchema = z.strictObject({ call: z.url(), transcript: z.url(), note: z.string() });

/**
 * The core NATS subject on which agent-api relays a subscription's events of one kind (the webhook
 * body), filtered exactly like its webhook.
 */
export function subscriptionEventSubject(subscriptionId: string, kind: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(subscriptionId)) throw new Error('a subscription id names one NATS subject token (letters, digits, _ and -)');
  return `agent.subscription.${subscriptionId}.${kind}.v1`;
}
