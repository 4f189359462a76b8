import { QUOTA_PRIORITIES, type QuotaPriority } from '@gong-connector/contracts';

/**
 * Who is waiting for a Gong request, highest first: `interactive` (an agent waiting), `post-call`
 * (a webhook just fired), `sync` (scheduled incremental), `backfill` (history). The same priorities
 * as the quota broker's contract (`QUOTA_PRIORITIES`).
 */
export const GONG_PRIORITIES = QUOTA_PRIORITIES;

export type GongPriority = QuotaPriority;

export function isGongPriority(value: unknown): value is GongPriority {
  return typeof value === 'string' && (GONG_PRIORITIES as readonly string[]).includes(value);
}
