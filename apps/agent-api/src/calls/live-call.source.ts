import type { CallRecord, TranscriptRecord } from '@gong-connector/persistence';

/** Calls Gong lists as started in a range (one page), mapped as the replica maps them (nothing stored). */
export interface RecentLiveCalls {
  calls: CallRecord[];
  /** Gong has more calls in the range than the one page read. */
  more: boolean;
}

/** Fetches one call that is not replicated yet (with its transcript when there is one), or undefined when the source does not know it. */
export interface LiveCallSource {
  fetch(callId: string): Promise<{ call: CallRecord; transcript: TranscriptRecord | undefined } | undefined>;
  /**
   * ONE Gong request at `interactive` priority: the calls started in [from, to) as one page of
   * `/v2/calls/extensive` (meeting prep's check for calls not replicated yet). Optional: a source
   * without it has no live listing.
   */
  recentCalls?(from: string, to: string): Promise<RecentLiveCalls>;
}
