import { describe, expect, it } from '@jest/globals';
import { AppError } from '@gong-connector/contracts';
import { readSimConfig, usage } from './config.js';

describe('readSimConfig', () => {
  it('reads flags in both forms, booleans without values and repeated webhook urls', () => {
    const { options } = readSimConfig(
      ['--port', '4010', '--seed=42', '--live', '--calls-per-minute', '6', '--webhook-url', 'http://a.test/h', '--webhook-url=http://b.test/h'],
      {},
    );
    expect(options).toMatchObject({ port: 4010, seed: '42', live: true, callsPerMinute: 6, webhookUrls: ['http://a.test/h', 'http://b.test/h'], logLevel: 'info' });
  });

  it('reads GONG_SIM_* variables; flags win over them', () => {
    const { options } = readSimConfig(['--users', '12'], {
      GONG_SIM_USERS: '99',
      GONG_SIM_DAILY_LIMIT: '500',
      GONG_SIM_WEBHOOK_URLS: 'http://a.test/h, http://b.test/h',
      GONG_SIM_LIVE: 'false',
      GONG_SIM_FAULTS: '{"errors":[{"status":503,"rate":0.1}]}',
    });
    expect(options).toMatchObject({ users: 12, dailyLimit: 500, live: false, webhookUrls: ['http://a.test/h', 'http://b.test/h'], faults: { errors: [{ status: 503, rate: 0.1 }] } });
  });

  it('fails once, listing every bad key, and rejects unknown flags', () => {
    let error: unknown;
    try {
      readSimConfig([], { GONG_SIM_PORT: 'abc', GONG_SIM_FAULTS: '{nope', GONG_SIM_LIVE: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(AppError.is(error)).toBe(true);
    const message = (error as AppError).message;
    for (const key of ['GONG_SIM_PORT', 'GONG_SIM_FAULTS', 'GONG_SIM_LIVE']) expect(message).toContain(key);
    expect(() => readSimConfig(['--colour', 'blue'], {})).toThrow(/--colour/);
    expect(usage()).toContain('--rate-per-second');
  });

  it('never puts the secret in an error message', () => {
    expect(() => readSimConfig(['--access-key-secret', 'super-secret-value', '--bogus'], {})).toThrow(/--bogus/);
    try {
      readSimConfig(['--access-key-secret', 'super-secret-value', '--bogus'], {});
    } catch (e) {
      expect((e as Error).message).not.toContain('super-secret-value');
    }
  });
});
