import { Inject, Injectable } from '@nestjs/common';
import {
  CRM_UPLOAD_COMPLETED_SUBJECT,
  CRM_UPLOAD_COMPLETED_WEBHOOK_EVENT,
  CrmUploadCompletedWebhookV1Schema,
  subscriptionCrmUploadCompletedSubject,
  validate,
  type Clock,
  type CrmUploadCompletedWebhookV1,
} from '@gong-connector/contracts';
import { OutboundDeliveryRepository, WebhookSubscriptionRepository, type CrmUploadJobRecord } from '@gong-connector/persistence';
import { CLOCK, NatsClient } from '@gong-connector/platform';
import { randomUUID } from 'node:crypto';
import { AGENT_API_CONFIG } from '../agent-api.tokens.js';
import type { AgentApiConfig } from '../config.js';
import { WebhookDispatcher } from '../webhooks/webhook.dispatcher.js';

/**
 * Announces that a CRM upload job ended (`crm.upload.completed`), to its uploader only: one signed
 * webhook delivery per subscription of that user (a user principal naming their id or email),
 * idempotent by upload (an upload announced again, after a restart, enqueues nothing new), the same
 * body on each such subscription's own NATS subject, and on the replicas' SSE subject
 * (`CRM_UPLOAD_COMPLETED_SUBJECT`), where each stream passes on only its own user's uploads.
 * Service subscriptions never receive it (the narrower reading: an upload is its uploader's).
 */
@Injectable()
export class CrmUploadCompletedPublisher {
  constructor(
    @Inject(WebhookSubscriptionRepository) private readonly subscriptions: WebhookSubscriptionRepository,
    @Inject(OutboundDeliveryRepository) private readonly deliveries: OutboundDeliveryRepository,
    @Inject(WebhookDispatcher) private readonly dispatcher: WebhookDispatcher,
    @Inject(NatsClient) private readonly nats: NatsClient,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AGENT_API_CONFIG) private readonly config: Pick<AgentApiConfig, 'AGENT_API_WEBHOOK_RETRY_PERIOD_MS' | 'AGENT_API_PUBLIC_URL' | 'PORT'>,
  ) {}

  async publish(job: CrmUploadJobRecord, finishedAt: Date): Promise<CrmUploadCompletedWebhookV1> {
    const payload = this.payloadOf(job, finishedAt);
    const email = job.userEmail?.toLowerCase();
    const subscribed = (await this.subscriptions.subscribedTo(CRM_UPLOAD_COMPLETED_WEBHOOK_EVENT, finishedAt)).filter(
      (s) => s.principal.kind === 'user' && (s.principal.user === job.userId || (email !== undefined && s.principal.user.toLowerCase() === email)),
    );
    if (subscribed.length > 0) {
      const rows = subscribed.map((s) => ({ id: randomUUID(), subscriptionId: s.id }));
      const giveUpAt = new Date(this.clock.now() + this.config.AGENT_API_WEBHOOK_RETRY_PERIOD_MS);
      const inserted = new Set(
        await this.deliveries.enqueue(
          // no sourceTime: the post-call delivery latency histogram is for call events
          rows.map((r) => ({ id: r.id, subscriptionId: r.subscriptionId, event: CRM_UPLOAD_COMPLETED_WEBHOOK_EVENT, eventKey: payload.eventId, payload, giveUpAt, sourceTime: null })),
        ),
      );
      if (inserted.size > 0) this.dispatcher.kick([...inserted]);
      const body = JSON.stringify(payload);
      for (const r of rows) if (inserted.has(r.id)) this.nats.nc.publish(subscriptionCrmUploadCompletedSubject(r.subscriptionId), body);
    }
    this.nats.nc.publish(CRM_UPLOAD_COMPLETED_SUBJECT, JSON.stringify(payload));
    return payload;
  }

  private payloadOf(job: CrmUploadJobRecord, finishedAt: Date): CrmUploadCompletedWebhookV1 {
    const base = this.config.AGENT_API_PUBLIC_URL ?? `http://127.0.0.1:${this.config.PORT}`;
    const payload: CrmUploadCompletedWebhookV1 = {
      event: CRM_UPLOAD_COMPLETED_WEBHOOK_EVENT,
      eventId: `crm-upload:${job.id}`,
      occurredAt: finishedAt.toISOString(),
      data: {
        uploadId: job.id,
        state: job.state === 'failed' ? 'failed' : 'done',
        objectType: job.objectType,
        integrationId: job.integrationId,
        lineCount: job.lineCount,
        gongStatus: job.gongStatus,
        successCount: job.successCount,
        errorCount: job.errorCount,
        lineErrors: job.lineErrors.slice(0, 20),
        error: job.error,
        uploadedBy: { userId: job.userId, email: job.userEmail },
        links: { upload: `${base}/v1/crm/uploads/${job.id}`, note: 'Fetch with the uploader\'s own bearer token.' },
      },
    };
    return validate(CrmUploadCompletedWebhookV1Schema, payload, 'crm.upload.completed webhook payload');
  }
}
