import { MetricsRegistry } from '@gong-connector/platform';
import type { Counter, Gauge, Histogram } from 'prom-client';

/** Every metric ingest exports, declared once. */
export class IngestMetrics {
  /** Webhook deliveries by outcome (accepted, duplicate, test, unauthorized, invalid, error). */
  readonly webhooks: Counter<'outcome'>;
  /** Calls written (new or changed) by source (webhook, sync, backfill). */
  readonly callsStored: Counter<'source'>;
  readonly transcriptsStored: Counter<'source'>;
  /** Every HTTP request sent to Gong, by endpoint template and status. */
  readonly gongRequests: Counter<'endpoint' | 'status'>;
  /** Now minus the incremental sync checkpoint, per workspace. */
  readonly syncLag: Gauge<'workspace'>;
  readonly backfillProgress: Gauge<'job'>;
  readonly backfillCallsDone: Gauge<'job'>;
  /** Webhook received to the call stored (stage=call) and to its transcript stored (stage=transcript). */
  readonly webhookToStored: Histogram<'stage'>;
  readonly eventsPublished: Counter<'source'>;
  /** Rows purged by RETENTION_DAYS, by kind (calls, transcripts, chunks, deliveries, webhookAudits). */
  readonly retentionPurged: Counter<'kind'>;
  /** Calls purged because Gong no longer has them, by how that was found (sweep, refetch). */
  readonly goneCallsPurged: Counter<'detected_by'>;

  constructor(registry: MetricsRegistry) {
    this.webhooks = registry.counter('ingest_webhooks_total', 'Gong webhook deliveries by outcome', ['outcome']);
    this.callsStored = registry.counter('ingest_calls_stored_total', 'Calls stored or changed, by source', ['source']);
    this.transcriptsStored = registry.counter('ingest_transcripts_stored_total', 'Transcripts stored or changed, by source', ['source']);
    this.gongRequests = registry.counter('ingest_gong_requests_total', 'HTTP requests sent to Gong, by endpoint and status', ['endpoint', 'status']);
    this.syncLag = registry.gauge('ingest_sync_lag_seconds', 'Seconds since the incremental sync checkpoint, per workspace', ['workspace']);
    this.backfillProgress = registry.gauge('ingest_backfill_progress_ratio', 'Share of a backfill’s calls stored (0..1)', ['job']);
    this.backfillCallsDone = registry.gauge('ingest_backfill_calls_done', 'Calls a backfill has stored', ['job']);
    this.webhookToStored = registry.histogram(
      'ingest_webhook_to_stored_seconds',
      'From a webhook received to its call (stage=call) or transcript (stage=transcript) stored',
      ['stage'],
      [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 300, 1800],
    );
    this.eventsPublished = registry.counter('ingest_call_events_published_total', 'ingest.call.fetched.v1 events published, by source', ['source']);
    this.retentionPurged = registry.counter('ingest_retention_purged_total', 'Rows purged by RETENTION_DAYS, by kind (calls, transcripts, chunks, deliveries, webhookAudits)', ['kind']);
    this.goneCallsPurged = registry.counter('ingest_gone_calls_purged_total', 'Calls purged because Gong no longer has them, by how that was found (sweep, refetch)', ['detected_by']);
  }
}
