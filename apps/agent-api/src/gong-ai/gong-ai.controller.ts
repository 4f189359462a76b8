import { Body, Controller, Get, HttpCode, Inject, Post, Query, UseGuards } from '@nestjs/common';
import { validate } from '@gong-connector/contracts';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';
import { BearerAuthGuard } from '../auth/bearer-auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequiresGrant } from '../auth/requires-grant.decorator.js';
import { RestGrants } from '../auth/rest-grants.js';
import { GongAiService } from './gong-ai.service.js';

type Json = Record<string, unknown>;

/**
 * `/v1/gong-ai`: Gong's own AI (paid in Gong credits), the REST twin of list_briefs, gong_brief and
 * ask_gong. Off unless AGENT_API_GONG_AI is set (403 saying so); a token needs the gong:ai scope.
 */
@Controller('v1/gong-ai')
@UseGuards(BearerAuthGuard)
export class GongAiController {
  constructor(@Inject(GongAiService) private readonly ai: GongAiService) {}

  @Get('briefs')
  @RequiresGrant(...RestGrants.listBriefs)
  listBriefs(@CurrentPrincipal() p: Principal, @Query() query: unknown): Promise<Json> {
    return this.ai.listBriefs(p, validate(ApiRequestSchemas.listBriefs, query, 'query string'));
  }

  @Post('brief')
  @HttpCode(200)
  @RequiresGrant(...RestGrants.gongBrief)
  brief(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<Json> {
    return this.ai.brief(p, validate(ApiRequestSchemas.gongBrief, body ?? {}, 'body'));
  }

  @Post('ask')
  @HttpCode(200)
  @RequiresGrant(...RestGrants.askGong)
  ask(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<Json> {
    return this.ai.ask(p, validate(ApiRequestSchemas.askGong, body ?? {}, 'body'));
  }
}
