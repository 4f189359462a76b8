import { describe, expect, it } from '@jest/globals';
import { LogCapture } from '@gong-connector/testing';
import { withCorrelation } from './correlation.js';
import { createLogger } from './create-logger.js';

describe('createLogger', () => {
  it('redacts secrets wherever they appear in a structured line', () => {
    const out = new LogCapture();
    const logger = createLogger({ name: 'redact-test', destination: out });
    logger.info(
      {
        req: { headers: { authorization: 'Basic QUtJRDpTRUNSRVQ=', cookie: 'sid=abc' } },
        gong: { accessKeySecret: 'SECRET-1', refreshToken: 'RT-2', accessToken: 'AT-3' },
        webhook: { webhookKey: 'WK-4' },
        token: 'TOKEN-5',
      },
      'calling gong',
    );
    for (const secret of ['QUtJRDpTRUNSRVQ=', 'sid=abc', 'SECRET-1', 'RT-2', 'AT-3', 'WK-4', 'TOKEN-5']) {
      expect(out.text).not.toContain(secret);
    }
    expect(out.text).toContain('[redacted]');
  });

  it('stamps every line with the current correlationId', () => {
    const out = new LogCapture();
    const logger = createLogger({ name: 'corr-test', destination: out });
    withCorrelation('corr-42', () => logger.info('inside'));
    logger.info('outside');
    const [inside, outside] = out.lines.map((l) => JSON.parse(l) as { correlationId?: string });
    expect(inside!.correlationId).toBe('corr-42');
    expect(outside!.correlationId).toBeUndefined();
  });
});
