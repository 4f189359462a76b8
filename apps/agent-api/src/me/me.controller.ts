import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import type { WorkspaceAccessDescription } from '@gong-connector/access-core';
import { RequiresGrant } from '../auth/requires-grant.decorator.js';
import { RestGrants } from '../auth/rest-grants.js';
import { BearerAuthGuard } from '../auth/bearer-auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { AccessExplainer } from './access-explainer.service.js';

export interface MeResponse {
  user: Principal['user'];
  subject: string;
  tokenId: string;
  tokenKind: string;
  permissionsAsOf: string;
  /** What the user sees and why: their calls access per workspace and the rules in force. */
  access: {
    workspaces: readonly WorkspaceAccessDescription[];
    grantedCallCount: number;
    rules: readonly string[];
  };
}

/** `GET /v1/me`: who the token acts for, what they may see per workspace and why, and how fresh their permissions are. */
@Controller('v1/me')
@UseGuards(BearerAuthGuard)
@RequiresGrant(...RestGrants.me)
export class MeController {
  constructor(@Inject(AccessExplainer) private readonly explainer: AccessExplainer) {}

  @Get()
  async me(@CurrentPrincipal() p: Principal): Promise<MeResponse> {
    const d = await this.explainer.describe(p.user?.id ?? p.filter.userId);
    // The filter in force is the authority: a user it denies everything (unknown, inactive) has no workspace access.
    const denied = p.user === null || p.filter.ownUserId === null;
    return {
      user: p.user,
      subject: p.subject,
      tokenId: p.tokenId,
      tokenKind: p.tokenKind,
      permissionsAsOf: p.dataAsOf,
      access: { workspaces: denied ? [] : d.workspaces, grantedCallCount: denied ? 0 : d.grantedCallCount, rules: d.rules },
    };
  }
}
