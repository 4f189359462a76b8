import { describe, expect, it } from '@jest/globals';
import {
  AppError,
  ErrorCode,
  type QuotaAcquireReplyV1,
  type QuotaAcquireRequestV1Input,
  type QuotaReportRequestV1,
  type RequestContract,
} from '@gong-connector/contracts';
import { createLogger } from '../logging/create-logger.js';
import type { RpcClient } from '../nats/rpc.js';
import { BrokerPermitSource, type BrokerPermitSourceOptions, type PermitAcquired } from './broker-permit-source.js';

const T0 = Date.UTC(2026, 2, 2, 12, 0, 0);

type Answer = QuotaAcquireReplyV1 | 'no-broker' | 'no-answer' | 'stepping-down';

/**
 * A broker on the other end of NATS, scripted: each acquire takes the next answer. Time only moves
 * when the source sleeps or a request "waits" (`takesMs`), so every wait is exact.
 */
class ScriptedBroker implements Pick<RpcClient, 'request'> {
  now = T0;
  readonly acquires: { at: number; payload: QuotaAcquireRequestV1Input; timeoutMs: number }[] = [];
  readonly reports: QuotaReportRequestV1[] = [];
  readonly sleeps: number[] = [];
  reportFails = false;

  constructor(private readonly answers: { answer: Answer; takesMs?: number }[]) {}

  async request<C extends RequestContract>(contract: C, payload: unknown, options: { timeoutMs?: number } = {}): Promise<never> {
    if (contract.subject === 'quota.report.v1') {
      if (this.reportFails) throw new AppError(ErrorCode.DEPENDENCY_UNAVAILABLE, 'quota.report.v1: no service is answering');
      this.reports.push(payload as QuotaReportRequestV1);
      return { ok: true, known: true } as never;
    }
    this.acquires.push({ at: this.now, payload: payload as QuotaAcquireRequestV1Input, timeoutMs: options.timeoutMs ?? 0 });
    const next = this.answers.shift();
    if (!next) throw new Error('unexpected acquire');
    this.now += next.takesMs ?? 0;
    switch (next.answer) {
      case 'no-broker':
        throw new AppError(ErrorCode.DEPENDENCY_UNAVAILABLE, 'quota.acquire.v1: no service is answering');
      case 'no-answer':
        throw new AppError(ErrorCode.DEPENDENCY_UNAVAILABLE, 'quota.acquire.v1: no answer in time');
      case 'stepping-down':
        throw new AppError(ErrorCode.DEPENDENCY_UNAVAILABLE, 'The quota broker b-1 stopped granting (the leader lease lapsed); ask again');
      default:
        return next.answer as never;
    }
  }
}

const grant = (waitedMs = 0): QuotaAcquireReplyV1 => ({
  granted: true,
  permitId: `p-${waitedMs}`,
  leaseExpiresAt: new Date(T0 + 120_000).toISOString(),
  tokens: 1,
  waitedMs,
});
const refusal = (code: ErrorCode, retryAfterMs = 0): QuotaAcquireReplyV1 => ({ granted: false, code, reason: `refused: ${code}`, retryAfterMs });

function source(broker: ScriptedBroker, options: Partial<BrokerPermitSourceOptions> = {}) {
  return new BrokerPermitSource(broker, createLogger({ name: 'permit-source-test', level: 'silent' }), {
    requester: 'ingest/spec',
    clock: { now: () => broker.now },
    sleep: async (ms) => {
      broker.sleeps.push(ms);
      broker.now += ms;
    },
    ...options,
  });
}

