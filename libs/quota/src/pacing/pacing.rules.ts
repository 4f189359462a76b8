import type { QuotaPriority } from '@gong-connector/contracts';
import { headroomOf, windowMsOf, type QuotaPolicy } from '../policy/quota.policy.js';
import type { QuotaDraft, QuotaState } from '../state/quota.state.js';

type PacingView = Pick<QuotaState, 'policy' | 'pacing' | 'pause' | 'inFlight'>;

/** Tokens granted and not yet reported (nor expired): each may still reach Gong at any moment. */
export function inFlightTokens(s: Pick<QuotaState, 'inFlight'>): number {
  let n = 0;
  for (const permit of Object.values(s.inFlight)) n += permit.cost;
  return n;
}

/**
 * The rate in force at `t`: 0 while paused; after a pause it starts at `ramp.startRate` and rises by
 * `ramp.step` every `ramp.stepMs` up to `ratePerSecond`.
 */
export function rateAt(policy: QuotaPolicy, pause: QuotaState['pause'], t: number): number {
  if (pause.until !== null && t < pause.until) return 0;
  if (pause.rampFrom === null) return policy.ratePerSecond;
  const steps = Math.floor(Math.max(0, t - pause.rampFrom) / policy.ramp.stepMs);
  return Math.min(policy.ratePerSecond, policy.ramp.startRate + steps * policy.ramp.step);
}

/**
 * The earliest time ≥ `now` at which `cost` tokens may be granted to `priority`, or Infinity if
 * never (a cost above what the class may hold in a window). With r the rate in force at that time
 * and h the class's headroom:
 *
 * 1. Sliding log (the guarantee): at most r − h tokens live at the grant, a token being live from
 *    its grant until W = 1000 ms + safety margin after its request was done (reported, or its lease
 *    expired). A request reaches Gong somewhere between its grant and its report, so two tokens
 *    can share one of Gong's 1-second windows only if the later one was granted less than 1000 ms
 *    after the earlier one was reported: Gong never sees more than r in a second, however long a
 *    request takes to get there (a busy requester, a slow connection). Tokens still in flight
 *    count as if reported at `now` (the earliest they can be), so the answer is a lower bound
 *    that a report or a later `schedule` refines; the log holds the done times.
 * 2. Headroom: a class with h > 0 (sync, backfill) leaves h tokens of every window to the classes
 *    without (interactive, post-call), which therefore find a free token at once while background
 *    work saturates.
 * 3. Spacing (smoothing): a class with h > 0 is granted at least ceil(W / (r − h)) ms after the
 *    previous grant, so background work does not burst.
 *
 * The ramp raises r in steps, so the answer is searched step segment by step segment (exact).
 */
export function earliestGrantAt(s: PacingView, priority: QuotaPriority, cost: number, now: number): number {
  const { policy, pacing, pause } = s;
  const window = windowMsOf(policy);
  const headroom = headroomOf(policy, priority);
  const flying = inFlightTokens(s);
  const log = flying === 0 ? pacing.log : [...pacing.log, ...Array<number>(flying).fill(now)];
  let t = pause.until !== null ? Math.max(now, pause.until) : now;
  for (;;) {
    const r = rateAt(policy, pause, t);
    const cap = r - headroom;
    const segmentEnd =
      pause.rampFrom === null || r >= policy.ratePerSecond
        ? Infinity
        : pause.rampFrom + (Math.floor(Math.max(0, t - pause.rampFrom) / policy.ramp.stepMs) + 1) * policy.ramp.stepMs;
    if (cost <= cap) {
      let at = t;
      if (headroom > 0 && pacing.lastGrantAt !== null) at = Math.max(at, pacing.lastGrantAt + Math.ceil(window / cap));
      const mustExpire = log.length + cost - cap;
      if (mustExpire > 0) at = Math.max(at, log[mustExpire - 1] + window);
      if (at < segmentEnd) return at;
    }
    if (segmentEnd === Infinity) return Infinity;
    t = segmentEnd;
  }
}

/** Tokens live at `now`: in flight, or done within the window ending at `now`. */
export function grantsInWindow(s: PacingView, now: number): number {
  const from = now - windowMsOf(s.policy);
  return s.pacing.log.filter((t) => t > from).length + inFlightTokens(s);
}

/** Records a grant at `now` (its tokens are live while in flight: see `inFlightTokens`). */
export function recordGrant(d: QuotaDraft, now: number): void {
  d.pacing.lastGrantAt = now;
}

/** Records `cost` tokens whose requests were done at `at` (reported, or their lease expired); keeps the log sorted. */
export function recordDone(d: QuotaDraft, cost: number, at: number): void {
  let i = d.pacing.log.length;
  while (i > 0 && d.pacing.log[i - 1] > at) i--;
  d.pacing.log.splice(i, 0, ...Array<number>(cost).fill(at));
}

/** Drops log entries that can no longer matter, ends a finished pause and a finished ramp. */
export function advancePacing(d: QuotaDraft, now: number): void {
  const from = now - windowMsOf(d.policy);
  const firstLive = d.pacing.log.findIndex((t) => t > from);
  d.pacing.log = firstLive === -1 ? [] : d.pacing.log.slice(firstLive);
  if (d.pause.until !== null && now >= d.pause.until) {
    d.pause.until = null;
    d.pause.reason = null;
  }
  if (d.pause.rampFrom !== null && d.pause.until === null && rateAt(d.policy, d.pause, now) >= d.policy.ratePerSecond)
    d.pause.rampFrom = null;
}

/** A pause until `until` (never shortened), then a ramp from there. */
export function pauseUntil(d: QuotaDraft, until: number, reason: NonNullable<QuotaState['pause']['reason']>): void {
  if (d.pause.until === null || until > d.pause.until) {
    d.pause.until = until;
    d.pause.reason = reason;
  }
  d.pause.rampFrom = d.pause.until;
}
