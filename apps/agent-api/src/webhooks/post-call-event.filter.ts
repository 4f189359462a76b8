import type { CallIndexedV1 } from '@gong-connector/contracts';
import type { AgentApiConfig } from '../config.js';

/**
 * Which `call.indexed` events post-call subscribers (outbound webhooks, SSE) get: every one except
 * calls a backfill brought in (history nobody is waiting on), unless
 * AGENT_API_POST_CALL_INCLUDE_BACKFILL is set. Decided from the event alone, with no I/O, so
 * skipping thousands of backfilled calls costs nothing. Events without a source (stored before
 * call.indexed carried one) are sent, as they were.
 */
export const PostCallEventFilter = {
  wants(event: Pick<CallIndexedV1, 'source'>, config: Pick<AgentApiConfig, 'AGENT_API_POST_CALL_INCLUDE_BACKFILL'>): boolean {
    return event.source !== 'backfill' || config.AGENT_API_POST_CALL_INCLUDE_BACKFILL;
  },
} as const;
