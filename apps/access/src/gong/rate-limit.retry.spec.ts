import { describe, expect, it } from '@jest/globals';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { retryRateLimited } from './rate-limit.retry.js';

describe('retryRateLimited', () => {
  it('tries again after a 429, up to the attempt limit', async () => {
    let calls = 0;
    const flaky = async (): Promise<string> => {
      calls += 1;
      if (calls < 3) throw new AppError(ErrorCode.GONG_RATE_LIMITED, 'slow down');
      return 'ok';
    };
    await expect(retryRateLimited(flaky)).resolves.toBe('ok');
    expect(calls).toBe(3);

    calls = 0;
    const always = async (): Promise<never> => {
      calls += 1;
      throw new AppError(ErrorCode.GONG_RATE_LIMITED, 'slow down');
    };
    await expect(retryRateLimited(always, 2)).rejects.toMatchObject({ code: ErrorCode.GONG_RATE_LIMITED });
    expect(calls).toBe(2);
  });

  it('does not retry other failures', async () => {
    let calls = 0;
    const broken = async (): Promise<never> => {
      calls += 1;
      throw new AppError(ErrorCode.GONG_AUTH_FAILED, 'bad key');
    };
    await expect(retryRateLimited(broken)).rejects.toMatchObject({ code: ErrorCode.GONG_AUTH_FAILED });
    expect(calls).toBe(1);
  });
});
