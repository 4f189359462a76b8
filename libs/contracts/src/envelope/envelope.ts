import { z } from 'zod';

/**
 * The message envelope. It travels in NATS headers (never in the payload) so that payload schemas
 * stay about the domain. `correlationId` follows a piece of work across services; `causationId`
 * is the id of the message that caused this one.
 */
export const EnvelopeSchema = z.object({
  id: z.string().min(1),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).optional(),
  occurredAt: z.iso.datetime({ offset: true }),
  /** W3C trace context of the span that sent the message (present only while tracing is on). */
  traceparent: z.string().regex(/^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/).optional(),
  tracestate: z.string().max(512).optional(),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

export const EnvelopeHeader = {
  id: 'gc-message-id',
  correlationId: 'gc-correlation-id',
  causationId: 'gc-causation-id',
  occurredAt: 'gc-occurred-at',
  /** The W3C names, so any OpenTelemetry-aware NATS tool follows the trace too. */
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

export interface EnvelopeSource {
  newId(): string;
  now(): Date;
}

/** A new envelope; with `cause` it continues that message's correlation. */
export function newEnvelope(source: EnvelopeSource, cause?: Pick<Envelope, 'id' | 'correlationId'>): Envelope {
  const id = source.newId();
  return {
    id,
    correlationId: cause?.correlationId ?? id,
    ...(cause ? { causationId: cause.id } : {}),
    occurredAt: source.now().toISOString(),
  };
}

export function envelopeToHeaders(envelope: Envelope): Record<string, string> {
  const out: Record<string, string> = {
    [EnvelopeHeader.id]: envelope.id,
    [EnvelopeHeader.correlationId]: envelope.correlationId,
    [EnvelopeHeader.occurredAt]: envelope.occurredAt,
  };
  if (envelope.causationId) out[EnvelopeHeader.causationId] = envelope.causationId;
  if (envelope.traceparent) out[EnvelopeHeader.traceparent] = envelope.traceparent;
  if (envelope.traceparent && envelope.tracestate) out[EnvelopeHeader.tracestate] = envelope.tracestate;
  return out;
}

/** Reads an envelope from headers; returns undefined when the headers carry none or a broken one. */
export function envelopeFromHeaders(get: (name: string) => string | undefined): Envelope | undefined {
  const raw = {
    id: get(EnvelopeHeader.id) || undefined,
    correlationId: get(EnvelopeHeader.correlationId) || undefined,
    causationId: get(EnvelopeHeader.causationId) || undefined,
    occurredAt: get(EnvelopeHeader.occurredAt) || undefined,
  };
  const parsed = EnvelopeSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  // A malformed trace context is dropped (a new trace starts), never a reason to refuse the message.
  const trace = EnvelopeSchema.pick({ traceparent: true, tracestate: true }).safeParse({
    traceparent: get(EnvelopeHeader.traceparent)?.trim().toLowerCase() || undefined,
    tracestate: get(EnvelopeHeader.tracestate) || undefined,
  });
  return trace.success && trace.data.traceparent ? { ...parsed.data, ...trace.data } : parsed.data;
}
