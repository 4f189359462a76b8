import { AppError, ErrorCode, GongIdSchema, IsoDateTimeSchema } from '@gong-connector/contracts';
import { z } from 'zod';

/** Where a page of `GET /v1/calls` ended: the last call's start and id (newest first). */
export interface CallListPosition {
  started: string;
  id: string;
}

const NOT_A_CURSOR = 'not a cursor returned by this list';

/** A start time PostgreSQL reads as `timestamptz`: ISO 8601 with offset, a real calendar day, years 1 to 9999. */
const Started = IsoDateTimeSchema.refine((s) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})T/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(2000, mo - 1, d));
  return y >= 1 && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && (mo !== 2 || d !== 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)));
});
const Payload = z.strictObject({ s: Started, i: GongIdSchema });

function decode(cursor: string): CallListPosition | null {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = Payload.safeParse(raw);
  return parsed.success ? { started: parsed.data.s, id: parsed.data.i } : null;
}

/**
 * The opaque `nextCursor` of `GET /v1/calls` (and `list_calls`): base64url JSON of the last call's
 * start and id. A cursor is checked whole at the edge (`schema`), so a tampered one (`{"s":"1"}`,
 * year 275760, a NUL in the id) is a 400 naming `cursor`, never a value PostgreSQL cannot read.
 */
export const CallListCursor = {
  schema: z.string().min(1).max(500).refine((c) => decode(c) !== null, NOT_A_CURSOR),

  encode(position: CallListPosition): string {
    return Buffer.from(JSON.stringify({ s: position.started, i: position.id })).toString('base64url');
  },

  decode(cursor: string): CallListPosition {
    const position = decode(cursor);
    if (position) return position;
    throw new AppError(ErrorCode.VALIDATION_FAILED, `Invalid query string: cursor: ${NOT_A_CURSOR}`, { details: [{ path: 'cursor', message: NOT_A_CURSOR }] });
  },
} as const;
