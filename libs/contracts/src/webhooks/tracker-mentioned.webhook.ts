import { z } from 'zod';
import { GongIdSchema, IsoDateTimeSchema } from '../gong/gong-id.js';

/** The outbound event name subscriptions list (`POST /admin/webhooks {"events":["tracker.mentioned"],"trackers":["Competitors"]}`). */
export const TRACKER_MENTIONED_WEBHOOK_EVENT = 'tracker.mentioned';

/** One tracker that fired on the call: the phrases heard (null for a tracker without phrase detail) and what was said. */
export const TrackerMentionSchema = z.strictObject({
  tracker: z.strictObject({ id: z.string(), name: z.string() }),
  /** The keyword heard (a competitor's name for a Competitors tracker); null when Gong gave no phrase detail. */
  phrase: z.string().nullable(),
  count: z.number().int().nonnegative(),
  quotes: z.array(
    z.strictObject({
      /** The transcript sentence said then; null when the transcript holds none at that moment. */
      text: z.string().nullable(),
      atSeconds: z.number().nonnegative(),
      speaker: z.strictObject({ name: z.string().nullable(), affiliation: z.enum(['Internal', 'External', 'Unknown']) }),
    }),
  ),
});
export type TrackerMention = z.infer<typeof TrackerMentionSchema>;

/**
 * The public body of agent-api's outbound `tracker.mentioned` webhook, version 1: a newly indexed
 * call that mentions a tracker (or competitor) a subscription chose, with the mentions and what
 * was said, sent only to subscriptions whose principal may see the call (signed like `call.indexed`).
 * A public API shape: a change that is not additive is a new version.
 */
export const TrackerMentionedWebhookV1Schema = z.strictObject({
  event: z.literal(TRACKER_MENTIONED_WEBHOOK_EVENT),
  /** `<callId>@<indexedAt>`: the same call indexed again is a new event. */
  eventId: z.string().min(1),
  occurredAt: IsoDateTimeSchema,
  data: z.strictObject({
    callId: GongIdSchema,
    title: z.string(),
    started: IsoDateTimeSchema,
    workspaceId: GongIdSchema.nullable(),
    accounts: z.array(z.strictObject({ id: z.string(), name: z.string() })),
    host: z.strictObject({ userId: GongIdSchema.nullable(), name: z.string().nullable(), email: z.string().nullable() }),
    /** The mentions of the trackers the subscription chose (every tracker when it chose none). */
    mentions: z.array(TrackerMentionSchema).min(1),
    indexedAt: IsoDateTimeSchema,
    links: z.strictObject({ call: z.url(), transcript: z.url(), note: z.string() }),
  }),
});
export type TrackerMentionedWebhookV1 = z.infer<typeof TrackerMentionedWebhookV1Schema>;

/**
 * The core NATS subject on which agent-api relays a subscription's `tracker.mentioned` events (the
 * webhook body), filtered exactly like its webhook.
 */
export function subscriptionTrackerMentionedSubject(subscriptionId: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(subscriptionId)) throw new Error('a subscription id names one NATS subject token (letters, digits, _ and -)');
  return `agent.subscription.${subscriptionId}.tracker-mentioned.v1`;
}
