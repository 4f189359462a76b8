/**
 * Who is waiting for a Gong request, highest first. The quota broker grants permits in this order:
 * `interactive` (an agent waiting), `post-call` (a webhook just fired), `sync` (scheduled
 * incremental), `backfill` (history).
 */
export const GONG_PRIORITIES = ['interactive', 'post-call', 'sync', 'backfill'] as const;

export type GongPriority = (typeof GONG_PRIORITIES)[number];

export function isGongPriority(value: unknown): value is GongPriority {
  return typeof value === 'string' && (GONG_PRIORITIES as readonly string[]).includes(value);
}
