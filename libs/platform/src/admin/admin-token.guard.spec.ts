import { describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { AdminTokenGuard } from './admin-token.guard.js';

const TOKEN = 'a-long-enough-admin-token';
const SETTING = 'SOME_ADMIN_TOKEN';

interface Outcome {
  result: string;
  message?: string;
  wwwAuthenticate?: string;
}

function outcome(guard: AdminTokenGuard, authorization?: string): Outcome {
  const req = { headers: authorization === undefined ? {} : { authorization } };
  const headers: Record<string, string> = {};
  const reply = { header: (name: string, value: string) => (headers[name.toLowerCase()] = value) };
  const context = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => reply }) } as unknown as ExecutionContext;
  try {
    return { result: guard.canActivate(context) ? 'allowed' : 'refused', ...(headers['www-authenticate'] ? { wwwAuthenticate: headers['www-authenticate'] } : {}) };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { result: error.code, message: error.message, ...(headers['www-authenticate'] ? { wwwAuthenticate: headers['www-authenticate'] } : {}) };
  }
}

describe('AdminTokenGuard', () => {
  const guard = new AdminTokenGuard({ name: SETTING, value: TOKEN });

  it.each([
    [`Bearer ${TOKEN}`, 'allowed'],
    [`bearer ${TOKEN}`, 'allowed'],
    [`Bearer   ${TOKEN}  `, 'allowed'],
    [`Bearer ${TOKEN}x`, ErrorCode.UNAUTHENTICATED],
    [`Bearer ${TOKEN.slice(0, -1)}`, ErrorCode.UNAUTHENTICATED],
    [`Basic ${TOKEN}`, ErrorCode.UNAUTHENTICATED],
    [TOKEN, ErrorCode.UNAUTHENTICATED],
    ['Bearer ', ErrorCode.UNAUTHENTICATED],
    [`Bearer ${TOKEN} extra`, ErrorCode.UNAUTHENTICATED],
    [undefined, ErrorCode.UNAUTHENTICATED],
  ])('with %p: %s', (header, expected) => {
    expect(outcome(guard, header).result).toBe(expected);
  });

  it('answers a missing or wrong token with a Bearer challenge and never echoes the token', () => {
    const missing = outcome(guard);
    expect(missing).toEqual({ result: ErrorCode.UNAUTHENTICATED, message: expect.stringContaining(SETTING), wwwAuthenticate: 'Bearer realm="admin"' });
    const wrong = outcome(guard, `Bearer ${TOKEN}x`);
    expect(wrong.wwwAuthenticate).toBe('Bearer realm="admin"');
    expect(wrong.message).not.toContain(TOKEN);
    expect(outcome(guard, `Bearer ${TOKEN}`).wwwAuthenticate).toBeUndefined();
  });

  it.each([undefined, ''])('turns the admin API off when the token is %p, naming the setting to set', (value) => {
    const off = outcome(new AdminTokenGuard({ name: SETTING, value }), `Bearer ${TOKEN}`);
    expect(off.result).toBe(ErrorCode.ACCESS_DENIED);
    expect(off.message).toBe(`The admin API is off: set ${SETTING} to use it`);
    expect(off.wwwAuthenticate).toBeUndefined();
  });
});
