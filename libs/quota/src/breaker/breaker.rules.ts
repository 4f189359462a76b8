import type { QuotaPriority } from '@gong-connector/contracts';
import { windowMsOf } from '../policy/quota.policy.js';
import type { InFlightPermit, QuotaDraft, QuotaState } from '../state/quota.state.js';

/**
 * The circuit breaker sheds background work when Gong keeps answering 429.
 *
 * closed ──(threshold counted 429s within windowMs)──▶ open ──(coolDownMs)──▶ half-open
 * half-open ──(the probe gets a non-429 answer)──▶ closed
 * half-open ──(a counted 429, or the probe's 429)──▶ open
 *
 * Classes in `breaker.passes` (interactive, post-call) are never stopped by it (the pause still
 * applies to them). In half-open, the first background grant is the probe; further background
 * requests are refused until it reports. A probe whose outcome says nothing (transport error,
 * not sent, lease expired) frees the probe slot for another.
 *
 * A 429 counts only if its permit was granted after the last counted 429 (or is unknown): requests
 * already in flight when Gong started refusing are one episode, not many.
 */
export function advanceBreaker(d: QuotaDraft, now: number): void {
  const b = d.breaker;
  if (b.state === 'open' && b.retryAt !== null && now >= b.retryAt) {
    b.state = 'half-open';
    b.retryAt = null;
    b.probePermitId = null;
  }
  const from = now - d.policy.breaker.windowMs;
  b.rateLimitedAt = b.rateLimitedAt.filter((t) => t > from);
}

/** Why the breaker stops `priority` now, or null when it lets it through. */
export function breakerBlock(
  s: Pick<QuotaState, 'policy' | 'breaker'>,
  priority: QuotaPriority,
  now: number,
): { retryAfterMs: number; reason: string } | null {
  const b = s.breaker;
  if (s.policy.breaker.passes.includes(priority) || b.state === 'closed') return null;
  if (b.state === 'open')
    return {
      retryAfterMs: Math.max(0, (b.retryAt ?? now) - now),
      reason: `Gong keeps answering 429, so ${priority} work is shed until the breaker lets a probe through at ${new Date(b.retryAt ?? now).toISOString()}.`,
    };
  if (b.probePermitId !== null)
    return {
      retryAfterMs: windowMsOf(s.policy),
      reason: `The breaker is half-open and its probe is in flight; ${priority} work waits for its outcome.`,
    };
  return null;
}

/** Whether a grant of `priority` now would be the half-open probe. */
export function isProbe(s: Pick<QuotaState, 'policy' | 'breaker'>, priority: QuotaPriority): boolean {
  return !s.policy.breaker.passes.includes(priority) && s.breaker.state === 'half-open' && s.breaker.probePermitId === null;
}

/** Records a 429. Returns true when it opened the breaker. */
export function recordRateLimited(d: QuotaDraft, permit: InFlightPermit | undefined, now: number): boolean {
  const b = d.breaker;
  const counted = permit === undefined || b.lastCountedAt === null || permit.grantedAt > b.lastCountedAt;
  if (counted) {
    b.rateLimitedAt.push(now);
    b.lastCountedAt = now;
  }
  const probeFailed = permit !== undefined && permit.permitId === b.probePermitId;
  const open =
    (b.state === 'half-open' && (counted || probeFailed)) ||
    (b.state === 'closed' && b.rateLimitedAt.length >= d.policy.breaker.threshold);
  if (open) {
    b.state = 'open';
    b.retryAt = now + d.policy.breaker.coolDownMs;
    b.probePermitId = null;
  }
  return open;
}

/** A non-429 outcome: the probe's success closes the breaker; an inconclusive one frees the slot. */
export function recordProbeOutcome(d: QuotaDraft, permit: InFlightPermit | undefined, conclusive: boolean): void {
  const b = d.breaker;
  if (permit === undefined || b.probePermitId !== permit.permitId) return;
  b.probePermitId = null;
  if (conclusive && b.state === 'half-open') {
    b.state = 'closed';
    b.retryAt = null;
    b.rateLimitedAt = [];
  }
}
