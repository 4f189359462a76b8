import { describe, expect, it } from '@jest/globals';
import { QuotaAcquireReplyV1Schema, QuotaStateV1Schema, type QuotaPriority } from '@gong-connector/contracts';
import { toAcquireReply, type QuotaGrant, type QuotaRefusal } from '../decision/quota.decision.js';
import { createHarness, maxInAnyWindow, T0, tokenTimes, type Harness } from '../testing/quota.harness.js';
import { describeQuota } from '../view/quota.view.js';
import { decide, report, schedule } from './quota.core.js';

const FAST = { ratePerSecond: 100, maxCost: 3, safetyMarginMs: 0 } as const; // 10 ms spacing: budget tests

function grantTimes(h: Harness, ids: string[]): number[] {
  return ids.map((id) => {
    const d = h.decision(id);
    if (d?.kind !== 'grant') throw new Error(`${id} not granted: ${JSON.stringify(d)}`);
    return d.grantedAt - T0;
  });
}

function refusalOf(h: Harness, id: string): QuotaRefusal {
  const d = h.decision(id);
  if (d?.kind !== 'refusal') throw new Error(`${id} not refused: ${JSON.stringify(d)}`);
  return d;
}

function grantOf(h: Harness, id: string): QuotaGrant {
  const d = h.decision(id);
  if (d?.kind !== 'grant') throw new Error(`${id} not granted: ${JSON.stringify(d)}`);
  return d;
}

/** Spends `n` tokens of `priority` (granted and reported 200), advancing the clock as needed. */
function spend(h: Harness, n: number, priority: QuotaPriority = 'interactive'): void {
  for (let i = 0; i < n; i++) {
    const id = `spend-${priority}-${h.seq++}`;
    h.acquire(priority, { id, maxWaitMs: 3_600_000 });
    while (!h.decision(id)) h.advanceTo(h.wakeAt ?? h.now + 1);
    h.report(id, 200);
  }
  h.advanceBy(1_000); // out of the last grant's spacing
}

/** Fills the window with 3 interactive grants at the current time, so what follows must wait. */
function fillWindow(h: Harness): void {
  while (describeQuota(h.state, h.now).rate.grantsInWindow < 3)
    expect(h.acquire('interactive', { id: `fill-${h.seq++}` })).toMatchObject({ kind: 'grant' });
}

