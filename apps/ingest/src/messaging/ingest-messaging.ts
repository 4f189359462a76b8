import {
  Events,
  Streams,
  defineEvent,
  type CallFetchedV1Schema,
  type CallReadyLane,
  type EventContract,
  type StreamDefinition,
  type WebhookReceivedV1Schema,
} from '@gong-connector/contracts';

/**
 * The subjects, streams and durable names ingest uses. In production they are the contracts' own.
 * A namespace (tests only) prefixes the subjects and suffixes stream and durable names, so test
 * files sharing one NATS server never see each other's messages (streams cannot share subjects).
 */
export class IngestMessaging {
  readonly webhookReceived: EventContract<string, typeof WebhookReceivedV1Schema>;
  /** "Call ready" of bulk work (sync, backfill). */
  readonly callFetched: EventContract<string, typeof CallFetchedV1Schema>;
  /** "Call ready" of calls someone is waiting on (webhook, live): the post-call lane. */
  readonly postCallFetched: EventContract<string, typeof CallFetchedV1Schema>;
  /** The streams ingest publishes to (ensured at boot), the dead-letter stream included. */
  readonly streams: readonly StreamDefinition[];
  readonly ingestStream: string;

  constructor(readonly namespace?: string) {
    const subject = (s: string): string => (namespace ? `${namespace}.${s}` : s);
    const stream = (name: string): string => (namespace ? `${name}_${namespace.toUpperCase()}` : name);
    this.webhookReceived = defineEvent(subject(Events.webhookReceived.subject), Events.webhookReceived.schema);
    this.callFetched = defineEvent(subject(Events.callFetched.subject), Events.callFetched.schema);
    this.postCallFetched = defineEvent(subject(Events.postCallFetched.subject), Events.postCallFetched.schema);
    this.ingestStream = stream(Streams.ingest.name);
    this.streams = namespace
      ? [
          { name: this.ingestStream, subjects: [this.webhookReceived.subject] },
          { name: stream(Streams.calls.name), subjects: [this.callFetched.subject, this.postCallFetched.subject] },
          Streams.deadLetter,
        ]
      : [Streams.ingest, Streams.calls, Streams.deadLetter];
  }

  /** The "call ready" contract of a lane. */
  callReady(lane: CallReadyLane): EventContract<string, typeof CallFetchedV1Schema> {
    return lane === 'post-call' ? this.postCallFetched : this.callFetched;
  }

  /** A durable consumer name, namespaced like the streams. */
  durable(name: string): string {
    return this.namespace ? `${name}-${this.namespace}` : name;
  }
}
