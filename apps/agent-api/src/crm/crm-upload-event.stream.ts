import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CRM_UPLOAD_COMPLETED_SUBJECT, CrmUploadCompletedWebhookV1Schema, type CrmUploadCompletedWebhookV1 } from '@gong-connector/contracts';
import { LOGGER, NatsClient, type Logger } from '@gong-connector/platform';

type Listener = (event: CrmUploadCompletedWebhookV1) => void;

/**
 * Every `crm.upload.completed` any replica announces (core NATS: each instance gets each one), fanned
 * out to this instance's SSE streams, which pass on only their own user's uploads.
 */
@Injectable()
export class CrmUploadEventStream implements OnModuleInit, OnApplicationShutdown {
  private readonly listeners = new Set<Listener>();
  private sub: { unsubscribe(): void } | undefined;

  constructor(
    @Inject(NatsClient) private readonly nats: NatsClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const sub = this.nats.nc.subscribe(CRM_UPLOAD_COMPLETED_SUBJECT);
    this.sub = sub;
    void (async () => {
      for await (const m of sub) {
        let parsed;
        try {
          parsed = CrmUploadCompletedWebhookV1Schema.safeParse(m.json());
        } catch {
          parsed = undefined;
        }
        if (!parsed?.success) {
          this.logger.warn({ subject: m.subject }, 'ignored an invalid crm.upload.completed event');
          continue;
        }
        for (const listener of this.listeners) listener(parsed.data);
      }
    })();
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }

  /** Calls `listener` for each event until the returned function is called. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
