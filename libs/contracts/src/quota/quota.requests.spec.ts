import { describe, expect, it } from '@jest/globals';
import { ErrorCode } from '../errors/error-code.js';
import { Requests } from '../messaging/subjects.js';
import {
  QUOTA_PRIORITIES,
  QuotaAcquireReplyV1Schema,
  QuotaAcquireRequestV1Schema,
  QuotaReportRequestV1Schema,
  QuotaStateV1Schema,
} from './quota.requests.js';

describe('quota.acquire.v1', () => {
  const base = { priority: 'sync', requester: 'ingest/1', deadline: '2026-03-01T12:00:05.000Z' };

  it('is declared in the Requests map', () => {
    expect(Requests.quotaAcquire.subject).toBe('quota.acquire.v1');
    expect(Requests.quotaReport.subject).toBe('quota.report.v1');
  });

  it('lists priorities highest first', () => {
    expect(QUOTA_PRIORITIES).toEqual(['interactive', 'post-call', 'sync', 'backfill']);
  });

  it('defaults cost to 1', () => {
    expect(QuotaAcquireRequestV1Schema.parse(base).cost).toBe(1);
  });

  it.each([
    [{ ...base, priority: 'urgent' }, 'priority'],
    [{ ...base, cost: 0 }, 'cost'],
    [{ ...base, cost: 1.5 }, 'cost'],
    [{ ...base, requester: '' }, 'requester'],
    [{ ...base, deadline: 1_772_000_000_000 }, 'deadline'],
    [{ ...base, deadline: 'tomorrow' }, 'deadline'],
  ])('rejects %j at %s', (input, path) => {
    const r = QuotaAcquireRequestV1Schema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual([path]);
  });

  it('parses a grant and a refusal by `granted`', () => {
    const grant = { granted: true, permitId: 'p1', leaseExpiresAt: '2026-03-01T12:02:00.000Z', tokens: 2, waitedMs: 0 };
    const refusal = { granted: false, code: ErrorCode.QUOTA_EXHAUSTED, reason: 'spent', retryAfterMs: 1000 };
    expect(QuotaAcquireReplyV1Schema.parse(grant)).toEqual(grant);
    expect(QuotaAcquireReplyV1Schema.parse(refusal)).toEqual(refusal);
    expect(QuotaAcquireReplyV1Schema.safeParse({ ...refusal, code: 'NOPE' }).success).toBe(false);
    expect(QuotaAcquireReplyV1Schema.safeParse({ ...grant, granted: false }).success).toBe(false);
  });
});

describe('quota.report.v1', () => {
  it.each([
    [{ permitId: 'p', status: 200 }, true],
    [{ permitId: 'p', status: 429, retryAfterSeconds: 4800 }, true],
    [{ permitId: 'p', status: 'transport-error' }, true],
    [{ permitId: 'p', status: 'not-sent' }, true],
    [{ permitId: 'p', status: 99 }, false],
    [{ permitId: 'p', status: 'timeout' }, false],
    [{ permitId: 'p', status: 429, retryAfterSeconds: -1 }, false],
    [{ status: 200 }, false],
  ])('%j valid: %s', (input, ok) => {
    expect(QuotaReportRequestV1Schema.safeParse(input).success).toBe(ok);
  });
});

describe('quota state', () => {
  it('requires every priority in per-priority maps', () => {
    const perPriority = <T>(v: T) => Object.fromEntries(QUOTA_PRIORITIES.map((p) => [p, v]));
    const state = {
      at: '2026-03-01T12:00:00.000Z',
      day: { key: '2026-03-01', startsAt: '2026-03-01T00:00:00.000Z', endsAt: '2026-03-02T00:00:00.000Z' },
      used: 10,
      limit: 10000,
      remaining: 9990,
      persistedUsed: 60,
      reserves: perPriority({ minRemaining: 0, available: 9990, open: true }),
      pausedUntil: null,
      pauseReason: null,
      breaker: { state: 'closed', retryAt: null, recentRateLimited: 0, probeInFlight: false },
      queueDepth: perPriority(0),
      inFlight: 0,
      rate: { limitPerSecond: 3, currentPerSecond: 3, windowMs: 1100, grantsInWindow: 0 },
    };
    expect(QuotaStateV1Schema.parse(state)).toEqual(state);
    const { backfill: _dropped, ...partial } = state.queueDepth;
    expect(QuotaStateV1Schema.safeParse({ ...state, queueDepth: partial }).success).toBe(false);
  });
});
