/**
 * # The quota core: who may call Gong, and when
 *
 * Gong allows a company 3 requests per second and 10,000 per day, shared by every integration.
 * The quota broker is the only gate to it: before each Gong request a service asks for a permit
 * (`quota.acquire.v1`, naming a priority), and afterwards reports what Gong answered
 * (`quota.report.v1`). This file is the broker's brain, as pure functions over plain data:
 *
 *     decide(state, request, now)      → { decision, next, settled, wakeAt, persist }
 *     schedule(state, now)             → { next, settled, wakeAt, persist }
 *     report(state, outcome, now)      → { known, next, settled, wakeAt, persist }
 *     cancel(state, id, now)           → { cancelled, next, settled, wakeAt, persist }
 *     confirmPersisted(state, snap, now) → { next, settled, wakeAt, persist }
 *
 * No timers, no I/O, no clock: `now` is epoch ms passed in. Each transition returns the next state
 * (the input is never mutated), the final decisions it reached for waiting requests (`settled`),
 * the ONE time the app should call `schedule` again (`wakeAt`), and a snapshot to write durably
 * (`persist`).
 *
 * ## Driving it (the broker app)
 *
 * 1. At boot: `state = restoreQuotaState(resolveQuotaPolicy(config), storedSnapshotOrNull, now)`,
 *    then write `snapshotToPersist(state, now)` and call `confirmPersisted` (no grant before that).
 * 2. On `quota.acquire.v1`: `t = decide(state, {id: uuid, ...request, deadline: Date.parse(...)}, now)`.
 *    Reply to `t.decision` at once unless it is `queued` (then keep the NATS message by id).
 * 3. On `quota.report.v1`: `t = report(state, {permitId, status, retryAfterSeconds}, now)`; ack with
 *    `{ ok: true, known: t.known }`.
 * 4. On the timer: `t = schedule(state, now)`. When a waiting requester is gone: `cancel`.
 * 5. After every transition: `state = t.next`; reply to each of `t.settled` (`toAcquireReply`);
 *    re-arm the single timer at `t.wakeAt`; if `t.persist` and no write is running, write it,
 *    then `confirmPersisted(state, written, now)`.
 * 6. `GET /v1/quota` is `describeQuota(state, now)`.
 *
 * ## The rules, in the order a waiting request meets them
 *
 * - **Admission** (in `decide`): a request is refused at once when its cost is above what its
 *   class may hold in a window (`maxCost`, and `ratePerSecond − headroom`; VALIDATION_FAILED),
 *   its deadline has passed, an open breaker sheds its class (QUOTA_BREAKER_OPEN), its class's
 *   budget is spent (QUOTA_EXHAUSTED), its queue is full (RATE_LIMITED), or a Gong pause outlasts
 *   its deadline (QUOTA_PAUSED). Otherwise it joins the FIFO queue of its priority.
 * - **Order** (`queue.rules.ts`): strict priority — interactive, post-call, sync, backfill — FIFO
 *   within a class; a waiting higher head that is not ready yet is never overtaken (so a batch
 *   permit is not starved by single ones). Floors: a class that keeps waiting earns credit
 *   (`floorShare` per token granted while it waits, minus 1 per token it gets); with a whole
 *   credit it goes first when ready, and with two it holds the line until it is: no class
 *   starves, each gets its `floorShare` of grants, and floors never delay interactive work for a
 *   token the floor class could not have used.
 * - **Deadlines**: a waiting request is refused with QUOTA_DEADLINE_EXCEEDED once its deadline
 *   comes (or as soon as the next possible grant time is known to be too late), never granted late.
 * - **Breaker and budget** are checked again when the head's turn comes (they may have changed).
 * - **Durable spend**: the head is granted only within the spend already confirmed stored
 *   (write-ahead by `persistence.aheadBy`; see `QuotaSnapshot`).
 * - **Pacing** (`pacing.rules.ts`): at most `rate` tokens live at a grant, a token being live
 *   from its grant until W = 1000 ms + `safetyMarginMs` (1.1 s by default) after its request was
 *   answered (its report; its lease end if none). A request reaches Gong between its grant and its
 *   report, so Gong never sees more than `rate` in any second, however late a busy requester or a
 *   slow connection delivers it (grant-time pacing alone let such a late request share a second
 *   with the next window's grants: 429s). `rate` is 0 during a pause
 *   and ramps up from `ramp.startRate` after one. Sync and backfill leave `headroom` tokens of
 *   each window free (1 by default) and are spread evenly (550 ms apart at 2 per window), so an
 *   interactive or post-call request finds a free token at once while backfill saturates:
 *   this is what keeps interactive waits near zero. Background work runs at 2 per 1.1 s instead
 *   of 3, which costs nothing that matters: the daily budget (≈0.12 requests/s on average), not
 *   the per-second rate, is what bounds the day's spend.
 *
 * ## Outcomes
 *
 * - **429**: pauses every grant until now + Retry-After (or `pause.defaultMs` when Gong sent
 *   none; never shortened, at most `pause.maxMs`), then ramps the rate up from `ramp.startRate` by
 *   `ramp.step` per `ramp.stepMs` — no thundering herd after the pause. Waiting requests whose
 *   deadline falls inside the pause are refused with QUOTA_PAUSED. The 429 also counts toward the
 *   breaker (see `breaker.rules.ts`); opening it refuses all waiting background work.
 * - **Any other HTTP status**: frees the permit; the probe's success closes a half-open breaker.
 * - **transport-error**: frees the permit (the request may have reached Gong: it stays spent).
 * - **not-sent**: frees the permit and gives its tokens back to today's budget and to the window.
 * - **Leases**: the budget is spent at grant time, so a permit never reported costs nothing more;
 *   the lease bounds in-flight bookkeeping (its tokens stay live one window past it; it frees a
 *   lost probe's slot). Report promptly: an unreported permit holds its tokens until its lease ends.
 *
 * ## Restarts
 *
 * Only `QuotaSnapshot` (day key, spend upper bound, pause end) must survive. The core never grants
 * past the stored spend, so the stored value is always an upper bound of real grants; a restart
 * loses at most `aheadBy` requests of budget and never overruns it. After a restart the broker
 * stays quiet for `restartQuietMs` (the old process's last permits may still be landing), then
 * ramps up. Reports of permits from before the restart are unknown (`known: false`), but their
 * 429s still pause.
 */
