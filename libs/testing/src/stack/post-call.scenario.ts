import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { GongClient } from '@gong-connector/gong-client';
import { BrokerPermitSource, NatsClient, RpcClient, createLogger } from '@gong-connector/platform';
import { Arrivals } from '../arrivals.js';
import { waitFor, within } from '../deferred.js';
import { startStack, type Stack, type StackOptions } from './stack.js';

/** One `call.indexed` webhook the subscriber received. */
export interface PostCallDelivery {
  at: number;
  body: string;
  signature: string;
  callId: string;
}

export interface PostCallScenarioOptions {
  /** Calls of history for the backfill (default 4,000: more than the quota serves meanwhile). */
  historyCalls?: number;
  /** How long after each webhook Gong's transcript is ready (default 1,500 ms). */
  transcriptDelayMs?: number;
  logLevel?: string;
  /** Extra environment per service (the traces e2e turns OTLP export on). */
  env?: StackOptions['env'];
}

export interface LiveCallsOptions {
  calls: number;
  /**
   * When each call ends: `after-delivery` once the previous call reached the subscriber (a test,
   * which waits on outcomes), or every `everyMs` (a benchmark: a busy hour's arrival rate).
   */
  pacing: 'after-delivery' | { everyMs: number };
  /** The bound on each call's wait for its webhook (default 60 s). */
  deliveryTimeoutMs?: number;
}

export interface LiveCallsResult {
  /** Each live call: webhook sent → signed call.indexed received by the subscriber. */
  calls: { callId: string; latencyMs: number; delivery: PostCallDelivery }[];
  liveSeconds: number;
  /** Quota tokens granted while the live calls ran, in all and to backfill. */
  usedDuring: number;
  backfillDuring: number;
  /** Backfill requests waiting at the broker when each live call ended. */
  queuedSamples: number[];
}

const metric = async (url: string, prefix: string): Promise<number> => {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
};

/**
 * The post-call path's workload, shared by its end-to-end test (which asserts what happens) and
 * `npm run bench:post-call` (which measures how fast): the whole stack against gong-sim, a
 * subscriber of signed `call.indexed` webhooks, a backfill that saturates the Gong quota, and live
 * calls whose webhooks Gong fires meanwhile.
 */
export class PostCallScenario {
  readonly secret = 'whsec_e2e_post_call_secret_0123456789';
  private saturating = false;
  private saturation: Promise<unknown> = Promise.resolve();
  private saturator: NatsClient | undefined;

  private constructor(
    readonly stack: Stack,
    private readonly receiver: Server,
    /** Every webhook the subscriber received, by call id. */
    readonly deliveries: Arrivals<PostCallDelivery>,
  ) {}

