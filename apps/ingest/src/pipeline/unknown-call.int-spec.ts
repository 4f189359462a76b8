// A webhook message for a call Gong does not have: attempted INGEST_UNKNOWN_CALL_ATTEMPTS times,
// dead-lettered once, and no Gong request after that, read from gong-sim's request log over 10
// minutes of simulated redelivery time.
//
// Time is scaled, not slept through: ingest's ack wait is 2 s here instead of production's 120 s
// (x60), so 10 simulated minutes are 5 ack waits. The clock is the NATS server's own redelivery:
// a canary message on a stream of the test's, never acknowledged, under the same ack wait; each
// redelivery of it is one more ack wait on the server that would redeliver ingest's message had it
// not been terminated (Debian's nats-server 2.9.10 ignored `+TERM <reason>`, so the message came back
// at every ack wait, one Gong request each). The test waits for the canary's deliveries, never for
// a fixed time.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { Events, type MessageDeadLetteredV1 } from '@gong-connector/contracts';
import { createLogger, EventPublisher, NatsClient } from '@gong-connector/platform';
import { PrivateNatsServer, testDatabase, waitFor, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { startIngest, type IngestUnderTest } from '../../test/ingest.harness.js';
import { IngestMessaging } from '../messaging/ingest-messaging.js';

const ACK_WAIT_MS = 2_000;
const PRODUCTION_ACK_WAIT_MS = 120_000;
const SIMULATED_MS = 10 * 60_000;
const ATTEMPTS = 3;
const UNKNOWN_CALL = '8999999999999999999';
const INGEST_STREAM = new IngestMessaging().ingestStream;

describe('a webhook for a call Gong does not have', () => {
  let natsServer: PrivateNatsServer;
  let sim: GongSim;
  let db: TestDatabase;
  let ingest: IngestUnderTest;
  let nats: NatsClient;
  const deadLettered: MessageDeadLetteredV1[] = [];

  const requests = () => sim.stats().total;
  const requestsTo = (endpoint: string) => Object.values(sim.stats().byEndpoint[endpoint] ?? {}).reduce((sum, n) => sum + n, 0);

  beforeAll(async () => {
    natsServer = await PrivateNatsServer.start();
    [sim, db] = await Promise.all([startGongSim({ port: 0, seed: 'unknown-call', users: 12, accounts: 5, calls: 10, days: 3, transcriptDelayMs: 0 }), testDatabase()]);
    nats = await NatsClient.connect({ servers: natsServer.url, name: 'unknown-call-test', logger: createLogger({ name: 't', level: 'silent' }) });
    const sub = nats.nc.subscribe(Events.messageDeadLettered.subject);
    void (async () => {
      for await (const m of sub) deadLettered.push(m.json() as MessageDeadLetteredV1);
    })();
    await nats.nc.flush();
    ingest = await startIngest({
      sim,
      db,
      natsUrl: natsServer.url,
      env: {
        INGEST_SCHEDULER_ENABLED: 'false',
        INGEST_TRANSCRIPT_RETRY_MS: '50',
        INGEST_UNKNOWN_CALL_ATTEMPTS: String(ATTEMPTS),
        INGEST_PIPELINE_ACK_WAIT_MS: String(ACK_WAIT_MS),
      },
    });
  }, 120_000);

  afterAll(async () => {
    await ingest?.close();
    await nats?.drain();
    await sim?.close();
    await db?.close();
    await natsServer?.stop();
  });

  /** Resolves once the NATS server has let `ms` of ack-wait time pass (a never-acknowledged canary's redeliveries). */
  async function serverTimePasses(ms: number): Promise<void> {
    const stream = 'TEST_CANARY';
    await nats.jsm.streams.add({ name: stream, subjects: ['test.canary.ticked.v1'] });
    await nats.jsm.consumers.add(stream, { durable_name: 'canary', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, ack_wait: ACK_WAIT_MS * 1_000_000, max_deliver: -1 });
    await nats.js.publish('test.canary.ticked.v1', 'tick');
    const canary = await nats.js.consumers.get(stream, 'canary');
    const redeliveries = Math.ceil(ms / ACK_WAIT_MS);
    let delivered = 0;
    while (delivered <= redeliveries) {
      const m = await canary.next({ expires: 4 * ACK_WAIT_MS });
      if (m) delivered = m.info.deliveryCount; // never acknowledged: the server hands it out again after each ack wait
    }
  }

  it(`is attempted ${ATTEMPTS} times, dead-lettered once, and costs no Gong request over 10 simulated minutes after that`, async () => {
    sim.resetStats();
    await new EventPublisher(nats).publish(new IngestMessaging().webhookReceived, {
      callId: UNKNOWN_CALL,
      workspaceId: null,
      callData: {},
      receivedAt: new Date().toISOString(),
      deliveryId: 'delivery-of-an-unknown-call',
    });
    await waitFor(() => deadLettered.find((d) => d.consumer === 'ingest-new-calls'), 'the message dead-lettered', { timeoutMs: 60_000 });
    const [letter] = deadLettered;
    expect(letter).toMatchObject({ consumer: 'ingest-new-calls', deliveries: ATTEMPTS });
    expect(letter!.reason).toContain(`Gong does not list call ${UNKNOWN_CALL}`);
    // Each attempt: one extensive request for the call and one transcript request (shared batches).
    expect(requestsTo('POST /v2/calls/extensive')).toBe(ATTEMPTS);
    expect(requestsTo('POST /v2/calls/transcript')).toBe(ATTEMPTS);
    const spent = requests();
    expect(spent).toBe(2 * ATTEMPTS);

    // The server holds nothing more to hand out: the message was terminated, not left pending.
    // `+TERM` is a fire-and-forget publish sent after the dead-letter event, so the server may not
    // have applied it yet when the event arrives here: wait for it (a message left pending would
    // never leave num_ack_pending, and the wait would time out).
    const info = await waitFor(
      async () => {
        const i = await nats.jsm.consumers.info(INGEST_STREAM, 'ingest-new-calls');
        return i.num_ack_pending === 0 ? i : undefined;
      },
      'the dead-lettered message terminated at the server',
      { timeoutMs: 10_000 },
    );
    expect(info.num_pending).toBe(0);

    // 10 minutes of simulated redelivery time (5 production ack waits) on the server's own clock.
    await serverTimePasses((SIMULATED_MS / PRODUCTION_ACK_WAIT_MS) * ACK_WAIT_MS);
    expect(requests()).toBe(spent);
    expect(deadLettered.filter((d) => d.consumer === 'ingest-new-calls')).toHaveLength(1);
    const after = await nats.jsm.consumers.info(INGEST_STREAM, 'ingest-new-calls');
    expect(after.delivered.consumer_seq).toBe(info.delivered.consumer_seq); // not handed out again
  }, 120_000);
});
