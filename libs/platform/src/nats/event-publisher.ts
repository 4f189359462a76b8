import { headers as natsHeaders } from '@nats-io/transport-node';
import {
  envelopeToHeaders,
  newEnvelope,
  validate,
  type Envelope,
  type EventContract,
  type PayloadOf,
} from '@gong-connector/contracts';
import { SpanKind } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import { messagingAttributes } from '../tracing/messaging.attributes.js';
import { inSpan } from '../tracing/span-runner.js';
import { currentTraceCarrier } from '../tracing/trace-context.js';
import type { NatsClient } from './nats-client.js';

export interface PublishOptions {
  /** Continue the correlation of the message that caused this one. */
  cause?: Pick<Envelope, 'id' | 'correlationId'>;
  /** A deterministic id makes a retried publish a no-op within the stream's duplicate window. */
  messageId?: string;
}

/**
 * Publishes durable events: validates the payload with the contract's schema, puts the envelope
 * in headers, and resolves only once JetStream has stored the message (PubAck).
 */
export class EventPublisher {
  constructor(
    private readonly nats: NatsClient,
    private readonly clock: { now(): number } = { now: () => Date.now() },
  ) {}

  async publish<C extends EventContract>(
    contract: C,
    payload: PayloadOf<C>,
    options: PublishOptions = {},
  ): Promise<{ envelope: Envelope; seq: number; duplicate: boolean }> {
    const data = validate(contract.schema, payload, `${contract.subject} payload`);
    const base = newEnvelope(
      { newId: () => options.messageId ?? randomUUID(), now: () => new Date(this.clock.now()) },
      options.cause,
    );
    const body = JSON.stringify(data);
    return inSpan(
      `publish ${contract.subject}`,
      { kind: SpanKind.PRODUCER, attributes: messagingAttributes({ type: 'send', name: 'publish' }, contract.subject, { messageId: base.id, bodySize: Buffer.byteLength(body) }) },
      async () => {
        // The publish span is the consumers' parent: its context travels in the envelope's headers.
        const envelope: Envelope = { ...base, ...currentTraceCarrier() };
        const hdrs = natsHeaders();
        for (const [k, v] of Object.entries(envelopeToHeaders(envelope))) hdrs.set(k, v);
        const ack = await this.nats.js.publish(contract.subject, body, {
          headers: hdrs,
          msgID: envelope.id,
        });
        return { envelope, seq: ack.seq, duplicate: ack.duplicate };
      },
    );
  }
}
