import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { AppError, ErrorCode, type QuotaAcquireReplyV1, type QuotaPriority } from '@gong-connector/contracts';
import { createLogger, MetricsRegistry } from '@gong-connector/platform';
import { resolveQuotaPolicy, type QuotaPolicyInput, type QuotaSnapshot } from '@gong-connector/quota';
import { deferred, type Deferred } from '@gong-connector/testing';
import { QuotaMetrics } from '../metrics/quota.metrics.js';
import { QuotaBrokerService } from './quota-broker.service.js';

const T0 = Date.UTC(2026, 2, 2, 12, 0, 0);
const DAY = '2026-03-02';

/** A spend store whose writes complete when the test says so (or at once with `auto`). */
class FakeSpendStore {
  stored: QuotaSnapshot | null = null;
  readonly writes: QuotaSnapshot[] = [];
  readonly pendingWrites: Deferred<void>[] = [];
  auto = true;
  failNext = 0;

  async load(): Promise<QuotaSnapshot | null> {
    return this.stored;
  }

  async save(_budget: string, snapshot: QuotaSnapshot): Promise<QuotaSnapshot> {
    this.writes.push(snapshot);
    if (!this.auto) {
      const d = deferred<void>();
      this.pendingWrites.push(d);
      await d.promise;
    }
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('connection reset');
    }
    const s = this.stored;
    this.stored = s && s.dayKey === snapshot.dayKey ? { ...snapshot, used: Math.max(s.used, snapshot.used) } : snapshot;
    return this.stored;
  }
}

function makeBroker(policy: QuotaPolicyInput = {}, store = new FakeSpendStore()) {
  const metrics = new QuotaMetrics(new MetricsRegistry({ service: 'quota-broker-test', defaultMetrics: false }));
  const broker = new QuotaBrokerService(
    { policy: resolveQuotaPolicy(policy), budgetName: 'gong', instanceId: 'test-1', leaseName: 'quota-broker', leaseTtlMs: 5000 },
    store,
    metrics,
    createLogger({ name: 'quota-broker-test', level: 'silent' }),
    { now: () => Date.now() },
  );
  return { broker, store, metrics };
}

const ask = (broker: QuotaBrokerService, priority: QuotaPriority, waitMs = 10_000, cost = 1) =>
  broker.acquire({ priority, cost, requester: 'spec/1', deadline: new Date(Date.now() + waitMs).toISOString() });

/** Lets promise callbacks run (no time passes). */
const settle = () => jest.advanceTimersByTimeAsync(0);

function track(p: Promise<QuotaAcquireReplyV1>) {
  const out: { reply?: QuotaAcquireReplyV1; error?: unknown } = {};
  p.then(
    (r) => (out.reply = r),
    (e: unknown) => (out.error = e),
  );
  return out;
}

