import { AppError, ErrorCode } from '@gong-connector/contracts';
import { QuotaPolicySchema, type QuotaPolicy } from '@gong-connector/quota';
import type { QuotaBrokerConfig } from '../config.js';

/** `09:00+05:30` → `{ hour: 9, utcOffsetMinutes: 330 }` (the config schema has checked the form). */
export function parseDayBoundary(value: string): { hour: number; utcOffsetMinutes: number } {
  const hour = Number(value.slice(0, 2));
  const zone = value.slice(5);
  if (zone === 'Z') return { hour, utcOffsetMinutes: 0 };
  const sign = zone.startsWith('-') ? -1 : 1;
  return { hour, utcOffsetMinutes: sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) };
}

/**
 * The quota core's policy from the broker's environment. Sync and backfill keep `QUOTA_RESERVE`
 * requests of each day for interactive and post-call work. A combination the core rejects (a
 * reserve not below the daily limit, a batch above the rate...) fails the start with CONFIG_INVALID.
 */
export function quotaPolicyFromConfig(config: QuotaBrokerConfig): QuotaPolicy {
  const reserve = config.QUOTA_RESERVE;
  const result = QuotaPolicySchema.safeParse({
    ratePerSecond: config.QUOTA_RATE_PER_SECOND,
    safetyMarginMs: config.QUOTA_SAFETY_MARGIN_MS,
    dailyLimit: config.QUOTA_DAILY_LIMIT,
    dayBoundary: parseDayBoundary(config.QUOTA_DAY_BOUNDARY),
    minRemaining: { interactive: 0, 'post-call': 0, sync: reserve, backfill: reserve },
    headroom: {
      interactive: 0,
      'post-call': config.QUOTA_HEADROOM_POST_CALL,
      sync: config.QUOTA_HEADROOM_BACKGROUND,
      backfill: config.QUOTA_HEADROOM_BACKGROUND,
    },
    maxCost: Math.min(config.QUOTA_MAX_COST, config.QUOTA_RATE_PER_SECOND),
    maxQueuePerPriority: config.QUOTA_MAX_QUEUE,
    leaseMs: config.QUOTA_PERMIT_LEASE_MS,
    pause: { defaultMs: config.QUOTA_PAUSE_DEFAULT_MS, maxMs: config.QUOTA_PAUSE_MAX_MS },
    ramp: { stepMs: config.QUOTA_RAMP_STEP_MS },
    breaker: {
      threshold: config.QUOTA_BREAKER_THRESHOLD,
      windowMs: config.QUOTA_BREAKER_WINDOW_MS,
      coolDownMs: config.QUOTA_BREAKER_COOL_DOWN_MS,
    },
    persistence: { aheadBy: config.QUOTA_PERSIST_AHEAD_BY, renewBelow: Math.floor(config.QUOTA_PERSIST_AHEAD_BY / 2) },
  });
  if (result.success) return result.data;
  const keyOf: Record<string, string> = {
    minRemaining: 'QUOTA_RESERVE',
    maxCost: 'QUOTA_MAX_COST',
    dailyLimit: 'QUOTA_DAILY_LIMIT',
    ramp: 'QUOTA_RATE_PER_SECOND',
  };
  const details = result.error.issues.map((i) => ({
    path: keyOf[String(i.path[0])] ?? i.path.join('.'),
    message: i.message,
  }));
  throw new AppError(
    ErrorCode.CONFIG_INVALID,
    `Invalid quota configuration: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
    { details },
  );
}
