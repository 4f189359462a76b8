import { z } from 'zod';
import { IsoDateTimeSchema } from '../gong/gong-id.js';
import { PostCallLinksSchema, postCallDataFields, postCallEnvelopeFields, subscriptionEventSubject } from './post-call-webhook.fields.js';

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
  ...postCallEnvelopeFields,
  data: z.strictObject({
    ...postCallDataFields,
    /** The mentions of the trackers the subscription chose (every tracker when it chose none). */
    mentions: z.array(TrackerMentionSchema).min(1),
    indexedAt: IsoDateTimeSchema,
    links: PostCallLinksSchema,
  }),
});
export type TrackerMentionedWebhookV1 = z.infer<typeof TrackerMentionedWebhookV1Schema>;

/**
 * The core NATS subject on which agent-api relays a subscription's `tracker.mentioned` events (the
 * webhook body), filtered exactly like its webhook.
 */
export function subscriptionTrackerMentionedSubject(subscriptionId: string): string {
  return subscriptionEventSubject(subscriptionId, 'tracker-mentioned');
}
