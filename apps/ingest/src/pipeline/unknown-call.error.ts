/** Gong does not list the webhook's call (not yet, or no longer) and the webhook's callData is not usable. */
export class UnknownCallError extends Error {
  constructor(readonly callId: string) {
    super(`Gong does not list call ${callId} and the webhook's callData is not usable`);
    this.name = 'UnknownCallError';
  }
}