  static async start(options: PostCallScenarioOptions = {}): Promise<PostCallScenario> {
    const deliveries = new Arrivals<PostCallDelivery>((d) => d.callId);
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const at = Date.now();
        res.writeHead(204).end();
        const callId = (JSON.parse(body) as { data: { callId: string } }).data.callId;
        const delivery = { at, body, signature: String(req.headers['x-gong-connector-signature'] ?? ''), callId };
        deliveries.add(delivery);
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const address = receiver.address();
    const receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks`;
    let stack: Stack;
    try {
      // 4,000 calls of history: 40 extensive pages and 40 transcript batches of 100, more than the
      // quota can serve while the live calls arrive, so the backfill saturates it throughout.
      stack = await startStack({
        ...(options.logLevel ? { logLevel: options.logLevel } : {}),
        ...(options.env ? { env: options.env } : {}),
        sim: {
          seed: `post-call-${randomBytes(4).toString('hex')}`,
          users: 40,
          accounts: 30,
          calls: options.historyCalls ?? 4000,
          days: 90,
          pageSize: 20,
          transcriptPageSize: 10,
          transcriptDelayMs: options.transcriptDelayMs ?? 1_500,
        },
      });
    } catch (error) {
      receiver.close();
      throw error;
    }
    const scenario = new PostCallScenario(stack, receiver, deliveries);
    await scenario.admin(stack.services['agent-api'].url, '/admin/webhooks', { url: receiverUrl, events: ['call.indexed'], secret: scenario.secret, principal: { kind: 'service', name: 'post-call e2e', scope: { calls: 'all', includePrivate: true } } });
    return scenario;
  }

  get brokerUrl(): string {
    return this.stack.services['quota-broker'].url;
  }

  /** An admin request to a service; throws naming the path unless it succeeds. */
  async admin<T>(url: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${this.stack.adminToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** Quota tokens the broker granted (to backfill only, or in all). */
  backfillTokens(): Promise<number> {
    return metric(this.brokerUrl, 'quota_granted_tokens_total{priority="backfill"');
  }

  usedTokens(): Promise<number> {
    return metric(this.brokerUrl, 'quota_granted_tokens_total{');
  }

  metric(url: string, prefix: string): Promise<number> {
    return metric(url, prefix);
  }

  /**
   * Starts a backfill of the whole history and waits until it spends quota; then two more
   * backfill-priority loops ask the same broker for permits and spend them on real (cheap) Gong
   * requests. (The backfill alone is bound by the machine's CPU: between pages it has no permit
   * request waiting. With them, backfill demand exceeds what the broker grants throughout, as with
   * a backfill on a real machine.)
   */
  async saturateWithBackfill(): Promise<void> {
    const truth = this.stack.sim.groundTruth();
    await this.admin(this.stack.services.ingest.url, '/admin/backfills', { from: truth.range.from, to: truth.range.to });
    await waitFor(async () => (await this.backfillTokens()) >= 4, 'the backfill spending quota', { timeoutMs: 60_000, intervalMs: 200 });
    const logger = createLogger({ name: 'post-call-load', level: 'silent' });
    this.saturator = await NatsClient.connect({ servers: this.stack.natsUrl, name: 'post-call-backfill-load', logger });
    const extraBackfill = new GongClient({
      baseUrl: this.stack.sim.baseUrl,
      auth: { kind: 'basic', accessKey: this.stack.sim.credentials.accessKey, accessKeySecret: this.stack.sim.credentials.accessKeySecret },
      permits: new BrokerPermitSource(new RpcClient(this.saturator), logger, { requester: 'post-call/backfill-load' }),
    });
    this.saturating = true;
    this.saturation = Promise.all(
      [0, 1].map(async () => {
        while (this.saturating) {
          try {
            for await (const page of extraBackfill.listUsers({}, { priority: 'backfill' })) void page;
          } catch {
            // Load, not a subject: a refused or failed request is asked again (the test counts 429s at gong-sim).
          }
        }
      }),
    );
  }

  /** Completes live calls in gong-sim (each fires its webhook) and waits for each at the subscriber. */
  async liveCalls(options: LiveCallsOptions): Promise<LiveCallsResult> {
    const backfillQueued = async () => ((await (await fetch(`${this.brokerUrl}/v1/quota`)).json()) as { queueDepth: { backfill: number } }).queueDepth.backfill;
    const timeoutMs = options.deliveryTimeoutMs ?? 60_000;
    const backfillBefore = await this.backfillTokens();
    const usedBefore = await this.usedTokens();
    const queuedSamples: number[] = [];
    const pacing = options.pacing;
    const liveStart = Date.now();
    const runs: Promise<LiveCallsResult['calls'][number]>[] = [];
    for (let i = 0; i < options.calls; i++) {
      queuedSamples.push(await backfillQueued());
      const t0 = Date.now();
      const { call } = this.stack.sim.completeCall();
      const run = within(this.deliveries.of(call.id), timeoutMs, `call.indexed webhook for live call ${call.id}`).then((delivery) => ({
        callId: call.id,
        latencyMs: delivery.at - t0,
        delivery,
      }));
      runs.push(run);
      if (i === options.calls - 1) break;
      if (pacing === 'after-delivery') await run;
      else await new Promise((r) => setTimeout(r, pacing.everyMs)); // the arrival rate, not a wait for an outcome
    }
    const calls = await Promise.all(runs);
    return {
      calls,
      liveSeconds: (Date.now() - liveStart) / 1000,
      backfillDuring: (await this.backfillTokens()) - backfillBefore,
      usedDuring: (await this.usedTokens()) - usedBefore,
      queuedSamples,
    };
  }

  async stop(): Promise<void> {
    this.saturating = false;
    await this.saturation.catch(() => undefined);
    await this.saturator?.drain().catch(() => undefined);
    await this.stack.stop();
    this.receiver.close();
  }
}
