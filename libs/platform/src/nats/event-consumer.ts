import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import {
  AppError,
  ErrorCode,
  Events,
  envelopeFromHeaders,
  validate,
  type Envelope,
  type EventContract,
  type PayloadOf,
} from '@gong-connector/contracts';
import { SpanKind } from '@opentelemetry/api';
import { withCorrelation } from '../logging/correlation.js';
import { messagingAttributes } from '../tracing/messaging.attributes.js';
import { inSpan, markFailed } from '../tracing/span-runner.js';
import { contextFromCarrier } from '../tracing/trace-context.js';
import type { Logger } from '../logging/create-logger.js';
import type { MetricsRegistry } from '../metrics/metrics.registry.js';
import type { EventPublisher } from './event-publisher.js';
import type { NatsClient } from './nats-client.js';
import { isNotFound } from './nats-client.js';

export interface ConsumerSettings {
  stream: string;
  /** Durable consumer name; its position survives restarts. */
  durable: string;
  /** Deliveries before a failing message goes to the dead-letter subject. */
  maxDeliver?: number;
  /** Delay before each redelivery after a failure (the last value repeats). */
  backoffMs?: readonly number[];
  /** How long the server waits for an ack before redelivering (a crashed handler). */
  ackWaitMs?: number;
  /** Messages handled at once. */
  concurrency?: number;
}

export interface MessageContext {
  envelope: Envelope;
  subject: string;
  deliveryCount: number;
  seq: number;
}

export type EventHandler<C extends EventContract> = (payload: PayloadOf<C>, ctx: MessageContext) => Promise<void>;

/** Thrown by a handler when retrying cannot help: the message goes straight to the dead-letter subject. */
export class PermanentFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentFailure';
  }
}

export interface RunningConsumer {
  stop(): Promise<void>;
  /** Resolves once the loop has ended (after stop or a fatal error). */
  readonly done: Promise<void>;
}

/**
 * A durable pull consumer with explicit ack. A failing handler's message is nak'ed with backoff and
 * redelivered; after `maxDeliver` deliveries (or at once, for an invalid payload or a
 * PermanentFailure) it is published to `platform.message.deadlettered.v1` with the reason and
 * terminated. A message seen more than `maxDeliver` times (a handler that crashed the process) is
 * dead-lettered without running the handler again.
 */
export class EventConsumer {
  constructor(
    private readonly nats: NatsClient,
    private readonly publisher: EventPublisher,
    private readonly logger: Logger,
    private readonly metrics?: MetricsRegistry,
  ) {}

