// Unit-test factories for the processor's services, in the style of immich's `newTestService`: each
// builds the real service with strict fakes at its I/O edge (replica, search index, JetStream),
// where any method a test did not set up throws "unexpected call". Pure parts (chunker, mappers,
// metrics) are the real ones. One place to change when a constructor changes.
import type { Envelope } from '@gong-connector/contracts';
import type { CallReadRepository, CallRecord, Database, TranscriptRecord } from '@gong-connector/persistence';
import { createLogger, MetricsRegistry, type EventPublisher, type MessageContext, type NatsClient } from '@gong-connector/platform';
import type { SearchIndex } from '@gong-connector/search';
import { strictFake } from '@gong-connector/testing';
import { CallReadyHandler } from '../src/consumer/call-ready.handler.js';
import type { CallReadySettings } from '../src/consumer/call-ready.settings.js';
import { CallIndexingService } from '../src/indexing/call-indexing.service.js';
import type { LaneIndexing } from '../src/indexing/lane-indexing.provider.js';
import { TranscriptMetrics } from '../src/metrics/transcript.metrics.js';
import { ReindexCommand } from '../src/reindex/reindex.command.js';

export const WORKSPACE = '7000000000000000001';
export const HOST = '7100000000000000001';
export const COLLEAGUE = '7100000000000000002';

/** The processor's metrics on a registry of their own (read back with `metricValue`). */
export function newMetrics(): { metrics: TranscriptMetrics; registry: MetricsRegistry } {
  const registry = new MetricsRegistry({ service: 'transcript-processor-test', defaultMetrics: false });
  return { metrics: new TranscriptMetrics(registry), registry };
}

/** The value of one sample (`name{labels}` as prom-client prints it, without the service label), 0 when absent. */
export async function metricValue(registry: MetricsRegistry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await registry.registry.getSingleMetric(name)?.get();
  const sample = metric?.values.find((v) => Object.entries(labels).every(([k, value]) => String((v.labels as Record<string, unknown>)[k]) === value));
  return sample?.value ?? 0;
}

export function callRecord(id: string, overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    id, workspaceId: WORKSPACE, url: null, title: 'Zeppelin Corp security review', scheduled: null, started: '2026-01-10T16:00:00Z',
    durationS: 600, primaryUserId: HOST, direction: 'Conference', system: 'Zoom', scope: 'External', media: 'Video', language: 'eng',
    purpose: null, meetingUrl: null, calendarEventId: null, clientUniqueId: null, customData: null, sdrDisposition: null, isPrivate: false,
    brief: null, keyPoints: [], highlights: [], outline: [], structure: [], callOutcome: null, interaction: null,
    parties: [
      { partyId: 'p1', speakerId: 's1', userId: HOST, email: 'ann@northbeam.example', name: 'Ann Host', title: 'AE', affiliation: 'Internal', phoneNumber: null, methods: [], context: [] },
      { partyId: 'p2', speakerId: 's2', userId: null, email: 'bo@zeppelin.example', name: 'Bo Buyer', title: 'CISO', affiliation: 'External', phoneNumber: null, methods: [], context: [] },
      { partyId: 'p3', speakerId: 's3', userId: COLLEAGUE, email: 'cy@northbeam.example', name: 'Cy SE', title: 'SE', affiliation: 'Internal', phoneNumber: null, methods: [], context: [] },
      { partyId: 'p4', speakerId: null, userId: HOST, email: 'ann@northbeam.example', name: 'Ann Host (phone)', title: 'AE', affiliation: 'Internal', phoneNumber: null, methods: [], context: [] },
    ],
    context: [],
    accounts: [{ source: 'crm', account: { id: 'crm:Salesforce:001ZEP', name: 'Zeppelin Corp', domain: 'zeppelin.example', system: 'Salesforce', crmObjectId: '001ZEP', fields: {} } }],
    topics: [], trackers: [],
    ...overrides,
  };
}

export function transcript(callId: string, lines: readonly string[]): TranscriptRecord {
  return {
    callId,
    fetchedAt: '2026-01-10T17:00:00Z',
    monologues: lines.map((text, i) => ({ speakerId: i % 2 === 0 ? 's1' : 's2', topic: null, sentences: [{ start: i * 10_000, end: i * 10_000 + 9_000, text }] })),
  };
}

/** The replica as a map of calls and transcripts, read through CallReadRepository's two reads. */
export function replicaOf(calls: readonly CallRecord[], transcripts: readonly TranscriptRecord[]): Partial<CallReadRepository> {
  return {
    getCall: async (id) => calls.find((c) => c.id === id),
    getTranscript: async (id) => transcripts.find((t) => t.callId === id),
  };
}

export function newCallIndexingService(setup: { calls?: Partial<CallReadRepository>; index?: Partial<SearchIndex> } = {}) {
  const { metrics, registry } = newMetrics();
  const calls = strictFake<CallReadRepository>('CallReadRepository', setup.calls);
  const index = strictFake<SearchIndex>('SearchIndex', setup.index);
  const sut = new CallIndexingService(calls, index, { maxTokens: 256 }, metrics);
  return { sut, calls, index, metrics, registry };
}

/** The reindex command over the real CallIndexingService, itself over strict fakes of the replica and the index. */
export function newReindexCommand(setup: { calls?: Partial<CallReadRepository>; index?: Partial<SearchIndex>; db?: Partial<Database> } = {}) {
  const { sut: indexing, registry } = newCallIndexingService(setup);
  const sut = new ReindexCommand(strictFake<Database>('Database', setup.db), indexing);
  return { sut, registry };
}

/** What the handler published (the fake EventPublisher's record). */
export interface Published {
  subject: string;
  payload: unknown;
  options: { cause?: Pick<Envelope, 'id' | 'correlationId'>; messageId?: string };
}

export function newCallReadyHandler(setup: { indexing: Partial<CallIndexingService>; publish?: (p: Published) => { duplicate: boolean } }) {
  const { metrics, registry } = newMetrics();
  const published: Published[] = [];
  const indexing = strictFake<CallIndexingService>('CallIndexingService', setup.indexing);
  const lanes = strictFake<LaneIndexing>('LaneIndexing', { of: () => indexing });
  const publisher = strictFake<EventPublisher>('EventPublisher', {
    publish: (async (contract: { subject: string }, payload: unknown, options: Published['options'] = {}) => {
      const p = { subject: contract.subject, payload, options };
      const { duplicate } = setup.publish?.(p) ?? { duplicate: false };
      published.push(p);
      return { envelope: { id: options.messageId ?? 'id', correlationId: 'c', occurredAt: new Date(0).toISOString() }, seq: published.length, duplicate };
    }) as EventPublisher['publish'],
  });
  const settings: CallReadySettings = { lanes: [], lagSampleMs: 0 };
  const sut = new CallReadyHandler(
    publisher,
    strictFake<NatsClient>('NatsClient'),
    lanes,
    metrics,
    settings,
    { now: () => Date.parse('2026-01-10T17:00:05.000Z') },
    createLogger({ name: 'transcript-processor-test', level: 'silent' }),
  );
  return { sut, published, registry };
}

/** A delivery's context, as the consumer hands it to the handler. */
export function messageContext(deliveryCount = 1): MessageContext {
  return {
    envelope: { id: 'call-fetched:1:v1', correlationId: 'gong-webhook:1', occurredAt: '2026-01-10T17:00:00.000Z' },
    subject: 'ingest.post-call.fetched.v1',
    deliveryCount,
    seq: 1,
  };
}
