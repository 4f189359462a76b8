import { AccessChangedV1Schema } from '../access/access.events.js';
import { AccessFilterRequest } from '../access/access.requests.js';
import { CallFetchedV1Schema, CallPurgedV1Schema } from '../ingest/ingest.events.js';
import { WebhookReceivedV1Schema } from '../ingest/webhook.events.js';
import { MessageDeadLetteredV1Schema } from '../platform/platform.events.js';
import {
  QuotaAcquireReplyV1Schema,
  QuotaAcquireRequestV1Schema,
  QuotaReportReplyV1Schema,
  QuotaReportRequestV1Schema,
  QuotaStateRequestV1Schema,
  QuotaStateV1Schema,
} from '../quota/quota.requests.js';
import { CallIndexedV1Schema } from '../search/search.events.js';
import { defineEvent, defineRequest, type EventContract, type RequestContract } from './contract.js';

/**
 * Durable events, declared once. Subjects follow `<domain>.<entity>.<past-tense>.v<N>`; publishers
 * and handlers are both typed from these contracts.
 */
export const Events = {
  /** "Call ready" for bulk work (sync, backfill): the transcript processor's bulk lane. */
  callFetched: defineEvent('ingest.call.fetched.v1', CallFetchedV1Schema),
  /**
   * "Call ready" for a call someone is waiting on (source webhook or live): the post-call lane,
   * consumed apart from the bulk one so a backfill's events never queue ahead of it.
   */
  postCallFetched: defineEvent('ingest.post-call.fetched.v1', CallFetchedV1Schema),
  webhookReceived: defineEvent('ingest.webhook.received.v1', WebhookReceivedV1Schema),
  callIndexed: defineEvent('search.call.indexed.v1', CallIndexedV1Schema),
  accessChanged: defineEvent('access.users.changed.v1', AccessChangedV1Schema),
  messageDeadLettered: defineEvent('platform.message.deadlettered.v1', MessageDeadLetteredV1Schema),
  /** A call Gong no longer has was purged from the replica and every index. */
  callPurged: defineEvent('ingest.call.purged.v1', CallPurgedV1Schema),
} as const satisfies Record<string, EventContract>;

/**
 * Request/reply exchanges over core NATS, declared once. Subjects follow `<domain>.<verb>.v<N>`.
 * Each domain adds its own contracts here as it lands.
 */
export const Requests = {
  quotaAcquire: defineRequest('quota.acquire.v1', QuotaAcquireRequestV1Schema, QuotaAcquireReplyV1Schema),
  quotaReport: defineRequest('quota.report.v1', QuotaReportRequestV1Schema, QuotaReportReplyV1Schema),
  accessFilter: AccessFilterRequest,
  /** The leader broker's quota state (breaker, pause, budget), as `GET /v1/quota` answers it. */
  quotaState: defineRequest('quota.state.v1', QuotaStateRequestV1Schema, QuotaStateV1Schema),
} as const satisfies Record<string, RequestContract>;

/**
 * JetStream streams. Only event subjects are captured; request/reply subjects must never match a
 * stream (JetStream would answer the requester with a PubAck).
 */
const DAY_MS = 86_400_000;

/**
 * Retention: a stream keeps each message for `maxAgeMs` (acknowledged or not), so it never grows
 * without bound and a durable created later replays at most that much. Long enough for a consumer
 * to be down over a long weekend; the replica and the outbox sweep, not the stream, are the record.
 */
export const Streams = {
  calls: {
    name: 'GC_CALLS',
    subjects: [Events.callFetched.subject, Events.postCallFetched.subject, Events.callIndexed.subject, Events.callPurged.subject],
    maxAgeMs: 14 * DAY_MS,
  },
  ingest: { name: 'GC_INGEST', subjects: [Events.webhookReceived.subject], maxAgeMs: 14 * DAY_MS },
  access: { name: 'GC_ACCESS', subjects: [Events.accessChanged.subject], maxAgeMs: 7 * DAY_MS },
  deadLetter: { name: 'GC_DEADLETTER', subjects: [Events.messageDeadLettered.subject], maxAgeMs: 30 * DAY_MS },
} as const satisfies Record<string, StreamDefinition>;

export type StreamDefinition = {
  readonly name: string;
  readonly subjects: readonly string[];
  /** How long the stream keeps a message (unset: for ever). */
  readonly maxAgeMs?: number;
};
