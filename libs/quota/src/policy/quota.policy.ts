import { QUOTA_PRIORITIES, QuotaPrioritySchema, type QuotaPriority } from '@gong-connector/contracts';
import { z } from 'zod';

const ms = z.number().int().nonnegative();
const positiveMs = z.number().int().positive();
const perPriority = <T extends z.ZodType>(value: T, defaults: Record<QuotaPriority, z.input<T>>) =>
  z
    .object(Object.fromEntries(QUOTA_PRIORITIES.map((p) => [p, value.default(defaults[p] as never)])) as {
      [K in QuotaPriority]: z.ZodDefault<T>;
    })
    .prefault({});

/**
 * The quota broker's configuration. Every field has a default that matches Gong's documented limits
 * (3 requests/s, 10,000/day per company); `resolveQuotaPolicy({})` gives them all.
 */
export const QuotaPolicySchema = z
  .object({
    /** Gong's per-second ceiling. Never more than this many grants in any 1-second window. */
    ratePerSecond: z.number().int().min(1).max(1000).default(3),
    /**
     * Added to the 1-second window: a token stays live `1000 + safetyMarginMs` ms after its request
     * was answered (see `earliestGrantAt`), a margin for how Gong itself counts a second.
     */
    safetyMarginMs: z.number().int().min(0).max(10_000).default(100),
    /** Gong's daily budget. Never granted beyond, across restarts. */
    dailyLimit: z.number().int().min(1).default(10_000),
    /**
     * When the budget day starts: at `hour` o'clock in the zone `utcOffsetMinutes` east of UTC.
     * Gong's reset time is undocumented; midnight UTC is the common assumption. A 429 with a long
     * Retry-After (Gong's own daily refusal) pauses the broker whatever this says.
     */
    dayBoundary: z
      .object({
        utcOffsetMinutes: z.number().int().min(-14 * 60).max(14 * 60).default(0),
        hour: z.number().int().min(0).max(23).default(0),
      })
      .prefault({}),
    /**
     * Per priority: refused with QUOTA_EXHAUSTED once a grant would leave fewer than this many
     * requests of the day. The default keeps 1,500 for interactive and post-call work.
     */
    minRemaining: perPriority(z.number().int().min(0), {
      interactive: 0,
      'post-call': 0,
      sync: 1500,
      backfill: 1500,
    }),
    /**
     * Per priority: the share of grants a waiting class gets while higher classes keep it waiting,
     * so it never starves (strict priority otherwise). 0.05 means every 20th grant.
     */
    floorShare: perPriority(z.number().min(0).max(0.5), {
      interactive: 0,
      'post-call': 0.25,
      sync: 0.1,
      backfill: 0.05,
    }),
    /**
     * Per priority: tokens of each pacing window the class leaves free for the classes without
     * headroom, so an interactive or post-call request finds a free token at once even while
     * backfill saturates. A class with headroom is also spread evenly (grants at least
     * ceil(window / (rate − headroom)) ms apart); a class without takes any free token at once.
     * Clamped to `ratePerSecond − 1`. Costs little: the daily budget, not the rate, bounds spend.
     *
     * Measured (10 simulated minutes, `quota.simulation.spec.ts`): with backfill saturating, the
     * default gives interactive waits of p50 0 and p99 ≤ 300 ms; with sync runs and post-call pairs
     * on top, interactive p99 ≤ 450 ms and post-call p95 ≈ 0.5–0.7 s. `{ 'post-call': 1,
     * backfill: 2 }` makes interactive waits ≈ 0 at the cost of post-call p95 ≈ 1.1 s and
     * backfill at 1 per window.
     */
    headroom: perPriority(z.number().int().min(0), { interactive: 0, 'post-call': 0, sync: 1, backfill: 1 }),
    /** Largest batch permit; per class also at most `ratePerSecond − headroom`. */
    maxCost: z.number().int().min(1).default(3),
    /** Waiting requests held per priority; beyond it requests are refused with RATE_LIMITED. */
    maxQueuePerPriority: z.number().int().min(1).default(1000),
    /** How long a permit is tracked as in flight; a permit not reported by then stays spent. */
    leaseMs: positiveMs.default(120_000),
    pause: z
      .object({
        /** Pause after a 429 without Retry-After. */
        defaultMs: positiveMs.default(5_000),
        /** Longest pause honoured (guards against a garbage Retry-After). */
        maxMs: positiveMs.default(24 * 3600_000),
      })
      .prefault({}),
    /** After a pause (or a restart) the rate starts at `startRate` and rises by `step` every `stepMs`. */
    ramp: z
      .object({
        startRate: z.number().int().min(1).default(1),
        step: z.number().int().min(1).default(1),
        stepMs: positiveMs.default(10_000),
      })
      .prefault({}),
    breaker: z
      .object({
        /** Counted 429s within `windowMs` that open the breaker. */
        threshold: z.number().int().min(1).default(3),
        windowMs: positiveMs.default(60_000),
        /** How long the breaker stays open before letting one probe through. */
        coolDownMs: positiveMs.default(60_000),
        /** Classes that pass an open breaker. */
        passes: z.array(QuotaPrioritySchema).default(['interactive', 'post-call']),
      })
      .prefault({}),
    /**
     * Write-ahead of the daily counter: the broker only grants within a spend it has durably recorded,
     * and asks to record `aheadBy` more once fewer than `renewBelow` are left. A crash loses at most
     * `aheadBy` requests of budget, and never overruns it.
     */
    persistence: z
      .object({
        aheadBy: z.number().int().min(1).default(50),
        renewBelow: z.number().int().min(0).default(25),
      })
      .prefault({}),
    /** After a restart nothing is granted for this long (in-flight requests of the old process may still land), then the rate ramps up. */
    restartQuietMs: ms.default(1_100),
  })
  .superRefine((p, ctx) => {
    if (p.maxCost > p.ratePerSecond)
      ctx.addIssue({ code: 'custom', path: ['maxCost'], message: 'must not exceed ratePerSecond' });
    if (p.ramp.startRate > p.ratePerSecond)
      ctx.addIssue({ code: 'custom', path: ['ramp', 'startRate'], message: 'must not exceed ratePerSecond' });
    if (p.persistence.renewBelow >= p.persistence.aheadBy)
      ctx.addIssue({ code: 'custom', path: ['persistence', 'renewBelow'], message: 'must be below aheadBy' });
    for (const priority of QUOTA_PRIORITIES)
      if (p.minRemaining[priority] >= p.dailyLimit)
        ctx.addIssue({ code: 'custom', path: ['minRemaining', priority], message: 'must be below dailyLimit' });
  });

export type QuotaPolicy = z.infer<typeof QuotaPolicySchema>;
export type QuotaPolicyInput = z.input<typeof QuotaPolicySchema>;

/** Fills in defaults and checks the policy; throws a ZodError on a bad one (validate at the app's edge). */
export function resolveQuotaPolicy(input: QuotaPolicyInput = {}): QuotaPolicy {
  return QuotaPolicySchema.parse(input);
}

/** Window tokens `priority` leaves free (its configured headroom, so that it can still run). */
export function headroomOf(policy: QuotaPolicy, priority: QuotaPriority): number {
  return Math.min(policy.headroom[priority], policy.ratePerSecond - 1);
}

/** The largest batch permit `priority` may ask for. */
export function maxCostOf(policy: QuotaPolicy, priority: QuotaPriority): number {
  return Math.min(policy.maxCost, policy.ratePerSecond - headroomOf(policy, priority));
}

/** The pacing window: 1 s plus the safety margin. */
export function windowMsOf(policy: QuotaPolicy): number {
  return 1000 + policy.safetyMarginMs;
}
