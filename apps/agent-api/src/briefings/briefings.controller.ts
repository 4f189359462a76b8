import { Body, Controller, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { validate } from '@gong-connector/contracts';
import { RequiresGrant } from '../auth/requires-grant.decorator.js';
import { RestGrants } from '../auth/rest-grants.js';
import { BearerAuthGuard } from '../auth/bearer-auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { requireProfileFlag, type Principal } from '../auth/principal.js';
import { BriefingRequestSchema, type BriefingView } from './briefing.schemas.js';
import { MeetingPrepService } from './meeting-prep.service.js';

/**
 * `POST /v1/briefings`: a meeting brief on one account (MCP `meeting_prep`). Computed on request
 * (nothing stored), hence 200. Like account research it needs the profile's `account` flag.
 */
@Controller('v1/briefings')
@UseGuards(BearerAuthGuard)
@RequiresGrant(...RestGrants.briefings)
export class BriefingsController {
  constructor(@Inject(MeetingPrepService) private readonly prep: MeetingPrepService) {}

  @Post()
  @HttpCode(200)
  create(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<BriefingView> {
    requireProfileFlag(p, 'account', 'Meeting prep');
    return this.prep.brief(p, validate(BriefingRequestSchema, body ?? {}, 'body'));
  }
}
