/** The transcript of a webhook's call is not ready yet: the message is redelivered after a backoff. */
export class TranscriptPendingError extends Error {
  constructor(callId: string, waitedMs: number) {
    super(`transcript of call ${callId} not ready yet (waited ${Math.round(waitedMs / 1000)} s); retrying`);
    this.name = 'TranscriptPendingError';
  }
}
