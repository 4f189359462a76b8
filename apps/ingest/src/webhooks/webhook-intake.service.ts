import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppError, ErrorCode, type Clock } from '@gong-connector/contracts';
import { parseGongJson, Wire } from '@gong-connector/gong-client';
import { WebhookDeliveryRepository, type WebhookDeliveryRecord, type WebhookOutcome } from '@gong-connector/persistence';
import { CLOCK, EventPublisher, LOGGER, type Logger } from '@gong-connector/platform';
import { z } from 'zod';
import { IngestMessaging } from '../messaging/ingest-messaging.js';
import { IngestMetrics } from '../metrics/ingest.metrics.js';
import { WebhookAuthenticator } from './webhook.authenticator.js';

/** Gong's webhook body: `{callData, isTest}`; only the call id is required here. */
const WebhookBodySchema = z.object({
  isTest: Wire.optional(z.boolean()),
  callData: Wire.optional(
    z.looseObject({
      metaData: Wire.optional(z.looseObject({ id: Wire.optional(Wire.gongId), workspaceId: Wire.optional(Wire.gongId) })),
    }),
  ),
});

export interface WebhookDelivery {
  /** The `Authorization` header, if any. */
  authorization?: string;
  /** The key from the URL path or query, if any ("URL includes key"). */
  urlKey?: string;
  rawBody: Buffer;
}

export interface WebhookAnswer {
  status: 'accepted' | 'duplicate' | 'ignored';
  deliveryId: string;
  callId?: string;
}

/**
 * Takes a Gong webhook delivery: authenticates it before reading it, refuses what cannot be a call
 * (400), acknowledges and ignores tests, and queues the call durably on JetStream (message id from
 * the call id, so a repeated delivery is a no-op) before answering. Every delivery is audited in
 * `webhook_deliveries` without its token or body.
 */
@Injectable()
export class WebhookIntakeService {
  constructor(
    @Inject(WebhookAuthenticator) private readonly auth: WebhookAuthenticator,
    @Inject(WebhookDeliveryRepository) private readonly deliveries: WebhookDeliveryRepository,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(IngestMessaging) private readonly messaging: IngestMessaging,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async receive(delivery: WebhookDelivery): Promise<WebhookAnswer> {
    const receivedAt = new Date(this.clock.now()).toISOString();
    const deliveryId = randomUUID();
    const bodyBytes = delivery.rawBody.length;
    const audit = (outcome: WebhookOutcome, rest: Partial<WebhookDeliveryRecord>): Promise<void> =>
      this.audit({ id: deliveryId, callId: null, isTest: false, outcome, reason: null, authMethod: null, bodyBytes, receivedAt, ...rest });

    const verdict = await this.auth.authenticate(delivery.authorization, delivery.urlKey, delivery.rawBody);
    if (!verdict.ok) {
      this.metrics.webhooks.inc({ outcome: 'unauthorized' });
      this.logger.warn({ deliveryId, reason: verdict.reason, bodyBytes }, 'webhook refused');
      await audit('unauthorized', { reason: verdict.reason });
      throw new AppError(ErrorCode.WEBHOOK_UNVERIFIED, `Webhook refused: ${verdict.reason}`, {
        details: [{ path: verdict.reason.includes('url-key') ? 'key' : 'authorization', message: verdict.reason }],
      });
    }
    const authMethod = verdict.method;

    const invalid = async (reason: string, message: string): Promise<never> => {
      this.metrics.webhooks.inc({ outcome: 'invalid' });
      this.logger.warn({ deliveryId, reason, bodyBytes }, 'webhook rejected');
      await audit('invalid', { reason, authMethod });
      throw new AppError(ErrorCode.VALIDATION_FAILED, message, { details: [{ path: 'body', message: reason }] });
    };
    let parsed: z.infer<typeof WebhookBodySchema>;
    try {
      const result = WebhookBodySchema.safeParse(parseGongJson(delivery.rawBody.toString('utf8')));
      if (!result.success) return await invalid('unexpected-shape', 'The webhook body is not Gong’s {callData, isTest}');
      parsed = result.data;
    } catch {
      return await invalid('malformed-json', 'The webhook body is not valid JSON');
    }
    const callId = parsed.callData?.metaData?.id;
    if (parsed.isTest === true) {
      this.metrics.webhooks.inc({ outcome: 'test' });
      this.logger.info({ deliveryId, callId }, 'test webhook acknowledged');
      await audit('test', { isTest: true, callId: callId ?? null, authMethod, reason: 'is-test' });
      return { status: 'ignored', deliveryId, ...(callId ? { callId } : {}) };
    }
    if (callId === undefined) return await invalid('missing-call-id', 'The webhook body carries no callData.metaData.id');

    if (await this.deliveries.wasAccepted(callId).catch(() => false)) {
      return this.duplicate(deliveryId, callId, authMethod, audit);
    }
    let duplicate: boolean;
    try {
      ({ duplicate } = await this.publisher.publish(
        this.messaging.webhookReceived,
        {
          callId,
          workspaceId: parsed.callData?.metaData?.workspaceId ?? null,
          callData: parsed.callData as Record<string, unknown>,
          receivedAt,
          deliveryId,
        },
        { messageId: `gong-webhook:${callId}` },
      ));
    } catch (error) {
      this.metrics.webhooks.inc({ outcome: 'error' });
      this.logger.error({ deliveryId, callId, err: error instanceof Error ? error.message : String(error) }, 'webhook could not be queued');
      await audit('unavailable', { callId, authMethod, reason: 'nats-unavailable' });
      throw new AppError(ErrorCode.DEPENDENCY_UNAVAILABLE, 'NATS (JetStream) is unavailable: the webhook could not be queued durably and was not accepted; retry later', {
        cause: error,
        retryAfterMs: 5_000,
        details: [{ path: 'dependency', message: 'nats' }],
      });
    }
    if (duplicate) return this.duplicate(deliveryId, callId, authMethod, audit);
    this.metrics.webhooks.inc({ outcome: 'accepted' });
    this.logger.info({ deliveryId, callId, authMethod }, 'webhook accepted');
    await audit('accepted', { callId, authMethod });
    return { status: 'accepted', deliveryId, callId };
  }

  private async duplicate(
    deliveryId: string,
    callId: string,
    authMethod: 'jwt' | 'url-key',
    audit: (outcome: WebhookOutcome, rest: Partial<WebhookDeliveryRecord>) => Promise<void>,
  ): Promise<WebhookAnswer> {
    this.metrics.webhooks.inc({ outcome: 'duplicate' });
    this.logger.info({ deliveryId, callId }, 'duplicate webhook ignored');
    await audit('duplicate', { callId, authMethod });
    return { status: 'duplicate', deliveryId, callId };
  }

  /** The audit row is secondary: a database problem must not turn an accepted delivery into an error. */
  private async audit(record: WebhookDeliveryRecord): Promise<void> {
    try {
      await this.deliveries.record(record);
    } catch (error) {
      this.logger.warn({ deliveryId: record.id, err: error instanceof Error ? error.message : String(error) }, 'could not audit a webhook delivery');
    }
  }
}
