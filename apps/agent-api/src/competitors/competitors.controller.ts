import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { validate } from '@gong-connector/contracts';
import { BearerAuthGuard } from '../auth/bearer-auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequiresGrant } from '../auth/requires-grant.decorator.js';
import { RestGrants } from '../auth/rest-grants.js';
import { CompetitorTrendsRequestSchema, type CompetitorTrendsView } from './competitor-trends.schemas.js';
import { CompetitorTrendsService } from './competitor-trends.service.js';

/** `GET /v1/competitors`: competitor trends over the calls the user may see (`competitor_trends` for REST). */
@Controller('v1/competitors')
@UseGuards(BearerAuthGuard)
@RequiresGrant(...RestGrants.competitors)
export class CompetitorsController {
  constructor(@Inject(CompetitorTrendsService) private readonly trends: CompetitorTrendsService) {}

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query() query: unknown): Promise<CompetitorTrendsView> {
    return this.trends.trends(p, validate(CompetitorTrendsRequestSchema, query, 'query string'));
  }
}
