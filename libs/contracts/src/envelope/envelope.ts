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
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

export const EnvelopeHeader = {
  id: 'gc-message-id',
  correlationId: 'gc-correlation-id',
  causationId: 'gc-causation-id',
  occurredAt: 'gc-occurred-at',
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
  return parsed.success ? parsed.data : undefined;
}
