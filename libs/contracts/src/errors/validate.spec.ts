import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { GongIdSchema } from '../gong/gong-id.js';
import { AppError } from './app-error.js';
import { ErrorCode } from './error-code.js';
import { validate } from './validate.js';

describe('validate', () => {
  const schema = z.object({ callIds: z.array(GongIdSchema), limit: z.number().int().max(100) });

  it('returns the parsed value when valid', () => {
    expect(validate(schema, { callIds: ['7782342274025937895'], limit: 10 }, 'body')).toEqual({
      callIds: ['7782342274025937895'],
      limit: 10,
    });
  });

  it.each([
    [{ callIds: [123], limit: 10 }, 'callIds[0]'],
    [{ callIds: ['1'], limit: 1000 }, 'limit'],
    [{ limit: 1 }, 'callIds'],
  ])('names the offending path for %j', (input, path) => {
    let thrown: unknown;
    try {
      validate(schema, input, 'request body');
    } catch (e) {
      thrown = e;
    }
    expect(AppError.is(thrown, ErrorCode.VALIDATION_FAILED)).toBe(true);
    const err = thrown as AppError;
    expect(err.details.map((d) => d.path)).toEqual([path]);
    expect(err.message).toContain(`Invalid request body: ${path}:`);
  });

  it('keeps a 20-digit id exact as a string', () => {
    expect(GongIdSchema.parse('18446744073709551615')).toBe('18446744073709551615');
    expect(GongIdSchema.safeParse('12a').success).toBe(false);
    expect(GongIdSchema.safeParse('123456789012345678901').success).toBe(false);
  });
});
