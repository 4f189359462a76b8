import { randomBytes } from 'node:crypto';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { Events, Streams } from '@gong-connector/contracts';
import { SIM_FLAGS, startGongSim, type GongSim, type GongSimOptions } from '@gong-connector/gong-sim';
import { NatsClient, createLogger } from '@gong-connector/platform';
import { PrivateNatsServer } from '../private-nats.server.js';
import { testServices } from '../test-services.js';
import { freePort, startServiceProcess, type ServiceProcess, type ServiceRuntime } from './service-process.js';

export const STACK_SERVICES = ['quota-broker', 'access', 'transcript-processor', 'ingest', 'agent-api'] as const;
export type StackService = (typeof STACK_SERVICES)[number];

export interface StackOptions {
  sim?: GongSimOptions;
  databaseUrl?: string;
  /** A NATS server with JetStream to use (the demo's); default: a PrivateNatsServer of the stack's own. */
  natsUrl?: string;
  /** A schema of its own (created by the services' migrations); default: a fresh one per stack. */
  databaseSchema?: string;
  /** Extra environment per service. */
  env?: Partial<Record<StackService, Record<string, string>>>;
  logLevel?: string;
  onLine?: (service: StackService, line: string) => void;
  /** Called as each service becomes ready, with how long its start took (the demo prints a line per service). */
  onReady?: (service: StackService, url: string, startMs: number, process: ServiceProcess) => void;
  /** How the services' code runs (default `swc`: the TypeScript sources; `compiled`: dist/ of `npm run build`). */
  runtime?: ServiceRuntime;
  /** What a service's start waits for (default: the broker's /health/ready, the others' /health/live). */
  readyPath?: string;
  /**
   * Runs gong-sim as a process of its own (apps/gong-sim/src/main.ts, configured by its GONG_SIM_*
   * variables from `sim`), as real Gong is a system apart: the caller's event loop (a benchmark's
   * agents) then cannot delay when the sim sees requests. The stack then has `simProcess` and
   * `simUrl` (its /__sim surface) instead of `sim`. `sim` may hold only options with a flag.
   */
  simProcess?: boolean;
}

interface StackBase {
  /** gong-sim's base URL (its Gong API and its /__sim surface). */
  simUrl: string;
  services: Record<StackService, ServiceProcess>;
  /** The NATS server the services use. */
  natsUrl: string;
  adminToken: string;
  webhookKey: string;
  databaseSchema: string;
  stop(): Promise<void>;
}

export interface Stack extends StackBase {
  sim: GongSim;
}

/** A stack whose gong-sim runs as a process of its own (StackOptions.simProcess). */
export interface StackWithSimProcess extends StackBase {
  simProcess: ServiceProcess;
}

/** gong-sim's GONG_SIM_* environment for the options (each one that has a flag; any other is refused). */
export function simProcessEnv(options: GongSimOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const f = SIM_FLAGS.find((x) => x.option === key);
    if (!f) throw new Error(`gong-sim option ${key} cannot be passed to a gong-sim process (it has no GONG_SIM_* variable)`);
    env[f.env] = f.kind === 'list' ? (value as string[]).join(',') : f.kind === 'json' ? JSON.stringify(value) : String(value);
  }
  return env;
}

/**
 * The whole product against gong-sim (in this process, or its own with `simProcess`), each service in its own process as in
 * production: quota-broker, access, transcript-processor, ingest, agent-api. Unless told which NATS
 * to use, the stack starts a NATS server of its own (stopped with it), so no two stacks (nor any
 * other test) share subjects, streams, queue groups or durable consumers. Durable consumer names are
 * unique to the stack all the same, for a NATS server that is shared (the demo's).
 */