describe('BrokerPermitSource', () => {
  it('asks the broker with the priority, cost, requester, operation and a deadline before its own timeout', async () => {
    const broker = new ScriptedBroker([{ answer: grant(40), takesMs: 40 }]);
    const seen: PermitAcquired[] = [];
    const permit = await source(broker, { onAcquired: (e) => seen.push(e) }).acquire({ priority: 'interactive', cost: 1, endpoint: 'GET /v2/calls/{id}' });
    expect(permit).toEqual({ id: 'p-40', priority: 'interactive', endpoint: 'GET /v2/calls/{id}' });
    const [ask] = broker.acquires;
    expect(ask!.payload).toEqual({
      priority: 'interactive',
      cost: 1,
      requester: 'ingest/spec',
      deadline: new Date(T0 + 5_000 - 250).toISOString(),
      operation: 'GET /v2/calls/{id}',
    });
    expect(ask!.timeoutMs).toBe(6_000);
    expect(seen).toEqual([{ priority: 'interactive', endpoint: 'GET /v2/calls/{id}', elapsedMs: 40, queuedMs: 40, attempts: 1 }]);
  });

  it('turns a refusal into an AppError with the broker’s code and wait hint', async () => {
    const broker = new ScriptedBroker([{ answer: refusal(ErrorCode.QUOTA_EXHAUSTED, 3_600_000) }]);
    const acquire = source(broker).acquire({ priority: 'backfill', cost: 1, endpoint: 'GET /v2/calls' });
    await expect(acquire).rejects.toBeInstanceOf(AppError);
    await expect(acquire).rejects.toMatchObject({ code: ErrorCode.QUOTA_EXHAUSTED, retryAfterMs: 3_600_000, message: 'refused: QUOTA_EXHAUSTED' });
  });

  it.each(['no-broker', 'no-answer', 'stepping-down'] as const)('fails interactive at once with QUOTA_BROKER_UNAVAILABLE when %s', async (answer) => {
    const broker = new ScriptedBroker([{ answer }]);
    const acquire = source(broker).acquire({ priority: 'interactive', cost: 1, endpoint: 'GET /v2/calls/{id}' });
    await expect(acquire).rejects.toMatchObject({ code: ErrorCode.QUOTA_BROKER_UNAVAILABLE });
    expect(broker.acquires).toHaveLength(1);
    expect(broker.sleeps).toEqual([]);
  });

  it('lets background work wait for a broker, asking again every second, then proceed', async () => {
    const broker = new ScriptedBroker([{ answer: 'no-broker' }, { answer: 'no-broker' }, { answer: 'stepping-down' }, { answer: grant(0) }]);
    const seen: PermitAcquired[] = [];
    const permit = await source(broker, { onAcquired: (e) => seen.push(e) }).acquire({ priority: 'sync', cost: 1, endpoint: 'GET /v2/calls' });
    expect(permit.id).toBe('p-0');
    expect(broker.sleeps).toEqual([1000, 1000, 1000]);
    expect(seen[0]).toMatchObject({ attempts: 4, elapsedMs: 3000 });
  });

  it('gives up at the deadline when no broker comes back', async () => {
    const broker = new ScriptedBroker(Array.from({ length: 5 }, () => ({ answer: 'no-broker' as const })));
    const acquire = source(broker).acquire({ priority: 'post-call', cost: 1, endpoint: 'GET /v2/calls', deadlineMs: T0 + 2_500 });
    await expect(acquire).rejects.toMatchObject({ code: ErrorCode.QUOTA_DEADLINE_EXCEEDED });
    expect(broker.sleeps).toEqual([1000, 1000, 500]);
  });

  it('waits out a long deadline in bounded requests, so a broker that died with the request queued is noticed', async () => {
    const broker = new ScriptedBroker([
      { answer: 'no-answer', takesMs: 11_000 }, // the leader crashed while holding the request
      { answer: refusal(ErrorCode.QUOTA_DEADLINE_EXCEEDED, 200), takesMs: 9_750 }, // the next leader's queue was long
      { answer: grant(1_500), takesMs: 1_500 },
    ]);
    const seen: PermitAcquired[] = [];
    const permit = await source(broker, { onAcquired: (e) => seen.push(e) }).acquire({ priority: 'backfill', cost: 1, endpoint: 'POST /v2/calls/extensive' });
    expect(permit.id).toBe('p-1500');
    expect(broker.acquires.map((a) => a.timeoutMs)).toEqual([11_000, 11_000, 11_000]);
    expect(broker.acquires.map((a) => Date.parse(String(a.payload.deadline)) - a.at)).toEqual([9_750, 9_750, 9_750]);
    expect(broker.sleeps).toEqual([1000]);
    expect(seen[0]).toMatchObject({ attempts: 3, queuedMs: 1_500 });
  });

  it('sleeps through a broker pause shorter than the deadline, but fails when the pause outlasts it', async () => {
    const broker = new ScriptedBroker([{ answer: refusal(ErrorCode.QUOTA_PAUSED, 30_000) }, { answer: grant(0) }]);
    await expect(source(broker).acquire({ priority: 'backfill', cost: 1, endpoint: 'GET /v2/calls' })).resolves.toMatchObject({ id: 'p-0' });
    expect(broker.sleeps).toEqual([30_000]);

    const long = new ScriptedBroker([{ answer: refusal(ErrorCode.QUOTA_PAUSED, 80 * 60_000) }]);
    await expect(source(long).acquire({ priority: 'backfill', cost: 1, endpoint: 'GET /v2/calls' })).rejects.toMatchObject({
      code: ErrorCode.QUOTA_PAUSED,
      retryAfterMs: 80 * 60_000,
    });
  });

  it('reports the outcome (a fetch failure as transport-error, a 429 with its Retry-After) and never fails on a lost report', async () => {
    const broker = new ScriptedBroker([]);
    const s = source(broker);
    const permit = { id: 'p-1', priority: 'sync' as const, endpoint: 'GET /v2/calls' };
    await s.report(permit, { status: 429, retryAfterSeconds: 80, endpoint: 'GET /v2/calls', durationMs: 12 });
    await s.report(permit, { status: 'network-error', endpoint: 'GET /v2/calls', durationMs: 12 });
    await s.report(permit, { status: 'timeout', endpoint: 'GET /v2/calls', durationMs: 30_000 });
    expect(broker.reports).toEqual([
      { permitId: 'p-1', status: 429, requester: 'ingest/spec', retryAfterSeconds: 80 },
      { permitId: 'p-1', status: 'transport-error', requester: 'ingest/spec' },
      { permitId: 'p-1', status: 'transport-error', requester: 'ingest/spec' },
    ]);
    broker.reportFails = true;
    await expect(s.report(permit, { status: 200, endpoint: 'GET /v2/calls', durationMs: 5 })).resolves.toBeUndefined();
  });
});
