import { QUOTA_PRIORITIES, type QuotaPriority } from '@gong-connector/contracts';
import type { QuotaDraft, QuotaState } from '../state/quota.state.js';

const EPSILON = 1e-9;

/**
 * Which class gets the next token: strict priority (interactive, post-call, sync, backfill), FIFO
 * within a class, with a floor for lower classes. While a class waits it earns `floorShare × cost`
 * credit for every token granted (to anyone) and pays 1 per token granted to itself; a waiting
 * class with a credit of 1 or more goes before the classes above it (the highest such class
 * first). Credit never goes below 0 and an empty queue forfeits it, so a class served by strict
 * priority banks nothing. A class that keeps waiting behind busier ones thus gets a share of
 * `floorShare` of the grants (every 20th token for 0.05).
 */
export function selectNext(s: Pick<QuotaState, 'queues' | 'credits'>): QuotaPriority | null {
  const waiting = QUOTA_PRIORITIES.filter((p) => s.queues[p].length > 0);
  if (waiting.length === 0) return null;
  const credited = waiting.slice(1).find((p) => s.credits[p] >= 1 - EPSILON);
  return credited ?? waiting[0];
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