describe('pacing', () => {
  it.each([
    ['default: 2 per 1.1 s window, ceil(1100/2) apart', {}, [0, 550, 1100, 1650, 2200]],
    ['no margin: ceil(1000/2)', { safetyMarginMs: 0 }, [0, 500, 1000, 1500, 2000]],
    ['5/s with 100 ms margin: 4 per window', { ratePerSecond: 5, maxCost: 5 }, [0, 275, 550, 825, 1100]],
    ['1/s: no headroom left to keep', { ratePerSecond: 1, maxCost: 1, ramp: { startRate: 1 }, safetyMarginMs: 0 }, [0, 1000, 2000, 3000, 4000]],
  ])('%s: background grants are spread evenly', (_name, policy, expected) => {
    const h = createHarness(policy);
    const ids = ['a', 'b', 'c', 'd', 'e'];
    for (const id of ids) h.acquire('backfill', { id });
    h.advanceBy(5_000);
    expect(grantTimes(h, ids)).toEqual(expected);
  });

  it('interactive takes any free token at once, up to the rate per window', () => {
    const h = createHarness();
    const ids = ['a', 'b', 'c', 'd', 'e'];
    for (const id of ids) h.acquire('interactive', { id });
    h.advanceBy(5_000);
    expect(grantTimes(h, ids)).toEqual([0, 0, 0, 1100, 1100]);
  });

  it.each([0, 1, 137, 366, 549, 550, 901])(
    'an interactive request arriving %i ms into saturating backfill is granted at once',
    (offset) => {
      const h = createHarness();
      for (let i = 0; i < 40; i++) h.acquire('backfill', { maxWaitMs: 600_000 });
      h.advanceBy(5_000 + offset);
      expect(h.acquire('post-call')).toMatchObject({ kind: 'grant', waitedMs: 0 });
      h.advanceBy(5_000);
      expect(h.acquire('interactive')).toMatchObject({ kind: 'grant', waitedMs: 0 });
      h.advanceBy(20_000);
      expect(maxInAnyWindow(tokenTimes(h.grants), 1100)).toBe(3);
    },
  );

  it('a batch permit takes `cost` tokens and waits for room in the window', () => {
    const h = createHarness();
    h.acquire('interactive', { id: 'one' });
    h.acquire('interactive', { id: 'batch', cost: 3 });
    h.acquire('interactive', { id: 'after' });
    h.advanceBy(5_000);
    expect(grantTimes(h, ['one', 'batch', 'after'])).toEqual([0, 1100, 2200]);
    expect(grantOf(h, 'batch').cost).toBe(3);
    expect(maxInAnyWindow(tokenTimes(h.grants), 1100)).toBe(3);
  });

  it('a batch permit is not overtaken by single ones behind it', () => {
    const h = createHarness();
    h.acquire('sync', { id: 'one' });
    h.acquire('sync', { id: 'batch', cost: 2 });
    h.acquire('sync', { id: 'single' }); // would fit at 550, but waits its turn
    h.advanceBy(5_000);
    expect(grantTimes(h, ['one', 'batch', 'single'])).toEqual([0, 1100, 2200]);
  });

  it('never grants more than the rate in any 1-second window under a flood', () => {
    const h = createHarness();
    for (let i = 0; i < 200; i++) {
      const priority = (['interactive', 'post-call', 'sync', 'backfill'] as const)[i % 4];
      h.acquire(priority, { cost: 1 + (i % (priority === 'sync' || priority === 'backfill' ? 2 : 3)), maxWaitMs: 600_000 });
    }
    h.advanceBy(300_000);
    expect(h.grants).toHaveLength(200);
    expect(maxInAnyWindow(tokenTimes(h.grants), 1000)).toBeLessThanOrEqual(3);
    expect(maxInAnyWindow(tokenTimes(h.grants), 1100)).toBeLessThanOrEqual(3);
  });
});

describe('priority and fairness', () => {
  it('serves classes in priority order, FIFO within a class', () => {
    const h = createHarness();
    fillWindow(h);
    const order = ['backfill-1', 'sync-1', 'backfill-2', 'post-call-1', 'interactive-1', 'sync-2', 'interactive-2'];
    for (const id of order) h.acquire(id.replace(/-\d$/, '') as QuotaPriority, { id });
    h.advanceBy(10_000);
    const granted = h.grants.map((g) => g.id);
    expect(granted.slice(3)).toEqual(['interactive-1', 'interactive-2', 'post-call-1', 'sync-1', 'sync-2', 'backfill-1', 'backfill-2']);
  });

  it('reports the queue position of a waiting request', () => {
    const h = createHarness();
    fillWindow(h);
    h.acquire('sync');
    expect(h.acquire('sync')).toMatchObject({ kind: 'queued', position: 2 });
    expect(h.acquire('interactive')).toMatchObject({ kind: 'queued', position: 1 });
  });

  it.each([
    ['backfill', 0.05],
    ['sync', 0.1],
    ['post-call', 0.25],
  ] as const)('%s gets at least its floor share while interactive floods', (low, share) => {
    const h = createHarness({}, {});
    for (let i = 0; i < 100; i++) h.acquire(low, { maxWaitMs: 3_600_000 });
    // interactive keeps 3 requests waiting all the time
    const total = 400;
    for (let i = 0; i < 3; i++) h.acquire('interactive', { maxWaitMs: 3_600_000 });
    while (h.grants.length < total) {
      h.advanceTo(h.wakeAt!);
      while (h.state.queues.interactive.length < 3) h.acquire('interactive', { maxWaitMs: 3_600_000 });
    }
    const lowGrants = h.grants.slice(0, total).filter((g) => g.priority === low).length;
    expect(lowGrants).toBeGreaterThanOrEqual(Math.floor(share * total) - 2);
    expect(lowGrants).toBeLessThanOrEqual(Math.ceil(share * total) + 1);
  });

  it('gives no floor credit when nothing higher waits (strict priority otherwise)', () => {
    const h = createHarness({ floorShare: { backfill: 0.5 } });
    for (let i = 0; i < 10; i++) h.acquire('backfill');
    h.advanceBy(10_000);
    expect(h.state.credits.backfill).toBe(0);
    h.acquire('interactive', { id: 'i' });
    h.acquire('backfill', { id: 'b' });
    h.advanceBy(2_000);
    expect(grantOf(h, 'i').grantedAt).toBeLessThan(grantOf(h, 'b').grantedAt);
  });
});

