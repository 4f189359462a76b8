import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@gong-connector/contracts';
import { OutboundDeliveryRepository, WebhookSubscriptionRepository, type OutboundDeliveryRecord } from '@gong-connector/persistence';
import { SpanKind } from '@opentelemetry/api';
import { LRUCache } from 'lru-cache';
import { CLOCK, contextFromCarrier, currentTraceCarrier, DrainLoop, inSpan, JitteredRetry, LOGGER, tracedFetch, type Logger, type TraceCarrier } from '@gong-connector/platform';
import { AGENT_API_CONFIG } from '../agent-api.tokens.js';
import type { AgentApiConfig } from '../config.js';
import { AgentApiMetrics } from '../metrics/agent-api.metrics.js';
import { SIGNATURE_HEADER, WebhookSigner } from './webhook.signer.js';

type DispatcherConfig = Pick<
  AgentApiConfig,
  'AGENT_API_WEBHOOK_BACKOFF_BASE_MS' | 'AGENT_API_WEBHOOK_BACKOFF_MAX_MS' | 'AGENT_API_WEBHOOK_TIMEOUT_MS' | 'AGENT_API_WEBHOOK_POLL_MS'
>;

/**
 * Sends due outbound webhook deliveries: signed POSTs, retried with exponential backoff and jitter
 * (JitteredRetry: the n-th wait in [base × 2^(n-1) / 2, base × 2^(n-1)), capped) until delivered or past the retry period, then dead (listed and redeliverable
 * through the admin API). Claims rows with SKIP LOCKED, so instances share the work.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit, OnApplicationShutdown {
  private readonly loop: DrainLoop;
  /**
   * The trace each delivery was enqueued in (the call.indexed handler's span), so its delivery span
   * joins that trace. In memory and best effort: a delivery another replica enqueued, or one retried
   * after a restart, starts a trace of its own.
   */
  private readonly traceOf = new LRUCache<string, TraceCarrier>({ max: 10_000 });
  private readonly fetch = tracedFetch();

  constructor(
    @Inject(OutboundDeliveryRepository) private readonly deliveries: OutboundDeliveryRepository,
    @Inject(WebhookSubscriptionRepository) private readonly subscriptions: WebhookSubscriptionRepository,
    @Inject(AgentApiMetrics) private readonly metrics: AgentApiMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AGENT_API_CONFIG) private readonly config: DispatcherConfig,
  ) {
    this.loop = new DrainLoop({
      step: () => this.sendDue(),
      sweepMs: Math.max(50, config.AGENT_API_WEBHOOK_POLL_MS),
      onError: (error) => this.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'webhook dispatch failed'),
    });
  }

  onModuleInit(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Looks for due deliveries now (after an enqueue); coalesces concurrent kicks. The deliveries named continue the active trace. */
  kick(deliveryIds: readonly string[] = []): void {
    const carrier = currentTraceCarrier();
    if (carrier.traceparent) for (const id of deliveryIds) this.traceOf.set(id, carrier);
    this.loop.kick();
  }

  /** Sends one batch of due deliveries; true when there was one (more may be due). */
  private async sendDue(): Promise<boolean> {
    const due = await this.deliveries.claimDue(new Date(this.clock.now()), 20, this.config.AGENT_API_WEBHOOK_TIMEOUT_MS * 2);
    if (due.length === 0) return false;
    await Promise.all(due.map((d) => this.attempt(d)));
    return true;
  }

  /** One delivery attempt as a span of the trace it was enqueued in (subject and ids only, never the URL or body). */
  private attempt(d: OutboundDeliveryRecord): Promise<void> {
    const attributes = { 'webhook.event': d.event, 'webhook.delivery.id': d.id, 'webhook.subscription.id': d.subscriptionId, 'webhook.delivery.attempt': d.attempts + 1 };
    return inSpan(`deliver ${d.event} webhook`, { kind: SpanKind.INTERNAL, attributes, parent: contextFromCarrier(this.traceOf.get(d.id)) }, () => this.send(d));
  }

  private async send(d: OutboundDeliveryRecord): Promise<void> {
    const subscription = await this.subscriptions.get(d.subscriptionId);
    const secret = await this.subscriptions.secretOf(d.subscriptionId);
    if (!subscription || secret === undefined) return;
    const body = JSON.stringify(d.payload);
    const unixSeconds = Math.floor(this.clock.now() / 1000);
    let status: number | null = null;
    let error: string;
    try {
      const res = await this.fetch(subscription.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'gong-connector-agent-api',
          'x-gong-connector-event': d.event,
          'x-gong-connector-delivery': d.id,
          [SIGNATURE_HEADER]: WebhookSigner.sign(secret, body, unixSeconds),
          ...WebhookSigner.standardHeaders(secret, d.id, body, unixSeconds),
        },
        body,
        signal: AbortSignal.timeout(this.config.AGENT_API_WEBHOOK_TIMEOUT_MS),
      });
      status = res.status;
      await res.body?.cancel().catch(() => undefined);
      if (res.ok) {
        const now = this.clock.now();
        await this.deliveries.markDelivered(d.id, res.status, new Date(now));
        this.metrics.webhookAttempts.inc({ outcome: 'delivered' });
        const seconds = d.sourceTime ? Math.max(0, (now - Date.parse(d.sourceTime)) / 1000) : undefined;
        if (seconds !== undefined) this.metrics.postCallDelivery.observe({ from: 'source' }, seconds);
        this.logger.info({ deliveryId: d.id, subscriptionId: d.subscriptionId, event: d.event, attempts: d.attempts + 1, agent_api_post_call_delivery_seconds: seconds }, 'webhook delivered');
        this.traceOf.delete(d.id);
        return;
      }
      error = `receiver answered ${res.status}`;
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    // exponential with jitter: receivers that failed together are not all retried together
    const delay = JitteredRetry.delayMs(d.attempts + 1, { baseDelayMs: this.config.AGENT_API_WEBHOOK_BACKOFF_BASE_MS, maxDelayMs: this.config.AGENT_API_WEBHOOK_BACKOFF_MAX_MS });
    const outcome = await this.deliveries.markFailed(d.id, error, status, new Date(this.clock.now() + delay));
    this.metrics.webhookAttempts.inc({ outcome: outcome === 'dead' ? 'dead' : 'retry' });
    if (outcome === 'dead') this.traceOf.delete(d.id);
    this.logger.warn({ deliveryId: d.id, subscriptionId: d.subscriptionId, attempts: d.attempts + 1, status, error, outcome }, 'webhook delivery failed');
  }
}
