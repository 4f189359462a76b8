import { AppError } from '@gong-connector/contracts';
import { GongError, type GongClient } from '@gong-connector/gong-client';

/** What a write did at Gong: its answer, and the request ids Gong gave (for the audit). */
export interface WriteOutcome {
  result: Record<string, unknown>;
  gongRequestIds: string[];
}

/** One write to Gong, and how to tell afterwards whether it was made. */
export interface GongWrite {
  /** Sends the write (at most once per call). */
  send(gong: GongClient): Promise<WriteOutcome>;
  /**
   * Reads Gong back after an unknown outcome (a timeout, a dropped connection, a 5xx): the result
   * when the write is there, undefined when it is not (then it is sent again).
   */
  reconcile(gong: GongClient): Promise<WriteOutcome | undefined>;
}

export type ExecutedWrite =
  | { state: 'done'; outcome: WriteOutcome; reconciled: boolean; rateLimited: number }
  | { state: 'failed'; error: { code: string; message: string }; gongRequestIds: string[]; rateLimited: number };

/** Most sends of one write (a 429 or an outcome found missing after reconciling lets it try again). */
export const MAX_WRITE_SENDS = 3;

/**
 * Runs one write through the Gong client (interactive priority, under the quota broker's permits):
 * a 429 is sent again (the broker has been told and paces the retry within the quota); an unknown
 * outcome is reconciled by reading Gong back before anything is sent again, so nothing is done twice;
 * any other refusal ends the write with Gong's reason. A refusal before the first send (no permit
 * in time, bad input) is thrown: nothing was sent.
 */
export async function executeGongWrite(gong: GongClient, write: GongWrite): Promise<ExecutedWrite> {
  const requestIds: string[] = [];
  let rateLimited = 0;
  let last: { code: string; message: string } = { code: 'GONG_SERVER_ERROR', message: 'Gong did not take the write' };
  for (let sends = 0; sends < MAX_WRITE_SENDS; sends++) {
    try {
      const outcome = await write.send(gong);
      return { state: 'done', outcome: { ...outcome, gongRequestIds: [...requestIds, ...outcome.gongRequestIds] }, reconciled: false, rateLimited };
    } catch (error) {
      if (!(error instanceof GongError)) {
        // Refused before anything reached Gong (the quota broker's deadline or pause, bad input) on the
        // first send: thrown, so the caller frees the idempotency key and the write may be asked again.
        if (error instanceof AppError && sends > 0) return { state: 'failed', error: { code: error.code, message: error.message }, gongRequestIds: requestIds, rateLimited };
        throw error;
      }
      if (error.requestId) requestIds.push(error.requestId);
      last = { code: error.code, message: error.message };
      if (error.kind === 'rate-limited') {
        rateLimited++;
        continue;
      }
      if (error.kind === 'timeout' || error.kind === 'network' || error.kind === 'server') {
        let found: WriteOutcome | undefined;
        try {
          found = await readBack(gong, write);
        } catch {
          // Neither the write nor the read-back answered: sending again could do it twice.
          const message = `${error.message}; reading Gong back failed too, so the write may or may not have been made: check in Gong before trying again`;
          return { state: 'failed', error: { code: error.code, message }, gongRequestIds: requestIds, rateLimited };
        }
        if (found) return { state: 'done', outcome: { ...found, gongRequestIds: [...requestIds, ...found.gongRequestIds] }, reconciled: true, rateLimited };
        continue;
      }
      return { state: 'failed', error: last, gongRequestIds: requestIds, rateLimited };
    }
  }
  return { state: 'failed', error: last, gongRequestIds: requestIds, rateLimited };
}

/** The read-back after an unknown outcome; a read Gong refused with 429 was not served and is asked again (within the quota). */
async function readBack(gong: GongClient, write: GongWrite): Promise<WriteOutcome | undefined> {
  for (let reads = 1; ; reads++) {
    try {
      return await write.reconcile(gong);
    } catch (error) {
      if (!(error instanceof GongError) || error.kind !== 'rate-limited' || reads >= MAX_WRITE_SENDS) throw error;
    }
  }
}