describe('deadlines', () => {
  it('refuses a request whose deadline passed on arrival', () => {
    const h = createHarness();
    expect(h.acquire('interactive', { deadline: T0 })).toMatchObject({ kind: 'refusal', code: 'QUOTA_DEADLINE_EXCEEDED' });
  });

  it('refuses a waiting request at its deadline, never grants it late', () => {
    const h = createHarness();
    for (let i = 0; i < 10; i++) h.acquire('interactive', { maxWaitMs: 60_000 });
    h.acquire('backfill', { id: 'b', deadline: T0 + 1_500 });
    h.advanceBy(1_499);
    expect(h.decision('b')).toBeUndefined();
    h.advanceBy(1);
    expect(refusalOf(h, 'b')).toMatchObject({ code: 'QUOTA_DEADLINE_EXCEEDED', waitedMs: 1_500 });
    expect(h.state.queues.backfill).toHaveLength(0);
  });

  it('refuses the head at once when its next token comes after its deadline', () => {
    const h = createHarness();
    h.acquire('sync', { id: 'first' });
    expect(h.acquire('sync', { id: 'tight', deadline: T0 + 300 })).toMatchObject({
      kind: 'refusal',
      code: 'QUOTA_DEADLINE_EXCEEDED',
      retryAfterMs: 550,
    });
  });

  it('grants at the last possible moment before the deadline', () => {
    const h = createHarness();
    h.acquire('sync', { id: 'first' });
    h.acquire('sync', { id: 'just', deadline: T0 + 551 });
    h.advanceBy(1_000);
    expect(grantTimes(h, ['just'])).toEqual([550]);
  });
});

