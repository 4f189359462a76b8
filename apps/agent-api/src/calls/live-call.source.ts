import type { CallRecord, TranscriptRecord } from '@gong-connector/persistence';

/** Fetches one call that is not replicated yet (with its transcript when there is one), or undefined when the source does not know it. */
export interface LiveCallSource {
  fetch(callId: string): Promise<{ call: CallRecord; transcript: TranscriptRecord | undefined } | undefined>;
}
