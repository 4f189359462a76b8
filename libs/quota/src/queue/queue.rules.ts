import { QUOTA_PRIORITIES, type QuotaPriority } from '@gong-connector/contracts';
import type { QuotaDraft, QuotaState } from '../state/quota.state.js';

const EPSILON = 1e-9;

/**
 * In which order waiting classes are offered the next token, and which of them holds the line
 * when it is not ready yet (so no class behind it is served first).
 *
 * Strict priority (interactive, post-call, sync, backfill), FIFO within a class, with a floor for
 * lower classes: while a class waits it earns `floorShare × cost` credit for every token granted
 * (to anyone) and pays 1 per token granted to itself; credit never goes below 0 and an empty queue
 * forfeits it, so a class served by strict priority banks nothing.
 *
 * - Classes with a credit of 1 or more come first (highest priority first); one that is not ready
 *   yet (its pacing room comes later) is passed over, unless it is owed two grants (credit ≥ 2):
 *   then it holds the line. So floors cost the latency-sensitive classes nothing while the floor
 *   class could not use the token anyway, and a class that keeps waiting still gets its
 *   `floorShare` of grants (every 20th token for 0.05), at most about one grant late.
 * - Then the highest waiting class, which always holds the line: a lower class never overtakes it,
 *   which also keeps a batch permit from being overtaken by single ones forever.
 */
export function offerOrder(s: Pick<QuotaState, 'queues' | 'credits'>): { priority: QuotaPriority; holds: boolean }[] {
  const waiting = QUOTA_PRIORITIES.filter((p) => s.queues[p].length > 0);
  if (waiting.length === 0) return [];
  const top = waiting[0];
  const credited = waiting
    .slice(1)
    .filter((p) => s.credits[p] >= 1 - EPSILON)
    .map((p) => ({ priority: p, holds: s.credits[p] >= 2 - EPSILON }));
  return [...credited, { priority: top, holds: true }];
}

/** Books a grant of `cost` tokens to `served`. */
export function recordServed(d: QuotaDraft, served: QuotaPriority, cost: number): void {
  for (const p of QUOTA_PRIORITIES) {
    const earned = d.queues[p].length > 0 || p === served ? d.policy.floorShare[p] * cost : 0;
    d.credits[p] = Math.max(0, d.credits[p] + earned - (p === served ? cost : 0));
  }
  forfeitIdleCredits(d);
}

/** Classes with nobody waiting keep no credit. */
export function forfeitIdleCredits(d: QuotaDraft): void {
  for (const p of QUOTA_PRIORITIES) if (d.queues[p].length === 0) d.credits[p] = 0;
}
