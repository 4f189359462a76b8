import { z } from 'zod';
import { ErrorCode } from '../errors/error-code.js';
import { IsoDateTimeSchema } from '../gong/gong-id.js';

/**
 * Quota broker contracts. Every Gong request of every service is preceded by a `quota.acquire.v1`
 * (ask for a permit, naming a priority) and followed by a `quota.report.v1` (what Gong answered).
 * The broker's `GET /v1/quota` answers with a {@link QuotaStateV1}.
 *
 * Times on the wire are ISO 8601 date-times with an offset (`2026-03-01T12:00:00.000Z`), like the
 * message envelope; durations are integer milliseconds (`...Ms`) or, where Gong speaks seconds,
 * seconds (`retryAfterSeconds`).
 */

/** Priorities, highest first. The order is part of the contract. */
export const QUOTA_PRIORITIES = ['interactive', 'post-call', 'sync', 'backfill'] as const;
export const QuotaPrioritySchema = z.enum(QUOTA_PRIORITIES);
export type QuotaPriority = z.infer<typeof QuotaPrioritySchema>;

/**
 * `quota.acquire.v1` request: "may I send `cost` requests to Gong?".
 *
 * - `deadline`: an absolute ISO date-time (not a duration, so time spent in NATS counts). The broker
 *   never grants at or after it: it replies with a refusal (`QUOTA_DEADLINE_EXCEEDED`, or
 *   `QUOTA_PAUSED` when a Gong pause outlasts it) instead. Set it a little before the NATS request
 *   timeout so the requester gets an explicit answer, never a timeout. Clocks are assumed NTP-synced.
 * - `cost`: Gong requests covered by one permit (a batch permit); its requests may be sent back to
 *   back. The broker refuses (VALIDATION_FAILED) a cost above what the priority may hold in one
 *   pacing window: by default 3 for interactive and post-call, 2 for sync and backfill.
 * - `requester`: service and instance (`ingest/7f9c`), for logs and metrics.
 * - `operation`: optional Gong operation (`POST /v2/calls/transcript`), for logs and metrics.
 */
export const QuotaAcquireRequestV1Schema = z.object({
  priority: QuotaPrioritySchema,
  cost: z.number().int().min(1).max(100).default(1),
  requester: z.string().min(1).max(200),
  deadline: IsoDateTimeSchema,
  correlationId: z.string().min(1).max(200).optional(),
  operation: z.string().min(1).max(200).optional(),
});
export type QuotaAcquireRequestV1 = z.infer<typeof QuotaAcquireRequestV1Schema>;
/** What a requester sends (`cost` may be left out). */
export type QuotaAcquireRequestV1Input = z.input<typeof QuotaAcquireRequestV1Schema>;

/**
 * A permit. Send the Gong request(s) right away, then report with `permitId`. The budget is spent
 * at grant time; a permit not reported before `leaseExpiresAt` stays spent.
 */
export const QuotaGrantV1Schema = z.object({
  granted: z.literal(true),
  permitId: z.string().min(1),
  leaseExpiresAt: IsoDateTimeSchema,
  /** Gong requests this permit covers (the request's `cost`). */
  tokens: z.number().int().min(1),
  /** How long the request waited in the broker's queue. */
  waitedMs: z.number().int().nonnegative(),
});
export type QuotaGrantV1 = z.infer<typeof QuotaGrantV1Schema>;

/**
 * A refusal. `code` is a stable {@link ErrorCode} (QUOTA_EXHAUSTED, QUOTA_DEADLINE_EXCEEDED,
 * QUOTA_PAUSED, QUOTA_BREAKER_OPEN, RATE_LIMITED for a full queue, VALIDATION_FAILED); `reason`
 * is for a person; `retryAfterMs` is a hint for when asking again may succeed.
 */
export const QuotaRefusalV1Schema = z.object({
  granted: z.literal(false),
  code: z.enum(ErrorCode),
  reason: z.string().min(1),
  retryAfterMs: z.number().int().nonnegative(),
});
export type QuotaRefusalV1 = z.infer<typeof QuotaRefusalV1Schema>;

