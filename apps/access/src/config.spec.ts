import { describe, expect, it } from '@jest/globals';
import { AppError } from '@gong-connector/contracts';
import { loadConfig } from '@gong-connector/platform';
import { AccessConfigSchema } from './config.js';

describe('AccessConfigSchema', () => {
  it('has safe defaults: port 8084, the quota broker, a 2 h staleness limit, admin endpoints off', () => {
    const config = loadConfig(AccessConfigSchema, {});
    expect(config).toMatchObject({ PORT: 8084, GONG_PERMIT_SOURCE: 'broker', ACCESS_MAX_STALENESS_MS: 7_200_000, ACCESS_SYNC_INTERVAL_MS: 5_400_000 });
    expect(config.ACCESS_ADMIN_TOKEN).toBeUndefined();
  });

  it('by default syncs inside the staleness limit with room for several retries of a failed sync', () => {
    const config = loadConfig(AccessConfigSchema, {});
    // A profile or member change is in force at most one interval (plus the sync's own duration) after it is made.
    expect(config.ACCESS_SYNC_INTERVAL_MS).toBeLessThan(config.ACCESS_MAX_STALENESS_MS);
    expect(Math.floor((config.ACCESS_MAX_STALENESS_MS - config.ACCESS_SYNC_INTERVAL_MS) / config.ACCESS_SYNC_RETRY_MS)).toBeGreaterThanOrEqual(5);
  });

  it('names every bad key and never echoes the secret', () => {
    let error: unknown;
    try {
      loadConfig(AccessConfigSchema, { GONG_PERMIT_SOURCE: 'nope', ACCESS_ADMIN_TOKEN: 'short-secret', ACCESS_SWEEP_MAX_CALLS: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details.map((d) => d.path).sort()).toEqual(['ACCESS_ADMIN_TOKEN', 'ACCESS_SWEEP_MAX_CALLS', 'GONG_PERMIT_SOURCE']);
    expect((error as AppError).message).not.toContain('short-secret');
  });
});
