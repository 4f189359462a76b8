import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@gong-connector/contracts';
import { GongHttpError } from '../http/gong-http.error.js';

export interface CursorState {
  offset: number;
  pageNumber: number;
}

interface CursorPayload {
  pageSize: number;
  total: number;
  pageNumber: number;
  exp: number;
  off: number;
  fp: string;
  ep: number;
}

export const CURSOR_EXPIRED = 'The cursor has expired; repeat the request without a cursor to start again';
export const CURSOR_MISMATCH = 'The cursor does not belong to this request; send the same request that returned it';
export const CURSOR_INVALID = 'Invalid cursor';

/**
 * Cursors shaped like Gong's: an HS256 JWT (`{"pageSize","total","pageNumber","exp",...}`) that
 * expires, bound to the request it came from (a changed request with an old cursor is rejected).
 */
export class CursorCodec {
  constructor(
    private readonly secret: string,
    private readonly clock: Clock,
    private readonly ttlMs: () => number,
    private readonly epoch: () => number,
  ) {}

  /** A stable fingerprint of a request, minus its cursor. */
  static fingerprint(endpoint: string, request: unknown): string {
    return createHash('sha256').update(endpoint).update('\n').update(canonical(request)).digest('base64url').slice(0, 22);
  }

  issue(fingerprint: string, next: { offset: number; pageNumber: number; total: number; pageSize: number }): string {
    const payload: CursorPayload = {
      pageSize: next.pageSize,
      total: next.total,
      pageNumber: next.pageNumber,
      exp: Math.floor((this.clock.now() + this.ttlMs()) / 1000),
      off: next.offset,
      fp: fingerprint,
      ep: this.epoch(),
    };
    const head = b64(JSON.stringify({ alg: 'HS256' }));
    const body = b64(JSON.stringify(payload));
    return `${head}.${body}.${this.sign(`${head}.${body}`)}`;
  }

  /** The position a cursor points at; throws Gong's 400 when it is bad, expired or foreign. */
  read(cursor: string, fingerprint: string): CursorState {
    const parts = cursor.split('.');
    if (parts.length !== 3) throw GongHttpError.badRequest(CURSOR_INVALID);
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw GongHttpError.badRequest(CURSOR_INVALID);
    let payload: CursorPayload;
    try {
      payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as CursorPayload;
    } catch {
      throw GongHttpError.badRequest(CURSOR_INVALID);
    }
    if (payload.ep !== this.epoch() || payload.exp * 1000 <= this.clock.now()) throw GongHttpError.badRequest(CURSOR_EXPIRED);
    if (payload.fp !== fingerprint) throw GongHttpError.badRequest(CURSOR_MISMATCH);
    return { offset: payload.off, pageNumber: payload.pageNumber };
  }

  private sign(input: string): string {
    return createHmac('sha256', this.secret).update(input).digest('base64url');
  }
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** JSON with sorted keys, so {a,b} and {b,a} fingerprint alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
