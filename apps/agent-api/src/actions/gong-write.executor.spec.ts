import { describe, expect, it } from '@jest/globals';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { GongError, type GongClient, type GongErrorKind } from '@gong-connector/gong-client';
import { executeGongWrite, MAX_WRITE_SENDS, type WriteOutcome } from './gong-write.executor.js';

const gong = {} as GongClient; // the write's own functions talk to Gong; the executor only passes it on
const fail = (kind: GongErrorKind, requestId?: string): GongError =>
  new GongError({ kind, endpoint: 'POST /v2/flows/prospects/assign', message: `Gong: ${kind}`, ...(requestId ? { requestId } : {}) });
const ok: WriteOutcome = { result: { assigned: 1 }, gongRequestIds: ['r-ok'] };

/** A write whose sends answer in turn from `answers`, counting sends and read-backs. */
function scripted(answers: Array<WriteOutcome | GongError>, readBack: () => WriteOutcome | undefined = () => undefined) {
  const counts = { sends: 0, reads: 0 };
  return {
    counts,
    write: {
      send: async () => {
        const a = answers[counts.sends++];
        if (a instanceof GongError) throw a;
        return a!;
      },
      reconcile: async () => {
        counts.reads++;
        return readBack();
      },
    },
  };
}

describe('executeGongWrite', () => {
  it('sends once when Gong answers', async () => {
    const s = scripted([ok]);
    await expect(executeGongWrite(gong, s.write)).resolves.toEqual({ state: 'done', outcome: ok, reconciled: false, rateLimited: 0 });
    expect(s.counts).toEqual({ sends: 1, reads: 0 });
  });

  it('sends again after a 429 (the broker paces it) and keeps both request ids', async () => {
    const s = scripted([fail('rate-limited', 'r-429'), ok]);
    const r = await executeGongWrite(gong, s.write);
    expect(r).toMatchObject({ state: 'done', rateLimited: 1, outcome: { gongRequestIds: ['r-429', 'r-ok'] } });
    expect(s.counts.reads).toBe(0);
  });

  it.each<GongErrorKind>(['timeout', 'network', 'server'])('reads Gong back after %s and does not send again when the write is there', async (kind) => {
    const s = scripted([fail(kind)], () => ({ result: { assigned: 1 }, gongRequestIds: [] }));
    await expect(executeGongWrite(gong, s.write)).resolves.toMatchObject({ state: 'done', reconciled: true });
    expect(s.counts).toEqual({ sends: 1, reads: 1 });
  });

  it('sends again after a timeout only when the read-back shows the write is not there', async () => {
    const s = scripted([fail('timeout'), ok]);
    await expect(executeGongWrite(gong, s.write)).resolves.toMatchObject({ state: 'done', reconciled: false });
    expect(s.counts).toEqual({ sends: 2, reads: 1 });
  });

  it('stops, saying the outcome is unknown, when the read-back fails too', async () => {
    const s = scripted([fail('timeout')]);
    s.write.reconcile = async () => {
      throw fail('network');
    };
    const r = await executeGongWrite(gong, s.write);
    expect(r).toMatchObject({ state: 'failed', error: { code: 'GONG_TIMEOUT', message: expect.stringContaining('may or may not have been made') } });
    expect(s.counts.sends).toBe(1);
  });

  it('asks the read-back again when Gong answers it 429 (found by bench:actions), and does not send the write again', async () => {
    const s = scripted([fail('timeout')]);
    const reads: Array<GongError | WriteOutcome> = [fail('rate-limited'), { result: { assigned: 1 }, gongRequestIds: [] }];
    s.write.reconcile = async () => {
      const r = reads[s.counts.reads++]!;
      if (r instanceof GongError) throw r;
      return r;
    };
    await expect(executeGongWrite(gong, s.write)).resolves.toMatchObject({ state: 'done', reconciled: true });
    expect(s.counts).toEqual({ sends: 1, reads: 2 });
  });

  it('ends on a refusal without sending again', async () => {
    const s = scripted([fail('bad-request', 'r-400')]);
    await expect(executeGongWrite(gong, s.write)).resolves.toEqual({ state: 'failed', error: { code: 'GONG_BAD_REQUEST', message: 'Gong: bad-request' }, gongRequestIds: ['r-400'], rateLimited: 0 });
    expect(s.counts.sends).toBe(1);
  });

  it('throws a refusal made before the first send (no quota permit in time): nothing reached Gong', async () => {
    const refused = new AppError(ErrorCode.QUOTA_DEADLINE_EXCEEDED, 'No Gong permit before its deadline');
    const s = scripted([]);
    s.write.send = async () => {
      s.counts.sends++;
      throw refused;
    };
    await expect(executeGongWrite(gong, s.write)).rejects.toBe(refused);
    expect(s.counts).toEqual({ sends: 1, reads: 0 });
  });

  it('ends failed, keeping the request ids, when the quota refuses a send after a 429', async () => {
    const answers: Array<GongError | AppError> = [fail('rate-limited', 'r-429'), new AppError(ErrorCode.QUOTA_PAUSED, 'Gong asked us to pause')];
    let sends = 0;
    const write = {
      send: async (): Promise<WriteOutcome> => {
        throw answers[sends++]!;
      },
      reconcile: async () => undefined,
    };
    await expect(executeGongWrite(gong, write)).resolves.toEqual({ state: 'failed', error: { code: 'QUOTA_PAUSED', message: 'Gong asked us to pause' }, gongRequestIds: ['r-429'], rateLimited: 1 });
    expect(sends).toBe(2);
  });

  it(`gives up after ${MAX_WRITE_SENDS} sends of 429s`, async () => {
    const s = scripted(Array.from({ length: MAX_WRITE_SENDS + 1 }, () => fail('rate-limited')));
    await expect(executeGongWrite(gong, s.write)).resolves.toMatchObject({ state: 'failed', rateLimited: MAX_WRITE_SENDS, error: { code: 'GONG_RATE_LIMITED' } });
    expect(s.counts.sends).toBe(MAX_WRITE_SENDS);
  });
});
