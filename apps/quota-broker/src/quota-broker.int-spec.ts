// The quota broker against real Postgres, NATS and gong-sim at Gong's real limits (3/s, 10,000/day,
// the simulator's clock = real time). Every test of the broker that serves `quota.acquire.v1` lives
// in this one file, so no two brokers of different tests ever answer the same NATS subject; the
// tests run in order and hand the leadership on from one to the next.
//
// QUOTA_IT_LOAD_MS sets the length of the mixed-load phase (default 60 s). The tests assert what
// the broker does (zero 429s, never above the rate, everything granted, interactive first); how
// fast is `npm run bench:quota`'s (the same load for minutes: interactive wait p99, grant rate).
// The brokers and the test share a NATS server of their own (PrivateNatsServer): `quota.acquire.v1`
// is a contract subject, which a broker of any other test would otherwise answer.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppError, ErrorCode, Requests, type QuotaPriority } from '@gong-connector/contracts';
import { GongClient, GongError } from '@gong-connector/gong-client';
import { BrokerPermitSource, createLogger, NatsClient, RpcClient } from '@gong-connector/platform';
import { PrivateNatsServer, testDatabase, testServices, uniqueName, waitFor, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { spawnBroker, startBroker, type BrokerEnv, type BrokerHandle, type BrokerProcess } from '../test/broker.launcher.js';
import { maxInAnyWindow, runMixedLoad, waitsByPriority, type MixedLoadOptions } from '../test/mixed-load.driver.js';

const LOAD_MS = Number(process.env.QUOTA_IT_LOAD_MS ?? 60_000);
const LEASE_TTL_MS = 5_000;
const logger = createLogger({ name: 'quota-broker-it', level: 'silent' });

describe('quota-broker against gong-sim, Postgres and NATS', () => {
  let db: TestDatabase;
  let privateNats: PrivateNatsServer;
  let sim: GongSim;
  let nats: NatsClient;
  let rpc: RpcClient;
  let env: BrokerEnv;
  let loadBase: Omit<MixedLoadOptions, 'durationMs'>;
  const brokers: BrokerHandle[] = [];
  let a: BrokerProcess;
  let b: BrokerHandle;
  let c: BrokerHandle;

  /** A permit source as a service would have one. */
  const permitSource = () => new BrokerPermitSource(rpc, logger, { requester: 'quota-broker-it/1' });
  const gong = (priority: QuotaPriority, permits = permitSource()) =>
    new GongClient({
      auth: { kind: 'basic', accessKey: sim.credentials.accessKey, accessKeySecret: sim.credentials.accessKeySecret },
      permits,
      baseUrl: sim.baseUrl,
      priority,
      retry: { maxAttempts: 1 },
    });
  const sim429s = () => sim.stats().byStatus['429'] ?? 0;

  beforeAll(async () => {
    db = await testDatabase();
    sim = await startGongSim({ port: 0, seed: 'quota-broker-it', users: 20, accounts: 20, calls: 300, days: 30 });
    privateNats = await PrivateNatsServer.start();
    const services = { ...testServices(), natsUrl: privateNats.url };
    nats = await NatsClient.connect({ servers: services.natsUrl, name: 'quota-broker-it', logger });
    rpc = new RpcClient(nats);
    env = {
      DATABASE_URL: services.databaseUrl,
      DATABASE_SCHEMA: db.schema,
      NATS_URL: services.natsUrl,
      QUOTA_LEASE_NAME: uniqueName('qb').replace(/_/g, '-'),
      QUOTA_LEASE_TTL_MS: String(LEASE_TTL_MS),
      // After a restart or take-over the rate climbs 1 → 2 → 3 per second in steps of this (10 s in
      // production); shorter here so the fail-over phases finish sooner.
      QUOTA_RAMP_STEP_MS: '3000',
    };
    const truth = sim.groundTruth({ includeCalls: true });
    loadBase = {
      rpc,
      logger,
      baseUrl: sim.baseUrl,
      credentials: sim.credentials,
      callIds: truth.calls!.map((call) => call.id),
      history: { fromDateTime: truth.range.from, toDateTime: truth.range.to },
    };
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(brokers.map((x) => x.stop()));
    await a?.kill();
    await nats?.drain();
    await sim?.close();
    await db?.close();
    await privateNats?.stop();
  }, 30_000);

  it('without a broker, interactive fails fast and background work waits until one answers', async () => {
    const permits = permitSource();
    // No broker exists yet: the refusal comes without one ever answering.
    const interactive = permits.acquire({ priority: 'interactive', cost: 1, endpoint: 'GET /v2/calls/{id}' });
    await expect(interactive).rejects.toBeInstanceOf(AppError);
    await expect(interactive).rejects.toMatchObject({ code: ErrorCode.QUOTA_BROKER_UNAVAILABLE });

    let waited: { permitId: string; at: number } | undefined;
    const background = permits
      .acquire({ priority: 'sync', cost: 1, endpoint: 'GET /v2/calls', deadlineMs: Date.now() + 40_000 })
      .then((p) => (waited = { permitId: p.id, at: performance.now() }));
    // The broker's own process (main.ts), so a later test can kill it like a crashed pod.
    a = await spawnBroker({ ...env, BROKER_INSTANCE_ID: 'broker-a' }, { baseEnv: process.env });
    const listening = performance.now();
    expect(waited).toBeUndefined();
    await background;
    expect(waited!.at).toBeGreaterThan(listening);
    await permits.report({ id: waited!.permitId, priority: 'sync', endpoint: 'GET /v2/calls' }, { status: 'network-error', endpoint: 'GET /v2/calls', durationMs: 1 });
    expect(await a.leadership()).toMatchObject({ leader: true, serving: true, instanceId: 'broker-a' });
  }, 60_000);

  it('a standby is ready, says leader: false, subscribes to nothing and holds no quota state', async () => {
    b = await startBroker({ ...env, BROKER_INSTANCE_ID: 'broker-b' }, { logger });
    brokers.push(b);
    const ready = await b.readiness();
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
    expect(Object.keys(ready.body.dependencies).sort()).toEqual(['leadership', 'nats', 'postgres']);
    expect(ready.body.leadership).toMatchObject({ role: 'standby', leader: false, instanceId: 'broker-b', serving: false });
    await expect(b.quota()).rejects.toThrow(/503.*QUOTA_BROKER_UNAVAILABLE.*standby.*broker-a/);
    expect(await b.metrics()).toMatch(/^quota_leader\{service="quota-broker"\} 0$/m);
    // quota.state.v1 over NATS (meeting prep reads the breaker there): answered by the leader alone.
    const state = await rpc.request(Requests.quotaState, {}, { timeoutMs: 5_000 });
    expect(state).toMatchObject({ limit: (await a.quota()).limit, breaker: { state: 'closed' } });
    expect((await a.readiness()).body.leadership).toMatchObject({ role: 'leader', leader: true, fencingToken: expect.any(String) });
  });

  it(
    `mixed load at 3/s for ${LOAD_MS / 1000} s: zero 429s, never above the rate, everything granted, backfill takes what is left`,
    async () => {
      sim.resetStats();
      const result = await runMixedLoad({
        ...loadBase,
        durationMs: LOAD_MS,
        backfillClients: 3,
        interactiveEveryMs: 2_000,
        postCall: { everyMs: 15_000, calls: 2 },
        sync: { everyMs: 20_000, pages: 2 },
      });
      const waits = waitsByPriority(result.acquires);
      const grants = result.acquires.length;
      const byPriority = Object.fromEntries((['interactive', 'post-call', 'sync', 'backfill'] as const).map((p) => [p, result.acquires.filter((x) => x.priority === p).length]));
      const report = { grants, byPriority, waits, failures: result.failures, statuses: result.statuses, maxPerSecond: maxInAnyWindow(result.sends, 1000) };
      // For the test log: the figures behind the assertions.
      process.stdout.write(`mixed load: ${JSON.stringify(report)}\n`);

      // Gong (the simulator) never rate-limited us: its sliding-second limiter never saw a 4th request.
      expect(sim429s()).toBe(0);
      expect(result.statuses['429'] ?? 0).toBe(0);
      expect(sim.stats().total).toBe(result.sends.length);
      // And from our side: never more than 3 requests sent inside any 1-second window.
      expect(report.maxPerSecond).toBeLessThanOrEqual(3);
      // Everything asked for was granted (background waits; nothing was refused or failed).
      expect(result.failures).toEqual({ interactive: {}, 'post-call': {}, sync: {}, backfill: {} });
      // Agents' requests were served all along while backfill saturated the quota (how fast: bench:quota).
      expect(waits.interactive.n).toBe(result.completed.interactive);
      expect(waits.interactive.n).toBeGreaterThan(0);
      // Backfill takes what is left: most grants go to it (the grant rate is bench:quota's figure).
      expect(byPriority.backfill! / grants).toBeGreaterThan(0.4);
      expect(byPriority.interactive! + byPriority['post-call']! + byPriority.sync!).toBe(
        result.completed.interactive + result.completed['post-call'] + result.completed.sync,
      );

      // The broker's count is an upper bound of what reached Gong.
      const quota = await a.quota();
      expect(quota.used).toBeGreaterThanOrEqual(sim.quota().usedToday);
      expect(quota.persistedUsed).toBeGreaterThanOrEqual(quota.used);
      const metrics = await a.metrics();
      for (const name of [
        'quota_grants_total{priority="backfill"',
        'quota_daily_used',
        'quota_daily_limit{service="quota-broker"} 10000',
        'quota_daily_remaining',
        'quota_reserve_available{priority="sync"',
        'quota_upstream_429_total{service="quota-broker"} 0',
        'quota_paused{service="quota-broker"} 0',
        'quota_paused_until_seconds',
        'quota_breaker_state{state="closed",service="quota-broker"} 1',
        'quota_queue_depth{priority="backfill"',
        'quota_leader{service="quota-broker"} 1',
        'quota_grant_rate_per_second',
      ]) {
        expect([name, metrics.includes(name)]).toEqual([name, true]);
      }
      // Every interactive grant is in the broker's wait histogram.
      const count = /^quota_wait_seconds_count\{(?=[^}]*priority="interactive")[^}]*\} (\d+)$/m.exec(metrics);
      expect(Number(count?.[1])).toBe(waits.interactive.n);
    },
    LOAD_MS + 60_000,
  );

  it('the leader crashes: the standby takes over within seconds, the day’s count continues, background work waits and resumes', async () => {
    const before = await a.quota();
    const tokenOfA = (await a.leadership()).fencingToken;
    const load = runMixedLoad({ ...loadBase, durationMs: 20_000, backfillClients: 2, interactiveEveryMs: null });
    await waitFor(async () => (await a.quota()).used > before.used + 3, 'backfill flowing through broker A');
    const usedAtCrash = (await a.quota()).used;
    await a.kill('SIGKILL');
    const crashedAt = performance.now();
    await waitFor(async () => (await b.leadership()).serving, 'broker B serving', { timeoutMs: 15_000, intervalMs: 50 });
    const takeoverMs = performance.now() - crashedAt;
    const takenOver = await b.quota();
    // The day's count continues from what A stored ahead of its grants: never below what A granted.
    expect(takenOver.used).toBeGreaterThanOrEqual(usedAtCrash);
    await waitFor(async () => (await b.quota()).used > takenOver.used + 3, 'backfill flowing through broker B', { timeoutMs: 20_000 });
    const result = await load;
    expect(result.failures.backfill).toEqual({});
    expect(sim429s()).toBe(0);
    expect((await b.leadership()).fencingToken).not.toBe(tokenOfA);
    expect((await b.quota()).used).toBeGreaterThanOrEqual(sim.quota().usedToday);
    process.stdout.write(`takeover after a crash: ${Math.round(takeoverMs)} ms (lease TTL ${LEASE_TTL_MS} ms)\n`);
  }, 60_000);

  it('a graceful restart mid-run hands over at once and keeps the day’s count', async () => {
    const load = runMixedLoad({ ...loadBase, durationMs: 12_000, backfillClients: 2, interactiveEveryMs: 2_000 });
    await waitFor(async () => (await b.quota()).used > 0 && (await b.quota()).queueDepth.backfill > 0, 'backfill waiting at broker B');
    const usedBeforeStop = (await b.quota()).used;
    await b.stop();
    brokers.splice(brokers.indexOf(b), 1);
    c = await startBroker({ ...env, BROKER_INSTANCE_ID: 'broker-c' }, { logger });
    brokers.push(c);
    await waitFor(async () => (await c.leadership()).serving, 'broker C serving', { timeoutMs: 5_000, intervalMs: 20 });
    expect((await c.quota()).used).toBeGreaterThanOrEqual(usedBeforeStop);
    const result = await load;
    expect(result.failures.backfill).toEqual({});
    expect(sim429s()).toBe(0);
    expect((await c.quota()).used).toBeGreaterThanOrEqual(sim.quota().usedToday);
  }, 40_000);

  it('a 429 with Retry-After pauses every grant for that long (stored, so a restart keeps it)', async () => {
    await waitFor(async () => (await c.quota()).pausedUntil === null, 'the restart quiet period over', { timeoutMs: 5_000 });
    sim.setFaults({ rateLimitStorm: { retryAfterSeconds: 3, remaining: 1 } });
    const sentAfter = Date.now();
    const limited = gong('backfill').getCallsPage(loadBase.history);
    await expect(limited).rejects.toBeInstanceOf(GongError);
    await expect(limited).rejects.toMatchObject({ kind: 'rate-limited', retryAfterMs: 3_000 });
    const reportedBy = Date.now();
    sim.clearFaults();
    const quota = await c.quota();
    expect(quota.pauseReason).toBe('rate-limited');
    // Paused for the Retry-After from when the 429 came (somewhere between the request and its rejection).
    expect(Date.parse(quota.pausedUntil!)).toBeGreaterThanOrEqual(sentAfter + 3_000);
    expect(Date.parse(quota.pausedUntil!)).toBeLessThanOrEqual(reportedBy + 3_000);
    const metrics = await c.metrics();
    expect(metrics).toMatch(/^quota_paused\{service="quota-broker"\} 1$/m);
    expect(metrics).toMatch(/^quota_upstream_429_total\{service="quota-broker"\} 1$/m);
    const [row] = (await db.database.query('SELECT paused_until FROM quota_spend')) as { paused_until: Date }[];
    expect(new Date(row!.paused_until).toISOString()).toBe(quota.pausedUntil);
    // Even an interactive request waits for the pause to end.
    await expect(gong('interactive').getCall(loadBase.callIds[0]!)).resolves.toMatchObject({ id: loadBase.callIds[0] });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(quota.pausedUntil!));
    expect(sim429s()).toBe(1);
  }, 30_000);

  it('a spent budget refuses sync and backfill with QUOTA_EXHAUSTED while interactive runs on its reserve', async () => {
    await c.stop();
    brokers.splice(brokers.indexOf(c), 1);
    const small = await testDatabase();
    const d = await startBroker(
      { ...env, DATABASE_SCHEMA: small.schema, BROKER_INSTANCE_ID: 'broker-d', QUOTA_DAILY_LIMIT: '12', QUOTA_RESERVE: '4' },
      { logger },
    );
    brokers.push(d);
    try {
      await waitFor(async () => (await d.leadership()).serving, 'broker D serving', { timeoutMs: 5_000, intervalMs: 20 });
      const backfill = gong('backfill');
      for (let i = 0; i < 8; i++) await backfill.getCallsPage(loadBase.history);
      const exhausted = backfill.getCallsPage(loadBase.history);
      await expect(exhausted).rejects.toMatchObject({ code: ErrorCode.QUOTA_EXHAUSTED });
      await expect(exhausted).rejects.toThrow(/daily budget for backfill requests is spent: 8 of 12 used and the last 4 are kept/);
      await expect(gong('sync').getCallsPage(loadBase.history)).rejects.toMatchObject({ code: ErrorCode.QUOTA_EXHAUSTED });
      const interactive = gong('interactive');
      for (let i = 0; i < 4; i++) await expect(interactive.getCall(loadBase.callIds[i]!)).resolves.toMatchObject({ id: loadBase.callIds[i] });
      await expect(interactive.getCall(loadBase.callIds[5]!)).rejects.toMatchObject({ code: ErrorCode.QUOTA_EXHAUSTED });
      const quota = await d.quota();
      expect(quota).toMatchObject({ used: 12, limit: 12, remaining: 0 });
      expect(quota.reserves.interactive).toEqual({ minRemaining: 0, available: 0, open: false });
      expect(await d.metrics()).toMatch(/^quota_refusals_total\{priority="backfill",reason="QUOTA_EXHAUSTED",service="quota-broker"\} 1$/m);

      // Gong's own count says the day is spent (another integration spent it): a 429 until Gong's
      // reset pauses everyone, and a restarted broker is still paused.
      await d.stop();
      brokers.splice(brokers.indexOf(d), 1);
      const e = await startBroker({ ...env, BROKER_INSTANCE_ID: 'broker-e' }, { logger });
      brokers.push(e);
      await waitFor(async () => (await e.leadership()).serving, 'broker E serving', { timeoutMs: 5_000, intervalMs: 20 });
      sim.setQuotaUsed(sim.quota().perDay);
      await waitFor(async () => (await e.quota()).pausedUntil === null, 'the restart quiet period over', { timeoutMs: 5_000 });
      await expect(gong('sync').getCallsPage(loadBase.history)).rejects.toMatchObject({ kind: 'rate-limited' });
      const resetAt = sim.quota().resetsAt;
      await expect(gong('interactive').getCall(loadBase.callIds[0]!)).rejects.toMatchObject({ code: ErrorCode.QUOTA_PAUSED });
      await e.stop();
      brokers.splice(brokers.indexOf(e), 1);
      const f = await startBroker({ ...env, BROKER_INSTANCE_ID: 'broker-f' }, { logger });
      brokers.push(f);
      await waitFor(async () => (await f.leadership()).serving, 'broker F serving', { timeoutMs: 5_000, intervalMs: 20 });
      expect(Math.abs(Date.parse((await f.quota()).pausedUntil!) - resetAt)).toBeLessThanOrEqual(1_000);
      await expect(gong('interactive').getCall(loadBase.callIds[0]!)).rejects.toMatchObject({ code: ErrorCode.QUOTA_PAUSED });
    } finally {
      await small.close();
    }
  }, 40_000);
});
