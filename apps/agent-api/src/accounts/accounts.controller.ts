import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { validate } from '@gong-connector/contracts';
import type { AccountListRow } from '@gong-connector/persistence';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';
import { RequiresGrant } from '../auth/requires-grant.decorator.js';
import { RestGrants } from '../auth/rest-grants.js';
import { BearerAuthGuard } from '../auth/bearer-auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { requireProfileFlag, type Principal } from '../auth/principal.js';
import { AccountResearchService, type AccountResearchView } from './account-research.service.js';

/**
 * `/v1/accounts`: accounts with calls the user may see, and an account's research timeline. A user
 * whose Gong profile does not grant `account` ("User can view account pages") gets 403 ACCESS_DENIED.
 */
@Controller('v1/accounts')
@UseGuards(BearerAuthGuard)
@RequiresGrant(...RestGrants.accounts)
export class AccountsController {
  constructor(@Inject(AccountResearchService) private readonly accounts: AccountResearchService) {}

  @Get()
  async list(@CurrentPrincipal() p: Principal, @Query() query: unknown): Promise<{ accounts: AccountListRow[] }> {
    requireProfileFlag(p, 'account', 'Account research');
    return { accounts: await this.accounts.list(p.filter, validate(ApiRequestSchemas.listAccounts, query, 'query string')) };
  }

  @Get(':id/research')
  research(@CurrentPrincipal() p: Principal, @Param() params: unknown, @Query() query: unknown): Promise<AccountResearchView> {
    requireProfileFlag(p, 'account', 'Account research');
    const { id } = validate(ApiRequestSchemas.account, params, 'path');
    return this.accounts.research(p.filter, id, validate(ApiRequestSchemas.accountResearch, query, 'query string'));
  }
}
