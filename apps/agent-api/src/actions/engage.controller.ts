import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { validate } from '@gong-connector/contracts';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';
import { BearerAuthGuard } from '../auth/bearer-auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequiresGrant } from '../auth/requires-grant.decorator.js';
import { RestGrants } from '../auth/rest-grants.js';
import { EngageService } from './engage.service.js';
import type { WriteAnswer } from './gong-write.service.js';

type Json = Record<string, unknown>;
const objectBody = (body: unknown): Json => (body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Json) : {});
/** The Idempotency-Key header, as the body's idempotencyKey (the header wins). */
const withKey = (body: unknown, key: string | undefined): Json => (key === undefined ? objectBody(body) : { ...objectBody(body), idempotencyKey: key });

/**
 * `/v1/engage`: Engage flows and to-dos for the token's user, live from Gong. Writes answer a
 * preview and a confirmationId first (200, status confirmation_required); the same body with
 * `confirm` performs them. `Idempotency-Key` makes a write safe to send again.
 */
@Controller('v1/engage')
@UseGuards(BearerAuthGuard)
export class EngageController {
  constructor(@Inject(EngageService) private readonly engage: EngageService) {}

  @Get('flows')
  @RequiresGrant(...RestGrants.listFlows)
  listFlows(@CurrentPrincipal() p: Principal, @Query() query: unknown): Promise<Json> {
    return this.engage.listFlows(p, validate(ApiRequestSchemas.listFlows, query, 'query string'));
  }

  @Post('flows/prospects')
  @HttpCode(200)
  @RequiresGrant(...RestGrants.flowsForProspects)
  flowsForProspects(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<Json> {
    return this.engage.flowsForProspects(p, validate(ApiRequestSchemas.flowsForProspects, body ?? {}, 'body'));
  }

  @Get('tasks')
  @RequiresGrant(...RestGrants.listTasks)
  listTasks(@CurrentPrincipal() p: Principal, @Query() query: unknown): Promise<Json> {
    return this.engage.listTasks(p, validate(ApiRequestSchemas.listTasks, query, 'query string'));
  }

  @Post('flows/assign')
  @HttpCode(200)
  @RequiresGrant(...RestGrants.assignFlow)
  assignFlow(@CurrentPrincipal() p: Principal, @Body() body: unknown, @Headers('idempotency-key') key?: string): Promise<WriteAnswer> {
    return this.engage.assignFlow(p, validate(ApiRequestSchemas.assignFlow, withKey(body, key), 'body'));
  }

  @Post('flows/unassign')
  @HttpCode(200)
  @RequiresGrant(...RestGrants.unassignFlow)
  unassignFlow(@CurrentPrincipal() p: Principal, @Body() body: unknown, @Headers('idempotency-key') key?: string): Promise<WriteAnswer> {
    return this.engage.unassignFlow(p, validate(ApiRequestSchemas.unassignFlow, withKey(body, key), 'body'));
  }

  @Patch('tasks/:taskId')
  @RequiresGrant(...RestGrants.updateTask)
  updateTask(@CurrentPrincipal() p: Principal, @Param('taskId') taskId: string, @Body() body: unknown, @Headers('idempotency-key') key?: string): Promise<WriteAnswer> {
    return this.engage.updateTask(p, validate(ApiRequestSchemas.updateTask, { ...withKey(body, key), taskId }, 'body'));
  }
}
