import { describe, expect, it } from '@jest/globals';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { loadConfig } from '@gong-connector/platform';
import { parseDayBoundary, quotaPolicyFromConfig } from './broker/quota-policy.factory.js';
import { QuotaBrokerConfigSchema } from './config.js';

describe('quota-broker configuration', () => {
  it('defaults to Gong’s documented limits, midnight UTC, a 1,500 reserve and a 5 s lease', () => {
    const config = loadConfig(QuotaBrokerConfigSchema, {});
    expect(config).toMatchObject({
      PORT: 8082,
      QUOTA_RATE_PER_SECOND: 3,
      QUOTA_DAILY_LIMIT: 10_000,
      QUOTA_DAY_BOUNDARY: '00:00Z',
      QUOTA_RESERVE: 1500,
      QUOTA_LEASE_TTL_MS: 5000,
    });
    expect(config.BROKER_INSTANCE_ID).toBeUndefined();
    const policy = quotaPolicyFromConfig(config);
    expect(policy).toMatchObject({
      ratePerSecond: 3,
      dailyLimit: 10_000,
      dayBoundary: { hour: 0, utcOffsetMinutes: 0 },
      minRemaining: { interactive: 0, 'post-call': 0, sync: 1500, backfill: 1500 },
      headroom: { interactive: 0, 'post-call': 1, sync: 1, backfill: 1 },
      persistence: { aheadBy: 50, renewBelow: 25 },
    });
  });

  it('every key is described (the README reference is generated from the schema)', () => {
    for (const [key, field] of Object.entries(QuotaBrokerConfigSchema.shape)) {
      expect([key, (field as { description?: string }).description ?? '']).toEqual([key, expect.stringMatching(/\S/)]);
    }
  });

  it.each([
    ['00:00Z', { hour: 0, utcOffsetMinutes: 0 }],
    ['09:00+05:30', { hour: 9, utcOffsetMinutes: 330 }],
    ['17:00-08:00', { hour: 17, utcOffsetMinutes: -480 }],
  ])('reads the day boundary %s', (value, expected) => {
    const config = loadConfig(QuotaBrokerConfigSchema, { QUOTA_DAY_BOUNDARY: value });
    expect(parseDayBoundary(config.QUOTA_DAY_BOUNDARY)).toEqual(expected);
    expect(quotaPolicyFromConfig(config).dayBoundary).toEqual(expected);
  });

  it('rejects a malformed value with one CONFIG_INVALID error naming each key', () => {
    const load = () => loadConfig(QuotaBrokerConfigSchema, { QUOTA_DAY_BOUNDARY: '9am', QUOTA_RATE_PER_SECOND: 'fast', DATABASE_URL: 'mysql://x' });
    expect(load).toThrow(AppError);
    try {
      load();
    } catch (error) {
      expect(error).toMatchObject({ code: ErrorCode.CONFIG_INVALID });
      expect((error as AppError).details.map((d) => d.path).sort()).toEqual(['DATABASE_URL', 'QUOTA_DAY_BOUNDARY', 'QUOTA_RATE_PER_SECOND']);
    }
  });

  it('rejects a reserve that leaves nothing for background work', () => {
    const config = loadConfig(QuotaBrokerConfigSchema, { QUOTA_DAILY_LIMIT: '1000', QUOTA_RESERVE: '1000' });
    expect(() => quotaPolicyFromConfig(config)).toThrow(expect.objectContaining({ code: ErrorCode.CONFIG_INVALID, message: expect.stringContaining('QUOTA_RESERVE') }));
  });

  it('never echoes a database password in its errors', () => {
    expect(() => loadConfig(QuotaBrokerConfigSchema, { DATABASE_URL: 'postgres://u:hunter2@db:5432/x y' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});