export async function startStack(options: StackOptions & { simProcess: true }): Promise<StackWithSimProcess>;
export async function startStack(options?: StackOptions & { simProcess?: false }): Promise<Stack>;
export async function startStack(options: StackOptions = {}): Promise<Stack | StackWithSimProcess> {
  const services = testServices();
  const ownNats = options.natsUrl === undefined ? await PrivateNatsServer.start() : undefined;
  const natsUrl = options.natsUrl ?? ownNats!.url;
  const suffix = randomBytes(3).toString('hex');
  const databaseSchema = options.databaseSchema ?? `stack_${suffix}`;
  const adminToken = `admin-${randomBytes(16).toString('hex')}`;
  const webhookKey = `wh-${randomBytes(16).toString('hex')}`;
  const ports = Object.fromEntries(await Promise.all(STACK_SERVICES.map(async (s) => [s, await freePort()] as const))) as Record<StackService, number>;
  let sim: GongSim | undefined;
  let simProcess: ServiceProcess | undefined;
  let simAt: { baseUrl: string; accessKey: string; accessKeySecret: string; webhookPublicKeyPem: string };
  const simOptions: GongSimOptions = { webhookUrls: [`http://127.0.0.1:${ports.ingest}/webhooks/gong/${webhookKey}`], ...options.sim };
  try {
    if (options.simProcess) {
      const port = await freePort();
      const credentials = { accessKey: `sim-${randomBytes(8).toString('hex')}`, accessKeySecret: randomBytes(24).toString('hex') };
      simProcess = await startServiceProcess(
        'gong-sim',
        { GONG_SIM_LOG_LEVEL: options.logLevel ?? 'warn', ...simProcessEnv({ ...simOptions, ...credentials, port, host: '127.0.0.1' }) },
        { port, readyPath: '/__sim/health', timeoutMs: 180_000, runtime: options.runtime },
      );
      const key = await fetch(`${simProcess.url}/__sim/webhook-public-key`);
      if (!key.ok) throw new Error(`gong-sim's webhook public key: ${key.status}`);
      simAt = { baseUrl: simProcess.url, ...credentials, webhookPublicKeyPem: await key.text() };
    } else {
      sim = await startGongSim({ port: 0, ...simOptions });
      simAt = { baseUrl: sim.baseUrl, accessKey: sim.credentials.accessKey, accessKeySecret: sim.credentials.accessKeySecret, webhookPublicKeyPem: sim.webhookPublicKeyPem };
    }
  } catch (error) {
    await simProcess?.stop();
    await ownNats?.stop();
    throw error;
  }
  const closeSim = async () => {
    await sim?.close();
    await simProcess?.stop();
  };
  const common = {
    HOST: '127.0.0.1',
    LOG_LEVEL: options.logLevel ?? 'warn',
    NATS_URL: natsUrl,
    DATABASE_URL: options.databaseUrl ?? services.databaseUrl,
    DATABASE_SCHEMA: databaseSchema,
  };
  const gong = {
    GONG_BASE_URL: simAt.baseUrl,
    GONG_ACCESS_KEY: simAt.accessKey,
    GONG_ACCESS_KEY_SECRET: simAt.accessKeySecret,
    GONG_PERMIT_SOURCE: 'broker',
  };
  const env: Record<StackService, Record<string, string>> = {
    'quota-broker': { ...common, QUOTA_LEASE_NAME: `quota-broker-${suffix}`, QUOTA_BUDGET_NAME: `gong-${suffix}` },
    access: { ...common, ...gong, ACCESS_ADMIN_TOKEN: adminToken, ACCESS_CALLS_DURABLE: `access-calls-${suffix}` },
    'transcript-processor': { ...common, CONSUMER_DURABLE: `transcript-processor-${suffix}` },
    ingest: {
      ...common,
      ...gong,
      INGEST_ADMIN_TOKEN: adminToken,
      INGEST_WEBHOOK_URL_KEY: webhookKey,
      INGEST_PUBLIC_WEBHOOK_URL: `http://127.0.0.1:${ports.ingest}/webhooks/gong`,
      GONG_WEBHOOK_PUBLIC_KEY: simAt.webhookPublicKeyPem,
    },
    'agent-api': {
      ...common,
      ...gong,
      AGENT_API_ADMIN_TOKEN: adminToken,
      AGENT_API_PUBLIC_URL: `http://127.0.0.1:${ports['agent-api']}`,
      AGENT_API_WEBHOOK_CONSUMER: `agent-api-webhooks-${suffix}`,
    },
  };
  const started: Partial<Record<StackService, ServiceProcess>> = {};
  try {
    await startDurablesAtTheEnd(natsUrl, suffix);
    // The broker first (everyone asks it for permits), then the rest together.
    let t0 = Date.now();
    started['quota-broker'] = await startServiceProcess('quota-broker', { ...env['quota-broker'], ...options.env?.['quota-broker'], PORT: String(ports['quota-broker']) }, {
      port: ports['quota-broker'],
      timeoutMs: 120_000,
      runtime: options.runtime,
      readyPath: options.readyPath,
      onLine: options.onLine ? (l) => options.onLine!('quota-broker', l) : undefined,
    });
    options.onReady?.('quota-broker', started['quota-broker'].url, Date.now() - t0, started['quota-broker']);
    // One at a time: on a 2-core machine parallel starts only fight over the CPU.
    for (const name of ['access', 'transcript-processor', 'ingest', 'agent-api'] as const) {
      t0 = Date.now();
      started[name] = await startServiceProcess(name, { ...env[name], ...options.env?.[name], PORT: String(ports[name]) }, {
        port: ports[name],
        readyPath: options.readyPath ?? '/health/live',
        timeoutMs: 120_000,
        runtime: options.runtime,
        onLine: options.onLine ? (l) => options.onLine!(name, l) : undefined,
      });
      options.onReady?.(name, started[name].url, Date.now() - t0, started[name]);
    }
  } catch (error) {
    await Promise.all(Object.values(started).map((s) => s.stop()));
    await closeSim();
    await ownNats?.stop();
    throw error;
  }
  return {
    ...(sim ? { sim } : { simProcess: simProcess! }),
    simUrl: simAt.baseUrl,
    services: started as Record<StackService, ServiceProcess>,
    natsUrl,
    adminToken,
    webhookKey,
    databaseSchema,
    stop: async () => {
      await Promise.all(Object.values(started).map((s) => s.stop()));
      await closeSim();
      await ownNats?.stop();
    },
  } as Stack | StackWithSimProcess;
}