describe('daily budget and reserves', () => {
  const policy = { ...FAST, dailyLimit: 100, minRemaining: { sync: 15, backfill: 30 }, persistence: { aheadBy: 10, renewBelow: 5 } };

  it.each([
    ['backfill', 70],
    ['sync', 85],
    ['post-call', 100],
    ['interactive', 100],
  ] as const)('%s stops at %i of 100', (priority, stopsAt) => {
    const h = createHarness(policy);
    spend(h, stopsAt - 1, 'interactive');
    expect(h.acquire(priority, { id: 'last' })).toMatchObject({ kind: 'grant' });
    const refused = h.acquire(priority, { id: 'over' });
    expect(refused).toMatchObject({ kind: 'refusal', code: 'QUOTA_EXHAUSTED' });
    const day = new Date(T0).toISOString().slice(0, 10);
    expect((refused as QuotaRefusal).retryAfterMs).toBe(Date.parse(`${day}T00:00:00Z`) + 86_400_000 - h.now);
    expect((refused as QuotaRefusal).reason).toMatch(/budget/);
  });

  it('refuses a waiting sync request when the reserve is reached while it waits', () => {
    const h = createHarness(policy);
    spend(h, 83);
    expect(h.acquire('sync', { id: 's1' })).toMatchObject({ kind: 'grant' });
    expect(h.acquire('sync', { id: 's2' })).toMatchObject({ kind: 'queued' }); // spacing; 85 is still allowed
    expect(h.acquire('interactive', { id: 'i' })).toMatchObject({ kind: 'grant' }); // takes the 85th
    h.advanceBy(1_000);
    expect(refusalOf(h, 's2').code).toBe('QUOTA_EXHAUSTED');
  });

  it('a batch must fit the budget whole', () => {
    const h = createHarness(policy);
    spend(h, 98);
    expect(h.acquire('interactive', { cost: 3 })).toMatchObject({ kind: 'refusal', code: 'QUOTA_EXHAUSTED' });
    expect(h.acquire('interactive', { cost: 2 })).toMatchObject({ kind: 'grant' });
  });

  it('rolls over at the day boundary', () => {
    const h = createHarness({ ...policy, dayBoundary: { hour: 8 } });
    spend(h, 100);
    const refused = h.acquire('interactive') as QuotaRefusal;
    expect(refused.code).toBe('QUOTA_EXHAUSTED');
    const boundary = Date.parse('2026-03-03T08:00:00Z');
    expect(h.now + refused.retryAfterMs).toBe(boundary);
    h.advanceTo(boundary - 1);
    expect(h.acquire('interactive')).toMatchObject({ kind: 'refusal', code: 'QUOTA_EXHAUSTED' });
    h.advanceTo(boundary);
    // the new day's spend must be stored before its first grant: queued, then granted on confirm
    expect(h.acquire('backfill', { id: 'new-day' })).toMatchObject({ kind: 'queued' });
    expect(grantOf(h, 'new-day').grantedAt).toBe(boundary);
    expect(h.state.budget).toMatchObject({ dayKey: '2026-03-03', used: 1 });
    expect(h.stored).toMatchObject({ dayKey: '2026-03-03', used: 10 });
  });

  it('spends at grant time: 429s, 5xx and unreported permits still count; not-sent gives back', () => {
    const h = createHarness(policy, { reportAfterMs: null });
    for (const id of ['ok', 'err', 'lost', 'unsent', 'transport']) {
      h.acquire('interactive', { id });
      h.advanceBy(100);
    }
    expect(h.state.budget.used).toBe(5);
    h.report('ok', 200);
    h.report('err', 503);
    h.report('transport', 'transport-error');
    expect(h.state.budget.used).toBe(5);
    h.report('unsent', 'not-sent');
    expect(h.state.budget.used).toBe(4);
    expect(h.report('unsent', 'not-sent')).toBe(false); // once only
    expect(h.state.budget.used).toBe(4);
  });
});

describe('leases', () => {
  it('forgets a permit not reported within its lease; it stays spent', () => {
    const h = createHarness({ leaseMs: 10_000 }, { reportAfterMs: null });
    h.acquire('sync', { id: 'p' });
    expect(describeQuota(h.state, h.now).inFlight).toBe(1);
    h.advanceBy(10_000);
    h.tick();
    expect(h.state.inFlight).toEqual({});
    expect(h.report('p', 200)).toBe(false);
    expect(h.state.budget.used).toBe(1);
  });

  it('gives the lease end in the grant reply', () => {
    const h = createHarness();
    const g = h.acquire('sync', { id: 'p' }) as QuotaGrant;
    expect(toAcquireReply(g)).toEqual({
      granted: true,
      permitId: 'p',
      leaseExpiresAt: new Date(T0 + 120_000).toISOString(),
      tokens: 1,
      waitedMs: 0,
    });
  });
});

