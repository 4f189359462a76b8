import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import { AppError, ErrorCode, IsoDateTimeSchema, validate, type Clock } from '@gong-connector/contracts';
import type { ApiTokenRecord } from '@gong-connector/persistence';
import { z } from 'zod';
import { AdminTokenGuard, CLOCK } from '@gong-connector/platform';
import { parseDuration, TokenService } from '../auth/token.service.js';
import { GONG_SCOPES, TOOL_TAGS } from '../auth/tool-access.js';

const duration = z
  .string()
  .refine((s) => parseDuration(s) !== undefined, 'must be a duration like 30d, 12h, 45m or 90s')
  .transform((s) => parseDuration(s)!);

export const CreateTokenBodySchema = z.strictObject({
  kind: z.enum(['user', 'service']).default('user'),
  user: z.string().trim().min(1).max(320).optional().describe('The Gong user (email or id) a user token acts for'),
  name: z.string().trim().min(1).max(200).optional(),
  actAs: z.boolean().optional().describe('Service tokens: may act for the user named in X-Gong-User'),
  expiresIn: duration.optional().describe('Lifetime, like 30d (default: no expiry)'),
  scopes: z.array(z.string()).max(10).optional().describe(`Scopes (default ["gong:read"]): ${GONG_SCOPES.join(', ')}`),
  tools: z.array(z.string()).max(50).optional().describe('Limit the token to these MCP tools (by name); with toolTags, a tool passes when either allows it'),
  toolTags: z.array(z.string()).max(20).optional().describe(`Limit the token to tools with these tags: ${TOOL_TAGS.join(', ')}`),
  readOnly: z.boolean().optional().describe('Only reading (gong:read), whatever the scopes say'),
  autoConfirm: z.boolean().optional().describe('Writes (assign_flow, update_task, ...) run at once, without the preview and confirmation step: for trusted automations only'),
});
const IdParams = z.strictObject({ id: z.uuid() });
export const ListTokensQuerySchema = z.strictObject({ all: z.enum(['true', 'false']).optional() });
export const ExpireTokenBodySchema = z.strictObject({ at: IsoDateTimeSchema.optional() }).optional();

/** `/admin/tokens`: create (the secret is in this answer only), list, expire, revoke. */
@Controller('admin/tokens')
@UseGuards(AdminTokenGuard)
export class TokensController {
  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Body() body: unknown): Promise<ApiTokenRecord & { token: string }> {
    const r = validate(CreateTokenBodySchema, body ?? {}, 'body');
    if (r.kind === 'user' && !r.user) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, 'Invalid body: user: required for a user token', { details: [{ path: 'user', message: 'required for a user token' }] });
    }
    const { token, record } = await this.tokens.create({
      kind: r.kind,
      user: r.user,
      name: r.name,
      actAs: r.actAs,
      expiresInMs: r.expiresIn,
      scopes: r.scopes,
      tools: r.tools,
      toolTags: r.toolTags,
      readOnly: r.readOnly,
      autoConfirm: r.autoConfirm,
    });
    return { ...record, token };
  }

  @Get()
  async list(@Query() query: unknown): Promise<{ tokens: ApiTokenRecord[] }> {
    const q = validate(ListTokensQuerySchema, query, 'query string');
    return { tokens: await this.tokens.list(q.all === 'true') };
  }

  @Post(':id/revoke')
  @HttpCode(200)
  revoke(@Param() params: unknown): Promise<ApiTokenRecord> {
    return this.tokens.revoke(validate(IdParams, params, 'path').id);
  }

  @Delete(':id')
  revokeByDelete(@Param() params: unknown): Promise<ApiTokenRecord> {
    return this.tokens.revoke(validate(IdParams, params, 'path').id);
  }

  @Post(':id/expire')
  @HttpCode(200)
  expire(@Param() params: unknown, @Body() body: unknown): Promise<ApiTokenRecord> {
    const { id } = validate(IdParams, params, 'path');
    const at = validate(ExpireTokenBodySchema, body ?? undefined, 'body')?.at;
    return this.tokens.expire(id, at ? new Date(at) : new Date(this.clock.now()));
  }
}
