import { headers as natsHeaders, type Subscription } from '@nats-io/transport-node';
import {
  AppError,
  ErrorCode,
  envelopeFromHeaders,
  envelopeToHeaders,
  newEnvelope,
  validate,
  type Envelope,
  type ErrorDetail,
  type ReplyOf,
  type RequestContract,
  type RequestOf,
} from '@gong-connector/contracts';
import { SpanKind } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import { messagingAttributes } from '../tracing/messaging.attributes.js';
import { inSpan, markFailed } from '../tracing/span-runner.js';
import { contextFromCarrier, currentTraceCarrier } from '../tracing/trace-context.js';
import { withCorrelation } from '../logging/correlation.js';
import type { Logger } from '../logging/create-logger.js';
import type { NatsClient } from './nats-client.js';

type WireReply =
  | { ok: true; data: unknown }
  | { ok: false; error: { code: string; message: string; details?: ErrorDetail[]; retryAfterMs?: number } };

/** Request/reply over core NATS, validated both ways; failures come back as AppErrors. */
export class RpcClient {
  constructor(private readonly nats: NatsClient) {}

  async request<C extends RequestContract>(
    contract: C,
    payload: RequestOf<C>,
    options: { timeoutMs?: number; cause?: Pick<Envelope, 'id' | 'correlationId'> } = {},
  ): Promise<ReplyOf<C>> {
    const data = validate(contract.request, payload, `${contract.subject} request`);
    const base = newEnvelope({ newId: randomUUID, now: () => new Date() }, options.cause);
    const attributes = messagingAttributes({ type: 'send', name: 'request' }, contract.subject, { messageId: base.id });
    // A client span around the round trip; the server's span is its child (context in the envelope).
    return inSpan(`request ${contract.subject}`, { kind: SpanKind.CLIENT, attributes }, () => this.send(contract, data, { ...base, ...currentTraceCarrier() }, options.timeoutMs));
  }

  private async send<C extends RequestContract>(contract: C, data: unknown, envelope: Envelope, timeoutMs: number | undefined): Promise<ReplyOf<C>> {
    const hdrs = natsHeaders();
    for (const [k, v] of Object.entries(envelopeToHeaders(envelope))) hdrs.set(k, v);
    let raw: string;
    try {
      const msg = await this.nats.nc.request(contract.subject, JSON.stringify(data), {
        timeout: timeoutMs ?? 5000,
        headers: hdrs,
      });
      raw = msg.string();
    } catch (error) {
      const name = (error as Error)?.name ?? '';
      const what = /NoResponders/i.test(name) || /no responders/i.test(String((error as Error)?.message))
        ? 'no service is answering'
        : 'no answer in time';
      throw new AppError(ErrorCode.DEPENDENCY_UNAVAILABLE, `${contract.subject}: ${what}`, { cause: error });
    }
    const reply = JSON.parse(raw) as WireReply;
    if (reply.ok) return validate(contract.reply, reply.data, `${contract.subject} reply`, ErrorCode.MESSAGE_INVALID) as ReplyOf<C>;
    const code = (Object.values(ErrorCode) as string[]).includes(reply.error.code)
      ? (reply.error.code as ErrorCode)
      : ErrorCode.INTERNAL;
    throw new AppError(code, reply.error.message, {
      details: reply.error.details ?? [],
      ...(reply.error.retryAfterMs === undefined ? {} : { retryAfterMs: reply.error.retryAfterMs }),
    });
  }
}

export type RpcHandler<C extends RequestContract> = (
  request: RequestOf<C>,
  ctx: { envelope: Envelope | undefined },
) => Promise<ReplyOf<C>>;

/** Serves a request contract in a queue group, so several instances share the load. */
export class RpcServer {
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly nats: NatsClient,
    private readonly logger: Logger,
  ) {}

  serve<C extends RequestContract>(contract: C, handler: RpcHandler<C>, options: { queue?: string } = {}): void {
    const sub = this.nats.nc.subscribe(contract.subject, { queue: options.queue ?? contract.subject });
    this.subscriptions.push(sub);
    void (async () => {
      for await (const msg of sub) {
        const envelope = envelopeFromHeaders((name) => msg.headers?.get(name));
        const span = {
          kind: SpanKind.SERVER,
          parent: contextFromCarrier(envelope),
          attributes: messagingAttributes({ type: 'process', name: 'process' }, contract.subject, {
            ...(envelope ? { messageId: envelope.id } : {}),
            consumerGroup: options.queue ?? contract.subject,
          }),
        };
        void withCorrelation(envelope?.correlationId ?? randomUUID(), () => inSpan(`process ${contract.subject}`, span, async (active) => {
          let reply: WireReply;
          try {
            let body: unknown;
            try {
              body = JSON.parse(msg.string());
            } catch {
              throw new AppError(ErrorCode.VALIDATION_FAILED, `${contract.subject} request is not JSON`);
            }
            const request = validate(contract.request, body, `${contract.subject} request`) as RequestOf<C>;
            const result = await handler(request, { envelope });
            reply = { ok: true, data: validate(contract.reply, result, `${contract.subject} reply`, ErrorCode.INTERNAL) };
          } catch (error) {
            markFailed(active, error);
            if (error instanceof AppError) {
              reply = { ok: false, error: error.toJSON() };
            } else {
              this.logger.error({ err: error instanceof Error ? error.message : String(error), subject: contract.subject }, 'request handler failed');
              reply = { ok: false, error: { code: ErrorCode.INTERNAL, message: `${contract.subject} failed unexpectedly` } };
            }
          }
          if (msg.reply) msg.respond(JSON.stringify(reply));
        }));
      }
    })();
  }

  async close(): Promise<void> {
    for (const sub of this.subscriptions) sub.unsubscribe();
    this.subscriptions.length = 0;
  }
}
