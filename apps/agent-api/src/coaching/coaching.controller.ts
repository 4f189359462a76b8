import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { validate } from '@gong-connector/contracts';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';
import { BearerAuthGuard } from '../auth/bearer-auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequiresGrant } from '../auth/requires-grant.decorator.js';
import { RestGrants } from '../auth/rest-grants.js';
import { CoachingCatalogService, type LibraryClipsView, type LibraryFoldersView, type ScorecardsView } from './coaching-catalog.service.js';
import { CoachingService, type RepCoachingView, type TeamActivityView } from './coaching.service.js';

const merged = (query: unknown, extra: Record<string, unknown>) => ({ ...(query !== null && typeof query === 'object' ? query : {}), ...extra });

/**
 * Coaching data from the replica (0 Gong requests), each domain under its own Gong permission:
 * `GET /v1/users/{id}/coaching`, `GET /v1/teams/{managerId}/activity`, `GET /v1/scorecards`,
 * `GET /v1/library/folders`, `GET /v1/library/folders/{id}/clips`.
 */
@Controller('v1')
@UseGuards(BearerAuthGuard)
export class CoachingController {
  constructor(
    @Inject(CoachingService) private readonly coaching: CoachingService,
    @Inject(CoachingCatalogService) private readonly catalog: CoachingCatalogService,
  ) {}

  @Get('users/:id/coaching')
  @RequiresGrant(...RestGrants.repCoaching)
  repCoaching(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query() query: unknown): Promise<RepCoachingView> {
    return this.coaching.repCoaching(p, validate(ApiRequestSchemas.repCoaching, merged(query, { userId: id }), 'request'));
  }

  @Get('teams/:managerId/activity')
  @RequiresGrant(...RestGrants.teamActivity)
  teamActivity(@CurrentPrincipal() p: Principal, @Param('managerId') managerId: string, @Query() query: unknown): Promise<TeamActivityView> {
    return this.coaching.teamActivity(p, validate(ApiRequestSchemas.teamActivity, merged(query, { managerId }), 'request'));
  }

  @Get('scorecards')
  @RequiresGrant(...RestGrants.scorecards)
  scorecards(@CurrentPrincipal() p: Principal, @Query() query: unknown): Promise<ScorecardsView> {
    return this.catalog.scorecards(p, validate(ApiRequestSchemas.scorecards, query, 'query string'));
  }

  @Get('library/folders')
  @RequiresGrant(...RestGrants.library)
  folders(@CurrentPrincipal() p: Principal, @Query() query: unknown): Promise<LibraryFoldersView> {
    return this.catalog.folders(p, validate(ApiRequestSchemas.libraryFolders, query, 'query string'));
  }

  @Get('library/folders/:id/clips')
  @RequiresGrant(...RestGrants.library)
  clips(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query() query: unknown): Promise<LibraryClipsView> {
    return this.catalog.clips(p, validate(ApiRequestSchemas.libraryClips, merged(query, { folderId: id }), 'request'));
  }
}
