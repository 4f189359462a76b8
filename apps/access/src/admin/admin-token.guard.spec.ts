import { describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { ErrorCode } from '@gong-connector/contracts';
import { AdminTokenGuard } from './admin-token.guard.js';

const TOKEN = 'a-long-enough-admin-token';

function request(authorization?: string): ExecutionContext {
  const req = { headers: authorization === undefined ? {} : { authorization } };
  return { switchToHttp: () => ({ getRequest: () => req }) } as unknown as ExecutionContext;
}

function outcome(guard: AdminTokenGuard, authorization?: string): string {
  try {
    return guard.canActivate(request(authorization)) ? 'allowed' : 'refused';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('AdminTokenGuard', () => {
  it.each([
    [`Bearer ${TOKEN}`, 'allowed'],
    [`bearer ${TOKEN}`, 'allowed'],
    [`Bearer ${TOKEN}x`, ErrorCode.UNAUTHENTICATED],
    [`Basic ${TOKEN}`, ErrorCode.UNAUTHENTICATED],
    ['Bearer ', ErrorCode.UNAUTHENTICATED],
    [undefined, ErrorCode.UNAUTHENTICATED],
  ])('with %p: %s', (header, expected) => {
    expect(outcome(new AdminTokenGuard({ ACCESS_ADMIN_TOKEN: TOKEN }), header)).toBe(expected);
  });

  it('refuses everything when no token is configured', () => {
    expect(outcome(new AdminTokenGuard({ ACCESS_ADMIN_TOKEN: undefined }), `Bearer ${TOKEN}`)).toBe(ErrorCode.ACCESS_DENIED);
  });
});
