import {
  Events,
  Streams,
  type CallFetchedV1Schema,
  type CallReadyLane,
  type EventContract,
  type StreamDefinition,
} from '@gong-connector/contracts';

/**
 * The subjects and streams ingest uses: the contracts' own. (Tests isolate JetStream with a NATS
 * server of their own, `PrivateNatsServer` of @gong-connector/testing, not with other names.)
 */
export class IngestMessaging {
  readonly webhookReceived = Events.webhookReceived;
  /** "Call ready" of bulk work (sync, backfill). */
  readonly callFetched = Events.callFetched;
  /** "Call ready" of calls someone is waiting on (webhook, live): the post-call lane. */
  readonly postCallFetched = Events.postCallFetched;
  /** The streams ingest publishes to (ensured at boot), the dead-letter stream included. */
  readonly streams: readonly StreamDefinition[] = [Streams.ingest, Streams.calls, Streams.deadLetter];
  readonly ingestStream = Streams.ingest.name;

  /** The "call ready" contract of a lane. */
  callReady(lane: CallReadyLane): EventContract<string, typeof CallFetchedV1Schema> {
    return lane === 'post-call' ? this.postCallFetched : this.callFetched;
  }
}
