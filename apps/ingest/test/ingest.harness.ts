import { createServer } from 'node:net';
import { CALL_READY_LANES, type CallFetchedV1, type CallReadyLane } from '@gong-connector/contracts';
import { loadConfig, createLogger, NatsClient, bootstrapService, type ServiceHandle } from '@gong-connector/platform';
import { testServices, type LogCapture, type TestDatabase } from '@gong-connector/testing';
import type { GongSim } from '@gong-connector/testing/gong-sim';
import { IngestConfigSchema, type IngestConfig } from '../src/config.js';
import { IngestModule } from '../src/ingest.module.js';
import { IngestMessaging } from '../src/messaging/ingest-messaging.js';

/** A free TCP port (the public webhook URL must be known before ingest starts). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface IngestUnderTest {
  service: ServiceHandle;
  config: IngestConfig;
  url: string;
  publicWebhookUrl: string;
  get<T>(type: Function & { prototype: T }): T;
  close(): Promise<void>;
}

/** One answer Gong (the simulator) gave ingest. */
export interface RecordedExchange {
  path: string;
  status: number;
  text: string;
}

export interface StartIngestOptions {
  sim: GongSim;
  db: TestDatabase;
  /** The test's own NATS server (a PrivateNatsServer's url): streams and durables are the production ones. */
  natsUrl: string;
  port?: number;
  logs?: LogCapture;
  env?: Record<string, string>;
  /** Collects every answer ingest got from Gong, bodies included. */
  record?: RecordedExchange[];
}

/** Starts ingest in-process against the simulator, a test schema and the test's own NATS server. */
export async function startIngest(options: StartIngestOptions): Promise<IngestUnderTest> {
  const { databaseUrl } = testServices();
  const port = options.port ?? (await freePort());
  const publicWebhookUrl = `http://127.0.0.1:${port}/webhooks/gong`;
  const config = loadConfig(IngestConfigSchema, {
    PORT: String(port),
    HOST: '127.0.0.1',
    // Debug into a LogCapture when a test reads the logs; otherwise only problems on stdout.
    LOG_LEVEL: options.logs ? 'debug' : 'warn',
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: options.db.schema,
    NATS_URL: options.natsUrl,
    GONG_BASE_URL: options.sim.baseUrl,
    GONG_ACCESS_KEY: options.sim.credentials.accessKey,
    GONG_ACCESS_KEY_SECRET: options.sim.credentials.accessKeySecret,
    GONG_PERMIT_SOURCE: 'local',
    GONG_WEBHOOK_PUBLIC_KEY: options.sim.webhookPublicKeyPem,
    INGEST_PUBLIC_WEBHOOK_URL: publicWebhookUrl,
    INGEST_SYNC_INTERVAL_MS: '0',
    INGEST_DIRECTORY_SYNC_INTERVAL_MS: '0',
    INGEST_TRACKER_SYNC_INTERVAL_MS: '0',
    INGEST_VERIFY_CYCLE_MS: '0',
    INGEST_COACHING_SYNC_INTERVAL_MS: '0',
    INGEST_TRANSCRIPT_RETRY_MS: '500',
    INGEST_TRANSCRIPT_WAIT_LIMIT_MS: '60000',
    ...options.env,
  });
  const logger = createLogger({ name: 'ingest', level: config.LOG_LEVEL, ...(options.logs ? { destination: options.logs } : {}) });
  const record = options.record;
  const gongFetch: typeof fetch | undefined = record
    ? async (input, init) => {
        const res = await fetch(input, init);
        record.push({ path: new URL(String(input)).pathname, status: res.status, text: await res.clone().text() });
        return res;
      }
    : undefined;
  const service = await bootstrapService(IngestModule.forRoot(config, { logger, ...(gongFetch ? { gongFetch } : {}) }), {
    port,
    host: '127.0.0.1',
    rawBody: true,
    bodyLimit: config.INGEST_WEBHOOK_MAX_BYTES,
    handleSignals: false,
  });
  return {
    service,
    config,
    url: service.url,
    publicWebhookUrl,
    get: <T>(type: Function & { prototype: T }) => service.app.get<T>(type as never),
    close: () => service.shutdown(),
  };
}

/**
 * Collects the "call ready" events on a NATS server, both lanes (`ingest.call.fetched.v1` and
 * `ingest.post-call.fetched.v1`; core NATS sees every JetStream publish).
 */
export class CallFetchedListener {
  readonly events: CallFetchedV1[] = [];
  /** The lane each event of `events` (same index) arrived on. */
  readonly lanes: CallReadyLane[] = [];
  private readonly waiters: { match: (e: CallFetchedV1) => boolean; resolve: (e: CallFetchedV1) => void; at: number }[] = [];
  readonly arrivals = new Map<string, number>();

  private constructor(private readonly nats: NatsClient) {}

  static async start(natsUrl: string): Promise<CallFetchedListener> {
    const nats = await NatsClient.connect({ servers: natsUrl, name: 'ingest-test-listener', logger: createLogger({ name: 't', level: 'silent' }) });
    const listener = new CallFetchedListener(nats);
    const messaging = new IngestMessaging();
    const laneOf = new Map<string, CallReadyLane>(CALL_READY_LANES.map((lane) => [messaging.callReady(lane).subject, lane]));
    const sub = nats.nc.subscribe('ingest.*.fetched.v1');
    void (async () => {
      for await (const m of sub) {
        const lane = laneOf.get(m.subject);
        if (!lane) continue;
        const e = m.json() as CallFetchedV1;
        listener.events.push(e);
        listener.lanes.push(lane);
        if (!listener.arrivals.has(e.callId)) listener.arrivals.set(e.callId, Date.now());
        for (const w of [...listener.waiters]) {
          if (w.match(e)) {
            listener.waiters.splice(listener.waiters.indexOf(w), 1);
            w.resolve(e);
          }
        }
      }
    })();
    await nats.nc.flush();
    return listener;
  }

  /** The first event (already seen or coming) that matches. */
  next(match: (e: CallFetchedV1) => boolean): Promise<CallFetchedV1> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve, at: Date.now() }));
  }

  of(callId: string): CallFetchedV1[] {
    return this.events.filter((e) => e.callId === callId);
  }

  /** The lanes the events of `callId` arrived on, in order. */
  lanesOf(callId: string): CallReadyLane[] {
    return this.lanes.filter((_, i) => this.events[i]!.callId === callId);
  }

  async close(): Promise<void> {
    await this.nats.drain();
  }
}
