import { Inject, Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@gong-connector/platform';
import type { Counter, Gauge, Histogram } from 'prom-client';

/** Why a call could not be indexed (the `reason` label of transcript_failures_total). */
export type TranscriptFailureReason =
  | 'call-not-found'
  | 'transcript-missing'
  | 'invalid-replica-row'
  | 'index-write'
  | 'publish'
  | 'other';

/**
 * The processor's Prometheus metrics. `transcript_consumer_lag{lane}` is each durable consumer's
 * pending message count (lane post-call or bulk), sampled periodically by the handler (a scrape
 * never waits on NATS).
 */
@Injectable()
export class TranscriptMetrics {
  readonly chunksIndexed: Counter;
  readonly callsIndexed: Counter<'source'>;
  readonly callsSkipped: Counter<'reason'>;
  readonly indexDuration: Histogram;
  readonly failures: Counter<'reason'>;
  readonly consumerLag: Gauge<'lane'>;
  readonly webhookToIndexed: Histogram;
  readonly indexedEvents: Counter<'outcome' | 'lane'>;

  constructor(@Inject(MetricsRegistry) metrics: MetricsRegistry) {
    this.chunksIndexed = metrics.counter('transcript_chunks_indexed_total', 'Transcript chunks written to the search index');
    this.callsIndexed = metrics.counter('transcript_calls_indexed_total', 'Calls indexed (chunks replaced), by how they came (consumer or reindex)', ['source']);
    this.callsSkipped = metrics.counter('transcript_calls_skipped_total', 'Call-ready events acknowledged without indexing, by reason (no-transcript: ingest announces the call again once it has one)', ['reason']);
    this.indexDuration = metrics.histogram(
      'transcript_index_duration_seconds',
      'Time to load, chunk and index one call (replica read to index write)',
      [],
      [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    );
    this.failures = metrics.counter('transcript_failures_total', 'Failed attempts to index a call, by reason (retried until dead-lettered)', ['reason']);
    this.indexedEvents = metrics.counter(
      'transcript_indexed_events_total',
      'call.indexed events sent, by outcome (duplicate: JetStream already held the same call and content, e.g. after a redelivery) and lane (post-call or bulk)',
      ['outcome', 'lane'],
    );
    this.webhookToIndexed = metrics.histogram(
      'transcript_webhook_to_indexed_seconds',
      'Post-call latency: from the Gong webhook reaching ingest to call.indexed published',
      [],
      [0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120, 300],
    );
    this.consumerLag = metrics.gauge('transcript_consumer_lag', 'Messages of each lane’s durable consumer (post-call, bulk) not yet delivered (sampled)', ['lane']);
  }
}
