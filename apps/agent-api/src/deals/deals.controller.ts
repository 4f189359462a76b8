import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { validate } from '@gong-connector/contracts';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';
import { BearerAuthGuard } from '../auth/bearer-auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequiresGrant } from '../auth/requires-grant.decorator.js';
import { RestGrants } from '../auth/rest-grants.js';
import { DealRiskService, type DealListView, type DealRiskView } from './deal-risk.service.js';

/**
 * Deals from the replica (0 Gong requests), under the profile's `dealsAccess` level and call
 * visibility: `GET /v1/deals` (with their risk; `?risk=high`), `GET /v1/deals/{id}/risk`.
 */
@Controller('v1')
@UseGuards(BearerAuthGuard)
export class DealsController {
  constructor(@Inject(DealRiskService) private readonly deals: DealRiskService) {}

  @Get('deals')
  @RequiresGrant(...RestGrants.deals)
  list(@CurrentPrincipal() p: Principal, @Query() query: unknown): Promise<DealListView> {
    return this.deals.list(p, validate(ApiRequestSchemas.listDeals, query, 'query string'));
  }

  @Get('deals/:id/risk')
  @RequiresGrant(...RestGrants.deals)
  risk(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query() query: unknown): Promise<DealRiskView> {
    const input = validate(ApiRequestSchemas.dealRisk, { ...(query !== null && typeof query === 'object' ? query : {}), dealId: id }, 'request');
    return this.deals.risk(p, input.dealId);
  }
}
