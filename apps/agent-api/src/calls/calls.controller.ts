import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { validate } from '@gong-connector/contracts';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';
import { RequiresGrant } from '../auth/requires-grant.decorator.js';
import { RestGrants } from '../auth/rest-grants.js';
import { BearerAuthGuard } from '../auth/bearer-auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import type { CallView, TranscriptView } from './call.views.js';
import { CallsService, type CallListPage } from './calls.service.js';

/** `/v1/calls`: list, one call, its transcript; only calls the user may see (others are 404). */
@Controller('v1/calls')
@UseGuards(BearerAuthGuard)
@RequiresGrant(...RestGrants.calls)
export class CallsController {
  constructor(@Inject(CallsService) private readonly calls: CallsService) {}

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query() query: unknown): Promise<CallListPage> {
    const r = validate(ApiRequestSchemas.listCalls, query, 'query string');
    return this.calls.list({
      filter: p.filter,
      from: r.from,
      to: r.to,
      account: r.account,
      participant: r.participant,
      text: r.text,
      limit: r.limit,
      cursor: r.cursor,
    });
  }

  @Get(':callId')
  get(@CurrentPrincipal() p: Principal, @Param() params: unknown): Promise<CallView> {
    const { callId } = validate(ApiRequestSchemas.callId, params, 'path');
    return this.calls.get(p.filter, callId);
  }

  @Get(':callId/transcript')
  transcript(@CurrentPrincipal() p: Principal, @Param() params: unknown, @Query() query: unknown): Promise<TranscriptView> {
    const { callId } = validate(ApiRequestSchemas.callId, params, 'path');
    const r = validate(ApiRequestSchemas.transcript, query, 'query string');
    return this.calls.transcript(p.filter, callId, r);
  }
}