import { QUOTA_PRIORITIES, type QuotaReportRequestV1 } from '@gong-connector/contracts';
import { breakerBlock, advanceBreaker, isProbe, recordProbeOutcome, recordRateLimited } from '../breaker/breaker.rules.js';
import { advanceBudget, budgetBlock, withinDurable } from '../budget/budget.rules.js';
import type { QuotaDecision, QuotaQueued, QuotaRefusal, QuotaRefusalCode, QuotaTransition } from '../decision/quota.decision.js';
import { advancePacing, earliestGrantAt, pauseUntil, recordDone, recordGrant } from '../pacing/pacing.rules.js';
import { maxCostOf, windowMsOf } from '../policy/quota.policy.js';
import { forfeitIdleCredits, offerOrder, recordServed } from '../queue/queue.rules.js';
import { snapshotToPersist, type QuotaSnapshot } from '../snapshot/quota.snapshot.js';
import { draftOf, type QuotaDraft, type QuotaRequest, type QuotaState, type WaitingRequest } from '../state/quota.state.js';

/** What a requester reports about a permit (the `quota.report.v1` payload, minus log fields). */
export type QuotaOutcome = Pick<QuotaReportRequestV1, 'permitId' | 'status' | 'retryAfterSeconds'>;

/** Asks for a permit. The decision is final (grant or refusal) or `queued` (settled later). */
export function decide(
  state: QuotaState,
  request: QuotaRequest,
  now: number,
): QuotaTransition & { decision: QuotaDecision | QuotaQueued } {
  const d = draftOf(state);
  advance(d, now);
  const settled: QuotaDecision[] = [];
  const refusal = admissionRefusal(d, request, now);
  if (refusal) return { ...finish(d, now, settled), decision: refusal };
  d.queues[request.priority].push({ ...request, enqueuedAt: now });
  const t = finish(d, now, settled);
  const mine = t.settled.find((x) => x.id === request.id);
  if (mine) return { ...t, settled: t.settled.filter((x) => x !== mine), decision: mine };
  const position = d.queues[request.priority].findIndex((w) => w.id === request.id) + 1;
  return { ...t, decision: { kind: 'queued', id: request.id, priority: request.priority, position } };
}

