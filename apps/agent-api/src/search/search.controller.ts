import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { validate } from '@gong-connector/contracts';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';
import { RequiresGrant } from '../auth/requires-grant.decorator.js';
import { RestGrants } from '../auth/rest-grants.js';
import { BearerAuthGuard } from '../auth/bearer-auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { PassageSearchService, type PassageSearchView } from './passage-search.service.js';

/** `GET /v1/search`: transcript passages with highlights and facets, access-filtered inside the query. */
@Controller('v1/search')
@UseGuards(BearerAuthGuard)
@RequiresGrant(...RestGrants.search)
export class SearchController {
  constructor(@Inject(PassageSearchService) private readonly passages: PassageSearchService) {}

  @Get()
  search(@CurrentPrincipal() p: Principal, @Query() query: unknown): Promise<PassageSearchView> {
    return this.passages.search(p.filter, validate(ApiRequestSchemas.search, query, 'query string'));
  }
}
