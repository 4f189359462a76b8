import { Body, Controller, Get, Headers, Inject, Param, Post, Res, UseGuards } from '@nestjs/common';
import { validate } from '@gong-connector/contracts';
import type { FastifyReply } from 'fastify';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';
import { BearerAuthGuard } from '../auth/bearer-auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequiresGrant } from '../auth/requires-grant.decorator.js';
import { RestGrants } from '../auth/rest-grants.js';
import type { WriteAnswer } from '../actions/gong-write.service.js';
import { CrmUploadService } from './crm-upload.service.js';

type Json = Record<string, unknown>;
const objectBody = (body: unknown): Json => (body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Json) : {});

/**
 * `/v1/crm/uploads`: CRM objects uploaded to Gong for the token's user (scope gong:crm:write). The
 * first POST answers a preview and a confirmationId (200); the same body with `confirm` sends the
 * file and answers 202 with the upload id at once; `GET /v1/crm/uploads/{id}` follows it (its
 * uploader only). `Idempotency-Key` makes the POST safe to send again.
 */
@Controller('v1/crm/uploads')
@UseGuards(BearerAuthGuard)
export class CrmUploadsController {
  constructor(@Inject(CrmUploadService) private readonly uploads: CrmUploadService) {}

  @Post()
  @RequiresGrant(...RestGrants.uploadCrmObjects)
  async upload(@CurrentPrincipal() p: Principal, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply, @Headers('idempotency-key') key?: string): Promise<WriteAnswer> {
    const input = validate(ApiRequestSchemas.uploadCrmObjects, key === undefined ? objectBody(body) : { ...objectBody(body), idempotencyKey: key }, 'body');
    const answer = await this.uploads.upload(p, input);
    void reply.status(answer.status === 'done' ? 202 : 200);
    return answer;
  }

  @Get(':id')
  @RequiresGrant(...RestGrants.getCrmUpload)
  get(@CurrentPrincipal() p: Principal, @Param() params: unknown): Promise<Json> {
    return this.uploads.get(p, validate(ApiRequestSchemas.crmUploadId, params, 'path').id);
  }
}