/** Grants and refuses whatever is due at `now`. Call it at `wakeAt`. */
export function schedule(state: QuotaState, now: number): QuotaTransition {
  const d = draftOf(state);
  advance(d, now);
  return finish(d, now, []);
}

/** Records what Gong answered for a permit. `known` is false for a permit no longer tracked. */
export function report(state: QuotaState, outcome: QuotaOutcome, now: number): QuotaTransition & { known: boolean } {
  const d = draftOf(state);
  advance(d, now);
  const settled: QuotaDecision[] = [];
  const permit = d.inFlight[outcome.permitId];
  delete d.inFlight[outcome.permitId];
  const { status } = outcome;
  // A sent request reached Gong at the latest now: its tokens stay live for one window more.
  if (permit && status !== 'not-sent') recordDone(d, permit.cost, now);
  if (status === 429) {
    const { pause } = d.policy;
    const pauseMs =
      outcome.retryAfterSeconds === undefined
        ? pause.defaultMs
        : Math.min(pause.maxMs, Math.max(0, Math.ceil(outcome.retryAfterSeconds * 1000)));
    pauseUntil(d, now + pauseMs, 'rate-limited');
    const opened = recordRateLimited(d, permit, now);
    if (opened) shedBackground(d, now, settled);
  } else if (status === 'not-sent') {
    if (permit && permit.dayKey === d.budget.dayKey) d.budget.used = Math.max(0, d.budget.used - permit.cost);
    recordProbeOutcome(d, permit, false);
  } else {
    recordProbeOutcome(d, permit, status !== 'transport-error');
  }
  return { ...finish(d, now, settled), known: permit !== undefined };
}

/** Drops a waiting request whose requester is gone (its NATS request timed out). */
export function cancel(state: QuotaState, id: string, now: number): QuotaTransition & { cancelled: boolean } {
  const d = draftOf(state);
  let cancelled = false;
  for (const p of QUOTA_PRIORITIES) {
    const before = d.queues[p].length;
    d.queues[p] = d.queues[p].filter((w) => w.id !== id);
    cancelled ||= d.queues[p].length !== before;
  }
  forfeitIdleCredits(d);
  advance(d, now);
  return { ...finish(d, now, []), cancelled };
}

/** The app wrote `snapshot` durably: grants may now use the spend it records. */
export function confirmPersisted(state: QuotaState, snapshot: QuotaSnapshot, now: number): QuotaTransition {
  const d = draftOf(state);
  advance(d, now);
  if (snapshot.dayKey === d.budget.dayKey) d.budget.durable = Math.max(d.budget.durable, snapshot.used);
  if (snapshot.pausedUntil !== null && (d.budget.durablePausedUntil ?? -Infinity) < snapshot.pausedUntil)
    d.budget.durablePausedUntil = snapshot.pausedUntil;
  return finish(d, now, []);
}

// ---------------------------------------------------------------------------------------------

/** Time-driven changes: day rollover, breaker cool-down, pause end, lease expiry. */
function advance(d: QuotaDraft, now: number): void {
  advanceBudget(d, now);
  advanceBreaker(d, now);
  for (const permit of Object.values(d.inFlight)) {
    if (permit.leaseExpiresAt > now) continue;
    delete d.inFlight[permit.permitId];
    recordDone(d, permit.cost, permit.leaseExpiresAt);
    recordProbeOutcome(d, permit, false);
  }
  advancePacing(d, now);
}