describe('QuotaBrokerService (drives the quota core)', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('grants nothing before the day’s spend is stored ahead, then grants at once', async () => {
    const { broker, store } = makeBroker();
    store.auto = false;
    await broker.activate(() => true);
    const first = track(ask(broker, 'interactive'));
    await settle();
    expect(first.reply).toBeUndefined();
    expect(store.writes).toEqual([{ version: 1, dayKey: DAY, used: 50, pausedUntil: null }]);
    store.pendingWrites.shift()!.resolve();
    await settle();
    expect(first.reply).toMatchObject({ granted: true, tokens: 1, waitedMs: 0 });
    expect(broker.describe()).toMatchObject({ used: 1, persistedUsed: 50 });
  });

  it('paces grants to the rate over the sliding window, with one timer', async () => {
    const { broker } = makeBroker();
    await broker.activate(() => true);
    await settle();
    const replies = [0, 1, 2, 3].map(() => track(ask(broker, 'interactive')));
    await settle();
    expect(replies.map((r) => r.reply?.granted)).toEqual([true, true, true, undefined]);
    // Gong answered the three at once: their tokens stay live one window (1.1 s) after the reports
    for (const r of replies.slice(0, 3)) if (r.reply?.granted) broker.report({ permitId: r.reply.permitId, status: 200 });
    await jest.advanceTimersByTimeAsync(1099);
    expect(replies[3]!.reply).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(replies[3]!.reply).toMatchObject({ granted: true, waitedMs: 1100 });
  });

  it('refuses a waiting request at its deadline, never granting late', async () => {
    const { broker } = makeBroker();
    await broker.activate(() => true);
    await settle();
    for (let i = 0; i < 3; i++) await ask(broker, 'interactive');
    const late = track(ask(broker, 'backfill', 500));
    await jest.advanceTimersByTimeAsync(500);
    expect(late.reply).toMatchObject({ granted: false, code: ErrorCode.QUOTA_DEADLINE_EXCEEDED });
  });

  it('continues the stored day’s count after a restart, quiet first and then ramping up', async () => {
    const store = new FakeSpendStore();
    store.stored = { version: 1, dayKey: DAY, used: 420, pausedUntil: null };
    const { broker } = makeBroker({}, store);
    await broker.activate(() => true);
    const r = track(ask(broker, 'interactive'));
    await settle();
    expect(broker.describe()).toMatchObject({ used: 420, pauseReason: 'restart' });
    expect(r.reply).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1100);
    expect(r.reply).toMatchObject({ granted: true });
    expect(broker.describe()!.used).toBe(421);
    expect(store.stored!.used).toBeGreaterThanOrEqual(421);
  });

  it('refuses sync and backfill once only the reserve is left; interactive runs on to the limit', async () => {
    const { broker } = makeBroker({ dailyLimit: 5, minRemaining: { sync: 3, backfill: 3 }, persistence: { aheadBy: 5, renewBelow: 2 } });
    await broker.activate(() => true);
    await settle();
    /** Asks, and reports a grant as answered at once (its token stays live one window after). */
    const askDone = async (priority: 'interactive' | 'sync' | 'backfill') => {
      const reply = await ask(broker, priority);
      if (reply.granted) broker.report({ permitId: reply.permitId, status: 200 });
      return reply;
    };
    await expect(askDone('backfill')).resolves.toMatchObject({ granted: true });
    await jest.advanceTimersByTimeAsync(600);
    await expect(askDone('backfill')).resolves.toMatchObject({ granted: true });
    await expect(askDone('sync')).resolves.toMatchObject({ granted: false, code: ErrorCode.QUOTA_EXHAUSTED });
    await expect(askDone('interactive')).resolves.toMatchObject({ granted: true });
    await jest.advanceTimersByTimeAsync(1100);
    await expect(askDone('interactive')).resolves.toMatchObject({ granted: true });
    await expect(askDone('interactive')).resolves.toMatchObject({ granted: true });
    await expect(askDone('interactive')).resolves.toMatchObject({ granted: false, code: ErrorCode.QUOTA_EXHAUSTED });
  });

  it('pauses every grant for the Retry-After of a reported 429, and stores the pause', async () => {
    const { broker, store } = makeBroker();
    await broker.activate(() => true);
    await settle();
    const permit = await ask(broker, 'backfill');
    if (!permit.granted) throw new Error('expected a grant');
    expect(broker.report({ permitId: permit.permitId, status: 429, retryAfterSeconds: 2 })).toEqual({ ok: true, known: true });
    await settle();
    expect(broker.describe()).toMatchObject({ pausedUntil: new Date(T0 + 2000).toISOString(), pauseReason: 'rate-limited' });
    expect(store.stored!.pausedUntil).toBe(T0 + 2000);
    const next = track(ask(broker, 'interactive'));
    await jest.advanceTimersByTimeAsync(1999);
    expect(next.reply).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(next.reply).toMatchObject({ granted: true, waitedMs: 2000 });
  });

  it('on deactivation answers every waiting request with DEPENDENCY_UNAVAILABLE (ask again) and refuses new ones', async () => {
    const { broker } = makeBroker();
    await broker.activate(() => true);
    await settle();
    for (let i = 0; i < 3; i++) await ask(broker, 'interactive');
    const waiting = track(ask(broker, 'sync'));
    broker.deactivate('lost the lease');
    await settle();
    expect(waiting.error).toBeInstanceOf(AppError);
    expect(waiting.error).toMatchObject({ code: ErrorCode.DEPENDENCY_UNAVAILABLE });
    await expect(ask(broker, 'interactive')).rejects.toMatchObject({ code: ErrorCode.DEPENDENCY_UNAVAILABLE });
    expect(() => broker.report({ permitId: 'x', status: 200 })).toThrow(AppError);
    expect(broker.describe()).toBeNull();
  });

  it('stops granting the moment the lease is no longer held, even before the step-down', async () => {
    const { broker } = makeBroker();
    let holds = true;
    await broker.activate(() => holds);
    await settle();
    await expect(ask(broker, 'interactive')).resolves.toMatchObject({ granted: true });
    holds = false;
    await expect(ask(broker, 'interactive')).rejects.toMatchObject({ code: ErrorCode.DEPENDENCY_UNAVAILABLE });
    expect(broker.active).toBe(false);
  });

  it('retries a failed write of the spend, granting only once it is stored', async () => {
    const store = new FakeSpendStore();
    store.failNext = 1;
    const { broker, metrics } = makeBroker({}, store);
    await broker.activate(() => true);
    const r = track(ask(broker, 'interactive'));
    await settle();
    expect(r.reply).toBeUndefined();
    expect(await metrics.persistFailures.get()).toMatchObject({ values: [{ value: 1 }] });
    await jest.advanceTimersByTimeAsync(1000);
    expect(r.reply).toMatchObject({ granted: true });
    expect(store.stored).toMatchObject({ used: 50 });
  });

  it('counts grants, refusals and waits in its metrics', async () => {
    const { broker, metrics } = makeBroker();
    await broker.activate(() => true);
    await settle();
    await ask(broker, 'interactive');
    await ask(broker, 'interactive', 10_000, 99);
    const grants = await metrics.grants.get();
    expect(grants.values).toEqual([expect.objectContaining({ labels: { priority: 'interactive' }, value: 1 })]);
    const refusals = await metrics.refusals.get();
    expect(refusals.values).toEqual([expect.objectContaining({ labels: { priority: 'interactive', reason: 'VALIDATION_FAILED' }, value: 1 })]);
  });
});