describe('pause and ramp after a 429', () => {
  it('pauses every grant for Retry-After, then ramps from 1/s by 1 per 10 s', () => {
    const h = createHarness();
    h.acquire('interactive', { id: 'p' });
    h.report('p', 429, 10);
    expect(h.state.pause).toMatchObject({ until: T0 + 10_000, reason: 'rate-limited' });
    for (let i = 0; i < 60; i++) h.acquire('interactive', { maxWaitMs: 600_000 });
    h.acquire('backfill', { id: 'background', maxWaitMs: 600_000 });
    h.advanceBy(60_000);
    const times = h.grants.filter((g) => g.priority === 'interactive').slice(1).map((g) => g.grantedAt - T0);
    expect(times[0]).toBe(10_000);
    const phase = (from: number, to: number) => times.filter((t) => t >= from && t < to);
    expect(maxInAnyWindow(phase(10_000, 20_000), 1100)).toBe(1);
    expect(maxInAnyWindow(phase(20_000, 30_000), 1100)).toBe(2);
    expect(maxInAnyWindow(phase(30_000, 40_000), 1100)).toBe(3);
    expect(phase(10_000, 20_000)).toHaveLength(10);
    // background work keeps its headroom: nothing for it until the ramp reaches 2/s
    expect(grantOf(h, 'background').grantedAt - T0).toBeGreaterThanOrEqual(20_000);
    expect(h.state.pause.rampFrom).toBeNull();
  });

  it.each([
    ['Retry-After 80 minutes', 4_800, 4_800_000],
    ['no Retry-After: the default pause', undefined, 5_000],
    ['Retry-After 0: no pause, but a ramp', 0, 0],
    ['a garbage Retry-After is capped', 7 * 24 * 3600, 24 * 3_600_000],
  ])('%s', (_name, retryAfterSeconds, pauseMs) => {
    const h = createHarness();
    h.acquire('interactive', { id: 'p' });
    h.report('p', 429, retryAfterSeconds);
    h.acquire('interactive', { id: 'next', maxWaitMs: 2 * 24 * 3_600_000 });
    h.advanceBy(2 * 24 * 3_600_000);
    expect(grantOf(h, 'next').grantedAt).toBe(Math.max(T0 + pauseMs, T0 + 1_100));
  });

  it('refuses waiting and new requests whose deadline falls inside the pause', () => {
    const h = createHarness();
    h.acquire('interactive', { id: 'p' });
    fillWindow(h);
    h.acquire('interactive', { id: 'short', maxWaitMs: 5_000 });
    h.acquire('interactive', { id: 'long', maxWaitMs: 60_000 });
    h.report('p', 429, 30);
    expect(refusalOf(h, 'short')).toMatchObject({ code: 'QUOTA_PAUSED', retryAfterMs: 30_000 });
    expect(h.acquire('post-call', { maxWaitMs: 29_000 })).toMatchObject({ kind: 'refusal', code: 'QUOTA_PAUSED' });
    expect(h.acquire('post-call', { id: 'later', maxWaitMs: 40_000 })).toMatchObject({ kind: 'queued' });
    h.advanceBy(40_000);
    expect(grantTimes(h, ['long', 'later'])).toEqual([30_000, 31_100]);
  });

  it('never shortens a pause', () => {
    const h = createHarness();
    h.acquire('interactive', { id: 'a' });
    h.advanceBy(400);
    h.acquire('interactive', { id: 'b' });
    h.report('a', 429, 60);
    h.report('b', 429, 5);
    expect(h.state.pause.until).toBe(T0 + 400 + 60_000);
  });

  it('applies a 429 of an unknown permit (e.g. from before a restart)', () => {
    const h = createHarness();
    expect(h.report('from-old-process', 429, 20)).toBe(false);
    expect(h.state.pause.until).toBe(T0 + 20_000);
  });
});