function admissionRefusal(d: QuotaDraft, r: QuotaRequest, now: number): QuotaRefusal | null {
  const { policy } = d;
  const maxCost = maxCostOf(policy, r.priority);
  if (!Number.isInteger(r.cost) || r.cost < 1 || r.cost > maxCost)
    return refusal(d, r, now, 'VALIDATION_FAILED', 0, `cost must be an integer from 1 to ${maxCost} for ${r.priority}; got ${r.cost}.`);
  if (d.inFlight[r.id] || QUOTA_PRIORITIES.some((p) => d.queues[p].some((w) => w.id === r.id)))
    return refusal(d, r, now, 'VALIDATION_FAILED', 0, `request id ${r.id} is already in use.`);
  if (r.deadline <= now)
    return refusal(d, r, now, 'QUOTA_DEADLINE_EXCEEDED', 0, `The deadline ${iso(r.deadline)} had passed on arrival.`);
  const breaker = breakerBlock(d, r.priority, now);
  if (breaker) return refusal(d, r, now, 'QUOTA_BREAKER_OPEN', breaker.retryAfterMs, breaker.reason);
  const budget = budgetBlock(d, r.priority, r.cost, now);
  if (budget) return refusal(d, r, now, 'QUOTA_EXHAUSTED', budget.retryAfterMs, budget.reason);
  if (d.queues[r.priority].length >= policy.maxQueuePerPriority)
    return refusal(
      d,
      r,
      now,
      'RATE_LIMITED',
      d.queues[r.priority].length * Math.ceil(windowMsOf(policy) / policy.ratePerSecond),
      `${d.queues[r.priority].length} ${r.priority} requests are already waiting; try again later.`,
    );
  if (d.pause.until !== null && d.pause.until >= r.deadline) return pausedRefusal(d, r, now);
  return null;
}

/** Grants, refuses and finds the next wake-up; wraps up a transition. */
function finish(d: QuotaDraft, now: number, settled: QuotaDecision[]): QuotaTransition {
  let wakeAt = Infinity;
  refuseWaiting(d, settled, (w) =>
    w.deadline <= now
      ? refusal(d, w, now, 'QUOTA_DEADLINE_EXCEEDED', retryHint(d, w, now), `Not granted before the deadline ${iso(w.deadline)}.`)
      : d.pause.until !== null && d.pause.until >= w.deadline
        ? pausedRefusal(d, w, now)
        : null,
  );
  let progress = true;
  while (progress) {
    progress = false;
    wakeAt = Infinity;
    for (const { priority, holds } of offerOrder(d)) {
      const head = d.queues[priority][0];
      const breaker = breakerBlock(d, priority, now);
      const budget = breaker ? null : budgetBlock(d, priority, head.cost, now);
      if (breaker || budget) {
        const code = breaker ? 'QUOTA_BREAKER_OPEN' : 'QUOTA_EXHAUSTED';
        const block = (breaker ?? budget)!;
        settled.push(refusal(d, dequeue(d, priority), now, code, block.retryAfterMs, block.reason));
        progress = true;
        break;
      }
      if (!withinDurable(d, head.cost)) break; // waits for confirmPersisted; `persist` asks for it
      const at = earliestGrantAt(d, priority, head.cost, now);
      if (at <= now) {
        settled.push(grant(d, priority, now));
        progress = true;
        break;
      }
      if (at >= head.deadline) {
        dequeue(d, priority);
        settled.push(
          d.pause.until !== null && d.pause.until >= head.deadline
            ? pausedRefusal(d, head, now)
            : refusal(d, head, now, 'QUOTA_DEADLINE_EXCEEDED', at - now, `The next token is only free at ${iso(at)}, after the deadline ${iso(head.deadline)}.`),
        );
        progress = true;
        break;
      }
      wakeAt = Math.min(wakeAt, at);
      if (holds) break;
    }
  }
  for (const p of QUOTA_PRIORITIES) for (const w of d.queues[p]) wakeAt = Math.min(wakeAt, w.deadline);
  const probe = d.breaker.probePermitId === null ? undefined : d.inFlight[d.breaker.probePermitId];
  if (probe) wakeAt = Math.min(wakeAt, probe.leaseExpiresAt);
  const next: QuotaState = d;
  return { next, settled, wakeAt: wakeAt === Infinity ? null : wakeAt, persist: snapshotToPersist(next, now) };
}

