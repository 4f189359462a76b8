import { z } from 'zod';
import { GongHttpError } from './gong-http.error.js';

/** Parses input with a zod schema; answers Gong's 400 naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query'): z.output<S> {
  const result = schema.safeParse(input ?? (where === 'query' ? {} : undefined));
  if (result.success) return result.data;
  throw new GongHttpError(
    400,
    result.error.issues.map((i) => {
      const path = i.path.map(String).join('.');
      return path ? `${path}: ${i.message}` : `${where === 'body' ? 'request body' : 'query'}: ${i.message}`;
    }),
  );
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** ISO-8601 date-time with a zone ('2018-02-18T02:30:00-07:00' or '...Z'), as epoch ms. */
export const isoDateTime = z
  .string()
  .regex(ISO_DATE_TIME, 'must be an ISO-8601 date-time with a time zone, e.g. 2018-02-18T08:00:00Z')
  .transform((s, ctx) => {
    const ms = Date.parse(s);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'is not a valid date-time' });
      return z.NEVER;
    }
    return ms;
  });

/** `YYYY-MM-DD`. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in the format YYYY-MM-DD');

/** A Gong id: a numeric string of up to 20 digits (JSON numbers are accepted and kept exact). */
export const gongId = z.union([z.string(), z.number().int().nonnegative()]).transform((v, ctx) => {
  const s = String(v);
  if (!/^\d{1,20}$/.test(s)) {
    ctx.addIssue({ code: 'custom', message: 'must be a numeric Gong id of up to 20 digits' });
    return z.NEVER;
  }
  return s;
});

/** Query-string booleans. */
export const queryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');