export const QuotaAcquireReplyV1Schema = z.discriminatedUnion('granted', [QuotaGrantV1Schema, QuotaRefusalV1Schema]);
export type QuotaAcquireReplyV1 = z.infer<typeof QuotaAcquireReplyV1Schema>;

/**
 * What became of a permit: Gong's HTTP status, `transport-error` (no HTTP answer: timeout, reset,
 * DNS), or `not-sent` (the requester decided not to send it; the broker gives the budget back).
 */
export const QuotaReportStatusSchema = z.union([
  z.number().int().min(100).max(599),
  z.enum(['transport-error', 'not-sent']),
]);
export type QuotaReportStatus = z.infer<typeof QuotaReportStatusSchema>;

/**
 * `quota.report.v1` request. Report every permit once, after its last Gong request. With a 429,
 * pass Gong's `Retry-After` converted to seconds (an HTTP-date becomes seconds from now); leave it
 * out when Gong sent none. For a batch permit report the worst status (429 over anything else).
 */
export const QuotaReportRequestV1Schema = z.object({
  permitId: z.string().min(1),
  status: QuotaReportStatusSchema,
  retryAfterSeconds: z.number().nonnegative().max(7 * 24 * 3600).optional(),
  requester: z.string().min(1).max(200).optional(),
  correlationId: z.string().min(1).max(200).optional(),
});
export type QuotaReportRequestV1 = z.infer<typeof QuotaReportRequestV1Schema>;

/** Ack of a report. `known` is false for a permit the broker no longer tracks (expired, restart). */
export const QuotaReportReplyV1Schema = z.object({ ok: z.literal(true), known: z.boolean() });
export type QuotaReportReplyV1 = z.infer<typeof QuotaReportReplyV1Schema>;

const count = z.number().int().nonnegative();
const perPriority = <T extends z.ZodType>(schema: T) => z.record(QuotaPrioritySchema, schema);

export const QuotaBreakerStateSchema = z.enum(['closed', 'open', 'half-open']);
export type QuotaBreakerState = z.infer<typeof QuotaBreakerStateSchema>;

export const QuotaPauseReasonSchema = z.enum(['rate-limited', 'restart']);
export type QuotaPauseReason = z.infer<typeof QuotaPauseReasonSchema>;

/** The broker's `GET /v1/quota` body. */
export const QuotaStateV1Schema = z.object({
  at: IsoDateTimeSchema,
  day: z.object({
    key: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    startsAt: IsoDateTimeSchema,
    endsAt: IsoDateTimeSchema,
  }),
  /** Gong requests granted today (an upper bound after a restart). */
  used: count,
  limit: count,
  remaining: count,
  /** The spend the broker has durably recorded ahead of itself (never below `used`). */
  persistedUsed: count,
  /** Per priority: refused once `remaining` would drop below `minRemaining`; `available` left to it today. */
  reserves: perPriority(z.object({ minRemaining: count, available: count, open: z.boolean() })),
  pausedUntil: IsoDateTimeSchema.nullable(),
  pauseReason: QuotaPauseReasonSchema.nullable(),
  breaker: z.object({
    state: QuotaBreakerStateSchema,
    /** When an open breaker lets a probe through. */
    retryAt: IsoDateTimeSchema.nullable(),
    /** 429s counted in the breaker's window. */
    recentRateLimited: count,
    probeInFlight: z.boolean(),
  }),
  queueDepth: perPriority(count),
  inFlight: count,
  rate: z.object({
    /** The configured ceiling (Gong's limit). */
    limitPerSecond: z.number().positive(),
    /** The rate in force now: 0 while paused, lower while ramping back up. */
    currentPerSecond: z.number().nonnegative(),
    /** The sliding window the ceiling is enforced over (1 s plus a safety margin). */
    windowMs: count,
    grantsInWindow: count,
  }),
});
export type QuotaStateV1 = z.infer<typeof QuotaStateV1Schema>;

/**
 * `quota.state.v1` request: the leader broker's {@link QuotaStateV1} over NATS (what `GET /v1/quota`
 * answers), for a service that decides before it asks for a permit (meeting prep skips its live
 * check while the breaker is open). No standby answers it.
 */
export const QuotaStateRequestV1Schema = z.strictObject({});
export type QuotaStateRequestV1 = z.infer<typeof QuotaStateRequestV1Schema>;
