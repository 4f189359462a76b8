import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import type { AuthedRequest } from './bearer-auth.guard.js';
import type { Principal } from './principal.js';

/** The Principal the BearerAuthGuard established for this request. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Not authenticated');
  return principal;
});
