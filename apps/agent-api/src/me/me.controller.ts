import { Controller, Get, UseGuards } from '@nestjs/common';
import { RequiresGrant } from '../auth/requires-grant.decorator.js';
import { RestGrants } from '../auth/rest-grants.js';
import { BearerAuthGuard } from '../auth/bearer-auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';

/** `GET /v1/me`: who the token acts for, and how fresh their permissions are. */
@Controller('v1/me')
@UseGuards(BearerAuthGuard)
@RequiresGrant(...RestGrants.me)
export class MeController {
  @Get()
  me(@CurrentPrincipal() p: Principal): { user: Principal['user']; subject: string; tokenId: string; tokenKind: string; permissionsAsOf: string } {
    return { user: p.user, subject: p.subject, tokenId: p.tokenId, tokenKind: p.tokenKind, permissionsAsOf: p.dataAsOf };
  }
}
