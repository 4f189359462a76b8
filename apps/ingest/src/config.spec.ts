import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@gong-connector/platform';
import { IngestConfigSchema } from './config.js';
import { NewCallHandler } from './pipeline/new-call.handler.js';

describe('IngestConfigSchema', () => {
  it('has a safe default for every key', () => {
    const config = loadConfig(IngestConfigSchema, {});
    expect(config).toMatchObject({
      PORT: 8081,
      GONG_PERMIT_SOURCE: 'broker',
      INGEST_PUBLIC_WEBHOOK_URL: 'http://127.0.0.1:8081/webhooks/gong',
      INGEST_TRANSCRIPT_RETRY_MS: [250, 250, 250, 250, 500, 1000, 2000, 5000, 10000, 30000, 60000, 120000, 300000],
      INGEST_SCHEDULER_ENABLED: true,
    });
    expect(config.GONG_WEBHOOK_PUBLIC_KEY).toBeUndefined();
    expect(config.INGEST_ADMIN_TOKEN).toBeUndefined();
    for (const [key, field] of Object.entries(IngestConfigSchema.shape)) expect([key, field.description?.length ?? 0]).not.toEqual([key, 0]);
  });

  it('lists every bad key at once and never echoes a secret', () => {
    const secret = 'short-token';
    let error: unknown;
    try {
      loadConfig(IngestConfigSchema, { GONG_PERMIT_SOURCE: 'magic', INGEST_ADMIN_TOKEN: secret, INGEST_TRANSCRIPT_RETRY_MS: '1s', GONG_BASE_URL: 'ftp://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    const message = (error as Error).message;
    for (const key of ['GONG_PERMIT_SOURCE', 'INGEST_ADMIN_TOKEN', 'INGEST_TRANSCRIPT_RETRY_MS', 'GONG_BASE_URL']) expect(message).toContain(key);
    expect(message).not.toContain(secret);
  });

  it('gives the pipeline enough deliveries to wait out the transcript limit', () => {
    expect(NewCallHandler.maxDeliveries([500], 10_000)).toBe(26);
    expect(NewCallHandler.maxDeliveries([2000, 5000, 10000, 30000, 60000, 120000, 300000], 30 * 60_000)).toBe(18);
  });
});