function grant(d: QuotaDraft, priority: WaitingRequest['priority'], now: number): QuotaDecision {
  const probe = isProbe(d, priority);
  const w = dequeue(d, priority);
  recordServed(d, priority, w.cost);
  recordGrant(d, now);
  d.budget.used += w.cost;
  const leaseExpiresAt = now + d.policy.leaseMs;
  d.inFlight[w.id] = {
    permitId: w.id,
    priority,
    cost: w.cost,
    requester: w.requester,
    dayKey: d.budget.dayKey,
    grantedAt: now,
    leaseExpiresAt,
    probe,
  };
  if (probe) d.breaker.probePermitId = w.id;
  return {
    kind: 'grant',
    ...base(w, now),
    permitId: w.id,
    grantedAt: now,
    leaseExpiresAt,
    probe,
  };
}

/** An open breaker refuses all waiting work of the classes it sheds. */
function shedBackground(d: QuotaDraft, now: number, settled: QuotaDecision[]): void {
  refuseWaiting(d, settled, (w) => {
    const block = breakerBlock(d, w.priority, now);
    return block ? refusal(d, w, now, 'QUOTA_BREAKER_OPEN', block.retryAfterMs, block.reason) : null;
  });
}

function refuseWaiting(d: QuotaDraft, settled: QuotaDecision[], check: (w: WaitingRequest) => QuotaRefusal | null): void {
  const refused: QuotaRefusal[] = [];
  for (const p of QUOTA_PRIORITIES)
    d.queues[p] = d.queues[p].filter((w) => {
      const r = check(w);
      if (r) refused.push(r);
      return r === null;
    });
  forfeitIdleCredits(d);
  settled.push(...refused);
}

function dequeue(d: QuotaDraft, priority: WaitingRequest['priority']): WaitingRequest {
  const [head, ...rest] = d.queues[priority];
  d.queues[priority] = rest;
  return head;
}

function pausedRefusal(d: QuotaDraft, r: QuotaRequest, now: number): QuotaRefusal {
  const until = d.pause.until ?? now;
  const why = d.pause.reason === 'restart' ? 'the broker restarted' : 'Gong answered 429';
  return refusal(d, r, now, 'QUOTA_PAUSED', until - now, `Gong requests are paused until ${iso(until)} (${why}), past the deadline ${iso(r.deadline)}.`);
}

function refusal(
  d: QuotaDraft,
  r: QuotaRequest,
  now: number,
  code: QuotaRefusalCode,
  retryAfterMs: number,
  reason: string,
): QuotaRefusal {
  return { kind: 'refusal', ...base(r, now), code, reason, retryAfterMs: Math.max(0, retryAfterMs) };
}

function base(r: QuotaRequest, now: number) {
  const enqueuedAt = 'enqueuedAt' in r && typeof r.enqueuedAt === 'number' ? r.enqueuedAt : now;
  return {
    id: r.id,
    priority: r.priority,
    cost: r.cost,
    requester: r.requester,
    ...(r.correlationId === undefined ? {} : { correlationId: r.correlationId }),
    waitedMs: now - enqueuedAt,
  };
}

function retryHint(d: QuotaDraft, r: QuotaRequest, now: number): number {
  const at = earliestGrantAt(d, r.priority, r.cost, now);
  return at === Infinity ? windowMsOf(d.policy) : Math.max(0, at - now);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