describe('circuit breaker', () => {
  const policy = { breaker: { threshold: 3, windowMs: 60_000, coolDownMs: 120_000 } };

  /** Grants an interactive permit (waiting out any pause) and reports a 429 for it. */
  function rateLimited(h: Harness, retryAfterSeconds = 1): void {
    const id = `rl-${h.seq++}`;
    h.acquire('interactive', { id, maxWaitMs: 600_000 });
    while (!h.decision(id)) h.advanceTo(h.wakeAt!);
    h.report(id, 429, retryAfterSeconds);
  }

  it('opens after `threshold` 429s within the window; sheds background, passes interactive and post-call', () => {
    const h = createHarness(policy, { reportAfterMs: null });
    h.acquire('backfill', { id: 'backfill', maxWaitMs: 600_000 });
    h.report('backfill', 200);
    rateLimited(h);
    rateLimited(h);
    expect(h.state.breaker.state).toBe('closed');
    h.acquire('sync', { id: 'waiting-sync', maxWaitMs: 600_000 });
    rateLimited(h);
    expect(h.state.breaker.state).toBe('open');
    expect(refusalOf(h, 'waiting-sync')).toMatchObject({ code: 'QUOTA_BREAKER_OPEN' });
    const refused = h.acquire('backfill') as QuotaRefusal;
    expect(refused).toMatchObject({ kind: 'refusal', code: 'QUOTA_BREAKER_OPEN' });
    expect(refused.retryAfterMs).toBe(120_000);
    h.acquire('interactive', { id: 'i' });
    h.acquire('post-call', { id: 'pc' });
    h.advanceBy(10_000);
    expect(grantOf(h, 'i').kind).toBe('grant');
    h.report('i', 200); // at 1/s after the pause, the next token is free one window after i is done
    h.advanceBy(10_000);
    expect(grantOf(h, 'pc').kind).toBe('grant');
  });

  it('does not count 429s outside the window', () => {
    const h = createHarness(policy, { reportAfterMs: null });
    rateLimited(h);
    rateLimited(h);
    h.advanceBy(61_000);
    rateLimited(h);
    expect(h.state.breaker.state).toBe('closed');
  });

  it('counts permits already in flight at a 429 as one episode', () => {
    const h = createHarness(policy, { reportAfterMs: null });
    for (const id of ['a', 'b', 'c']) {
      h.acquire('interactive', { id });
      h.advanceBy(400);
    }
    h.report('a', 429, 1);
    h.report('b', 429, 1);
    h.report('c', 429, 1);
    expect(h.state.breaker).toMatchObject({ state: 'closed', rateLimitedAt: [T0 + 1_200] });
  });

  function opened() {
    const h = createHarness(policy, { reportAfterMs: null });
    rateLimited(h);
    rateLimited(h);
    rateLimited(h);
    expect(h.state.breaker.state).toBe('open');
    h.advanceBy(120_000);
    h.tick();
    expect(h.state.breaker.state).toBe('half-open');
    expect(describeQuota(h.state, h.now).breaker.state).toBe('half-open');
    const probe = h.acquire('backfill', { id: 'probe' }) as QuotaGrant;
    expect(probe).toMatchObject({ kind: 'grant', probe: true });
    expect(h.acquire('sync', { id: 'second' })).toMatchObject({ kind: 'refusal', code: 'QUOTA_BREAKER_OPEN' });
    return h;
  }

  it.each([
    ['probe succeeds → closed', 200, 'closed'],
    ['probe gets a 5xx (not a rate limit) → closed', 502, 'closed'],
    ['probe gets a 429 → open again', 429, 'open'],
    ['probe says nothing (transport error) → half-open, slot free', 'transport-error', 'half-open'],
    ['probe not sent → half-open, slot free', 'not-sent', 'half-open'],
  ] as const)('%s', (_name, status, next) => {
    const h = opened();
    h.report('probe', status, status === 429 ? 1 : undefined);
    expect(h.state.breaker.state).toBe(next);
    if (next === 'open') expect(h.state.breaker.retryAt).toBe(h.now + 120_000);
    if (next === 'half-open') {
      h.advanceBy(2_000);
      expect(h.acquire('sync', { id: 'next-probe' })).toMatchObject({ kind: 'grant', probe: true });
    }
    if (next === 'closed') {
      h.advanceBy(2_000);
      h.acquire('sync', { id: 's1' });
      h.acquire('sync', { id: 's2' });
      h.advanceBy(2_000);
      expect([grantOf(h, 's1').probe, grantOf(h, 's2').probe]).toEqual([false, false]);
    }
  });

  it('frees the probe slot when its lease expires unreported', () => {
    const h = opened();
    h.advanceBy(120_000);
    expect(h.state.breaker).toMatchObject({ state: 'half-open', probePermitId: null });
  });

  it('re-opens on a fresh 429 while half-open', () => {
    const h = opened();
    h.advanceBy(2_000);
    rateLimited(h);
    expect(h.state.breaker.state).toBe('open');
  });
});

