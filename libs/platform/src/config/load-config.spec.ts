import { describe, expect, it } from '@jest/globals';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { z } from 'zod';
import { ConfigFields } from './config-fields.js';
import { loadConfig } from './load-config.js';

const schema = z.object({
  PORT: ConfigFields.port(8080),
  NATS_URL: ConfigFields.natsUrl(),
  DATABASE_URL: ConfigFields.databaseUrl(),
  GONG_ACCESS_KEY_SECRET: ConfigFields.secret('Gong access key secret'),
  DEBUG_SQL: ConfigFields.bool(false, 'Log SQL'),
});

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('loadConfig', () => {
  it('applies defaults and coerces types, and freezes the result', () => {
    const config = loadConfig(schema, { GONG_ACCESS_KEY_SECRET: 's3cr3t-value', DEBUG_SQL: 'yes' });
    expect(config).toEqual({
      PORT: 8080,
      NATS_URL: 'nats://127.0.0.1:4222',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      GONG_ACCESS_KEY_SECRET: 's3cr3t-value',
      DEBUG_SQL: true,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reports one bad value as one clear error naming the key', () => {
    const err = errorOf(() => loadConfig(schema, { PORT: 'eighty', GONG_ACCESS_KEY_SECRET: 'x' }));
    expect(err.code).toBe(ErrorCode.CONFIG_INVALID);
    expect(err.details).toHaveLength(1);
    expect(err.details[0]!.path).toBe('PORT');
    expect(err.message).toMatch(/^Invalid configuration \(1 problem\):\n {2}- PORT: /);
  });

  it('lists every bad key at once, and never echoes a secret', () => {
    const err = errorOf(() =>
      loadConfig(schema, { PORT: '99999', NATS_URL: 'localhost:4222', DEBUG_SQL: 'maybe', DATABASE_URL: 'mysql://x:hunter2@h/db' }),
    );
    expect(err.details.map((d) => d.path).sort()).toEqual(['DATABASE_URL', 'DEBUG_SQL', 'GONG_ACCESS_KEY_SECRET', 'NATS_URL', 'PORT']);
    expect(err.message).not.toContain('hunter2');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig(schema, { PORT: '', GONG_ACCESS_KEY_SECRET: 'x' }).PORT).toBe(8080);
  });
});