  async start<C extends EventContract>(
    contract: C,
    settings: ConsumerSettings,
    handler: EventHandler<C>,
  ): Promise<RunningConsumer> {
    const maxDeliver = settings.maxDeliver ?? 5;
    const backoff = settings.backoffMs && settings.backoffMs.length > 0 ? settings.backoffMs : [1000, 5000, 15000];
    await this.ensureConsumer(contract.subject, settings);
    this.deadLettered()?.inc({ stream: settings.stream, consumer: settings.durable }, 0);
    const consumer = await this.nats.js.consumers.get(settings.stream, settings.durable);
    const concurrency = Math.max(1, settings.concurrency ?? 1);
    const messages: ConsumerMessages = await consumer.consume({ max_messages: Math.max(concurrency * 2, 10) });
    const inFlight = new Set<Promise<void>>();

    const handleOne = async (msg: JsMsg): Promise<void> => {
      const deliveryCount = msg.info.deliveryCount;
      const envelope = envelopeFromHeaders((name) => msg.headers?.get(name)) ?? {
        id: `${settings.stream}:${msg.seq}`,
        correlationId: `${settings.stream}:${msg.seq}`,
        occurredAt: msg.time.toISOString(),
      };
      const span = {
        kind: SpanKind.CONSUMER,
        parent: contextFromCarrier(envelope),
        attributes: messagingAttributes({ type: 'process', name: 'process' }, msg.subject, {
          messageId: envelope.id,
          consumerGroup: settings.durable,
          deliveryCount,
          bodySize: msg.data.length,
        }),
      };
      // One span per delivery, a child of the publisher's span (its context travels in the envelope).
      await withCorrelation(envelope.correlationId, () => inSpan(`process ${msg.subject}`, span, async (active) => {
        if (deliveryCount > maxDeliver) {
          await this.deadLetter(msg, settings, envelope, `delivered ${deliveryCount} times without an ack (max ${maxDeliver})`);
          return;
        }
        let payload: PayloadOf<C>;
        try {
          payload = validate(contract.schema, JSON.parse(new TextDecoder().decode(msg.data)), `${contract.subject} payload`, ErrorCode.MESSAGE_INVALID) as PayloadOf<C>;
        } catch (error) {
          const reason = error instanceof SyntaxError ? `payload is not JSON: ${error.message}` : describe(error);
          await this.deadLetter(msg, settings, envelope, reason);
          return;
        }
        try {
          await handler(payload, { envelope, subject: msg.subject, deliveryCount, seq: msg.seq });
          msg.ack();
        } catch (error) {
          const reason = describe(error);
          if (error instanceof PermanentFailure || deliveryCount >= maxDeliver) {
            markFailed(active, error);
            await this.deadLetter(msg, settings, envelope, error instanceof PermanentFailure ? reason : `failed ${deliveryCount} deliveries; last error: ${reason}`);
            return;
          }
          const delay = backoff[Math.min(deliveryCount - 1, backoff.length - 1)] ?? 1000;
          this.logger.warn({ subject: msg.subject, seq: msg.seq, deliveryCount, delayMs: delay, err: reason }, 'handler failed; will retry');
          markFailed(active, error);
          msg.nak(delay);
        }
      }));
    };

    const done = (async () => {
      for await (const msg of messages) {
        const p = handleOne(msg)
          .catch((error) => {
            // Dead-lettering itself failed: leave the message un-acked so the server redelivers it.
            this.logger.error({ err: describe(error), seq: msg.seq }, 'could not dead-letter message; it will be redelivered');
          })
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
        if (inFlight.size >= concurrency) await Promise.race(inFlight);
      }
      await Promise.allSettled(inFlight);
    })();

    return {
      done,
      stop: async () => {
        await messages.close();
        await done;
      },
    };
  }

  private deadLettered() {
    return this.metrics?.counter('platform_messages_dead_lettered_total', 'Messages sent to the dead-letter subject after failing', ['stream', 'consumer']);
  }

  private async ensureConsumer(subject: string, settings: ConsumerSettings): Promise<void> {
    const ackWaitNs = (settings.ackWaitMs ?? 30_000) * 1_000_000;
    try {
      await this.nats.jsm.consumers.info(settings.stream, settings.durable);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.nats.jsm.consumers.add(settings.stream, {
        durable_name: settings.durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: subject,
        ack_wait: ackWaitNs,
        // Unlimited at the server: we count deliveries ourselves so nothing disappears silently.
        max_deliver: -1,
      });
    }
  }

  private async deadLetter(msg: JsMsg, settings: ConsumerSettings, envelope: Envelope, reason: string): Promise<void> {
    await this.publisher.publish(
      Events.messageDeadLettered,
      {
        stream: settings.stream,
        consumer: settings.durable,
        subject: msg.subject,
        deliveries: msg.info.deliveryCount,
        reason,
        payloadBase64: Buffer.from(msg.data).toString('base64'),
        envelope,
        deadLetteredAt: new Date().toISOString(),
      },
      { cause: envelope, messageId: `dl:${settings.stream}:${settings.durable}:${msg.seq}` },
    );
    this.deadLettered()?.inc({ stream: settings.stream, consumer: settings.durable });
    this.logger.error({ subject: msg.subject, seq: msg.seq, reason }, 'message dead-lettered');
    // A plain `+TERM`: nats.js sends `+TERM <reason>` when given a reason, which servers before 2.10
    // (Debian ships 2.9.10) do not recognise, so the message stayed pending and came back at every
    // ack_wait forever. The reason travels in the dead-letter event and the log line instead.
    msg.term();
  }
}

function describe(error: unknown): string {
  if (error instanceof AppError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