describe('admission', () => {
  it.each([
    [{ cost: 4 }, 'VALIDATION_FAILED'],
    [{ cost: 3 }, 'VALIDATION_FAILED'], // sync keeps one token of headroom: at most 2
    [{ cost: 0 }, 'VALIDATION_FAILED'],
    [{ cost: 1.5 }, 'VALIDATION_FAILED'],
  ])('refuses %j with %s', (opts, code) => {
    const h = createHarness();
    expect(h.acquire('sync', opts)).toMatchObject({ kind: 'refusal', code });
  });

  it('accepts a batch of the full rate for interactive', () => {
    expect(createHarness().acquire('interactive', { cost: 3 })).toMatchObject({ kind: 'grant', cost: 3 });
  });

  it('refuses a duplicate request id', () => {
    const h = createHarness();
    h.acquire('sync', { id: 'x' });
    const t = decide(h.state, { id: 'x', priority: 'sync', cost: 1, requester: 't', deadline: h.now + 1000 }, h.now);
    expect(t.decision).toMatchObject({ kind: 'refusal', code: 'VALIDATION_FAILED' });
  });

  it('refuses with RATE_LIMITED when a class’s queue is full', () => {
    const h = createHarness({ maxQueuePerPriority: 2 });
    h.acquire('backfill');
    h.acquire('backfill');
    h.acquire('backfill');
    expect(h.acquire('backfill')).toMatchObject({ kind: 'refusal', code: 'RATE_LIMITED' });
    expect(h.acquire('sync')).toMatchObject({ kind: 'queued' });
  });

  it('cancels a waiting request', () => {
    const h = createHarness();
    h.acquire('sync', { id: 'a' });
    h.acquire('sync', { id: 'b' });
    expect(h.cancel('b')).toBe(true);
    expect(h.cancel('b')).toBe(false);
    h.advanceBy(5_000);
    expect(h.decision('b')).toBeUndefined();
  });
});

describe('purity and wire forms', () => {
  function deepFreeze<T>(o: T): T {
    if (o && typeof o === 'object' && !Object.isFrozen(o)) {
      Object.freeze(o);
      for (const v of Object.values(o)) deepFreeze(v);
    }
    return o;
  }

  it('never mutates its input state', () => {
    const h = createHarness();
    h.acquire('sync', { id: 'a' });
    h.acquire('sync', { id: 'b' });
    const frozen = deepFreeze(h.state);
    const copy = JSON.stringify(frozen);
    expect(() => {
      decide(frozen, { id: 'c', priority: 'interactive', cost: 1, requester: 't', deadline: T0 + 9_000 }, T0 + 5_000);
      schedule(frozen, T0 + 5_000);
      report(frozen, { permitId: 'a', status: 429, retryAfterSeconds: 3 }, T0 + 5_000);
    }).not.toThrow();
    expect(JSON.stringify(frozen)).toBe(copy);
  });

  it('maps decisions to valid replies', () => {
    const h = createHarness({ dailyLimit: 2000 });
    const grant = h.acquire('sync');
    const refusal = h.acquire('sync', { cost: 9 });
    for (const d of [grant, refusal]) {
      if (d.kind === 'queued') throw new Error('unexpected');
      expect(QuotaAcquireReplyV1Schema.parse(toAcquireReply(d))).toEqual(toAcquireReply(d));
    }
  });

  it('describes the state in the GET /v1/quota shape', () => {
    const h = createHarness({ dailyLimit: 2000 }, { reportAfterMs: null });
    h.acquire('sync', { id: 'a' });
    h.acquire('backfill');
    h.acquire('interactive');
    h.acquire('interactive');
    h.acquire('interactive');
    const view = QuotaStateV1Schema.parse(describeQuota(h.state, h.now));
    expect(view).toMatchObject({
      used: 3,
      limit: 2000,
      remaining: 1997,
      persistedUsed: 50,
      queueDepth: { interactive: 1, 'post-call': 0, sync: 0, backfill: 1 },
      inFlight: 3,
      pausedUntil: null,
      breaker: { state: 'closed', recentRateLimited: 0, probeInFlight: false },
      rate: { limitPerSecond: 3, currentPerSecond: 3, windowMs: 1100, grantsInWindow: 3 },
      reserves: { sync: { minRemaining: 1500, available: 497, open: true }, interactive: { available: 1997 } },
    });
    h.report('a', 429, 60);
    expect(describeQuota(h.state, h.now)).toMatchObject({
      pausedUntil: new Date(h.now + 60_000).toISOString(),
      pauseReason: 'rate-limited',
      rate: { currentPerSecond: 0 },
    });
  });
});