/**
 * The stack's durable consumers are new, but on a shared NATS server (the demo's) the streams hold
 * every earlier run's events: created by the services themselves (deliver all), they would first
 * replay those (thousands of calls this schema does not hold, each retried and then dead-lettered)
 * ahead of this run's. Created here first, they start at the end of the streams, like a
 * deployment's consumers that have kept up; the services then find and use them. (On the stack's
 * own server the streams are empty and this changes nothing.)
 */
async function startDurablesAtTheEnd(natsUrl: string, suffix: string): Promise<void> {
  const nats = await NatsClient.connect({ servers: natsUrl, name: 'stack-setup', logger: createLogger({ name: 'stack', level: 'silent' }) });
  try {
    await nats.ensureStreams(Object.values(Streams));
    const durables: { durable: string; subject: string; ackWaitMs: number }[] = [
      // transcript-processor: CONSUMER_DURABLE (bulk lane) and its -post-call lane, CONSUMER_ACK_WAIT_MS.
      { durable: `transcript-processor-${suffix}`, subject: Events.callFetched.subject, ackWaitMs: 60_000 },
      { durable: `transcript-processor-${suffix}-post-call`, subject: Events.postCallFetched.subject, ackWaitMs: 60_000 },
      // access: ACCESS_CALLS_DURABLE and its -post-call lane (batch wait + permit wait + 60 s).
      { durable: `access-calls-${suffix}`, subject: Events.callFetched.subject, ackWaitMs: 122_000 },
      { durable: `access-calls-${suffix}-post-call`, subject: Events.postCallFetched.subject, ackWaitMs: 122_000 },
      // agent-api: AGENT_API_WEBHOOK_CONSUMER.
      { durable: `agent-api-webhooks-${suffix}`, subject: Events.callIndexed.subject, ackWaitMs: 30_000 },
      // agent-api: the tracker.mentioned consumer (AGENT_API_WEBHOOK_CONSUMER + '-tracker-mentioned').
      { durable: `agent-api-webhooks-${suffix}-tracker-mentioned`, subject: Events.callIndexed.subject, ackWaitMs: 30_000 },
    ];
    for (const { durable, subject, ackWaitMs } of durables) {
      await nats.jsm.consumers.add(Streams.calls.name, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.New,
        filter_subject: subject,
        ack_wait: ackWaitMs * 1_000_000,
        max_deliver: -1,
      });
    }
  } finally {
    await nats.drain();
  }
}
