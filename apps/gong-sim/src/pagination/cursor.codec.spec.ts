import { describe, expect, it } from '@jest/globals';
import { GongHttpError } from '../http/gong-http.error.js';
import { ManualClock } from '../time/manual.clock.js';
import { CURSOR_EXPIRED, CURSOR_INVALID, CURSOR_MISMATCH, CursorCodec } from './cursor.codec.js';

function rejection(fn: () => unknown): GongHttpError {
  try {
    fn();
  } catch (e) {
    return e as GongHttpError;
  }
  throw new Error('expected a rejection');
}

describe('CursorCodec', () => {
  const setup = () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    let epoch = 0;
    const codec = new CursorCodec('secret', clock, () => 60_000, () => epoch);
    return { clock, codec, bump: () => epoch++ };
  };
  const fp = CursorCodec.fingerprint('POST /v2/calls/extensive', { filter: { fromDateTime: '2026-01-01T00:00:00Z' } });

  it('round-trips a position and looks like Gong cursor JWTs', () => {
    const { codec } = setup();
    const cursor = codec.issue(fp, { offset: 100, pageNumber: 1, total: 250, pageSize: 100 });
    expect(cursor.split('.')).toHaveLength(3);
    const payload = JSON.parse(Buffer.from(cursor.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ pageSize: 100, total: 250, pageNumber: 1 });
    expect(codec.read(cursor, fp)).toEqual({ offset: 100, pageNumber: 1 });
  });

  it('fingerprints requests regardless of key order', () => {
    expect(CursorCodec.fingerprint('x', { a: 1, b: { c: 2, d: 3 } })).toBe(CursorCodec.fingerprint('x', { b: { d: 3, c: 2 }, a: 1 }));
    expect(CursorCodec.fingerprint('x', { a: 1 })).not.toBe(CursorCodec.fingerprint('x', { a: 2 }));
  });

  it.each([
    ['expired', (s: ReturnType<typeof setup>, c: string) => (s.clock.advance(60_000), s.codec.read(c, fp)), CURSOR_EXPIRED],
    ['invalidated early', (s: ReturnType<typeof setup>, c: string) => (s.bump(), s.codec.read(c, fp)), CURSOR_EXPIRED],
    ['used with another request', (s: ReturnType<typeof setup>, c: string) => s.codec.read(c, 'other'), CURSOR_MISMATCH],
    ['tampered with', (s: ReturnType<typeof setup>, c: string) => s.codec.read(c.slice(0, -2) + 'xx', fp), CURSOR_INVALID],
    ['garbage', (s: ReturnType<typeof setup>) => s.codec.read('not-a-cursor', fp), CURSOR_INVALID],
  ])('rejects a cursor %s with a 400', (_name, use, message) => {
    const s = setup();
    const cursor = s.codec.issue(fp, { offset: 100, pageNumber: 1, total: 250, pageSize: 100 });
    const e = rejection(() => use(s, cursor));
    expect(e).toBeInstanceOf(GongHttpError);
    expect(e.status).toBe(400);
    expect(e.errors).toEqual([message]);
  });
});
