import { Inject, Injectable } from '@nestjs/common';
import { CRM_UPLOAD_COMPLETED_SUBJECT, CrmUploadCompletedWebhookV1Schema, type CrmUploadCompletedWebhookV1 } from '@gong-connector/contracts';
import { LOGGER, NatsClient, type Logger } from '@gong-connector/platform';
import { NatsFanOut } from '../events/nats-fan-out.js';

/**
 * Every `crm.upload.completed` any replica announces (core NATS: each instance gets each one), fanned
 * out to this instance's SSE streams, which pass on only their own user's uploads.
 */
@Injectable()
export class CrmUploadEventStream extends NatsFanOut<CrmUploadCompletedWebhookV1> {
  constructor(@Inject(NatsClient) nats: NatsClient, @Inject(LOGGER) logger: Logger) {
    super(nats, logger, { subject: CRM_UPLOAD_COMPLETED_SUBJECT, schema: CrmUploadCompletedWebhookV1Schema, name: 'crm.upload.completed' });
  }
}
