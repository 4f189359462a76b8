import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put, Query, UseGuards } from '@nestjs/common';
import { AppError, ErrorCode, validate } from '@gong-connector/contracts';
import { OAuthClientLimitsRepository, OAuthModelRepository, type OAuthClientLimitsRecord, type OAuthGrantRecord } from '@gong-connector/persistence';
import { AdminTokenGuard } from '@gong-connector/platform';
import { z } from 'zod';
import { TOOL_TAGS } from '../auth/tool-access.js';

const ClientId = z.string().trim().min(1).max(2048).describe('The OAuth client id (a Client ID Metadata Document URL or a registered id)');
export const ClientLimitsBodySchema = z.strictObject({
  clientId: ClientId,
  tools: z.array(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a tool name like search_calls')).min(1).max(100).nullable().optional()
    .describe('Only these tools (with the tags below, a tool passes when it is named or tagged); null or absent: no limit by name'),
  toolTags: z.array(z.enum(TOOL_TAGS)).min(1).nullable().optional().describe('Only tools with one of these tags'),
  readOnly: z.boolean().default(false).describe('No write tools, whatever scopes the person allows'),
});
const ClientQuery = z.strictObject({ clientId: ClientId });
const GrantsQuery = z.strictObject({ clientId: ClientId.optional() });
const GrantParams = z.strictObject({ grantId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a grant id from GET /admin/oauth/clients/grants') });

/**
 * `/admin/oauth/clients`: what the built-in authorization server's clients are limited to (the
 * limits go into the access tokens as gong_tools / gong_tool_tags / gong_read_only at the next token
 * or refresh), and the grants people gave them (list, revoke: its refresh tokens stop at once, its
 * access tokens at their expiry).
 */
@Controller('admin/oauth/clients')
@UseGuards(AdminTokenGuard)
export class OAuthClientsController {
  constructor(
    @Inject(OAuthClientLimitsRepository) private readonly limits: OAuthClientLimitsRepository,
    @Inject(OAuthModelRepository) private readonly models: OAuthModelRepository,
  ) {}

  @Get()
  async list(): Promise<{ clients: { clientId: string; limits: OAuthClientLimitsRecord | null; grants: number }[] }> {
    const [limits, grants] = await Promise.all([this.limits.list(), this.models.listGrants()]);
    const ids = new Set([...limits.map((l) => l.clientId), ...grants.flatMap((g) => (g.clientId ? [g.clientId] : []))]);
    return {
      clients: [...ids].sort().map((clientId) => ({
        clientId,
        limits: limits.find((l) => l.clientId === clientId) ?? null,
        grants: grants.filter((g) => g.clientId === clientId).length,
      })),
    };
  }

  @Put('limits')
  @HttpCode(200)
  putLimits(@Body() body: unknown): Promise<OAuthClientLimitsRecord> {
    const b = validate(ClientLimitsBodySchema, body ?? {}, 'body');
    return this.limits.put({ clientId: b.clientId, tools: b.tools ?? null, toolTags: b.toolTags ?? null, readOnly: b.readOnly });
  }

  @Delete('limits')
  async removeLimits(@Query() query: unknown): Promise<{ clientId: string; removed: boolean }> {
    const { clientId } = validate(ClientQuery, query, 'query string');
    return { clientId, removed: await this.limits.remove(clientId) };
  }

  @Get('grants')
  async grants(@Query() query: unknown): Promise<{ grants: OAuthGrantRecord[] }> {
    const { clientId } = validate(GrantsQuery, query, 'query string');
    return { grants: await this.models.listGrants(clientId) };
  }

  @Delete('grants/:grantId')
  async revoke(@Param() params: unknown): Promise<{ grantId: string; revoked: true }> {
    const { grantId } = validate(GrantParams, params, 'path');
    if (!(await this.models.revokeGrant(grantId))) throw new AppError(ErrorCode.NOT_FOUND, `No grant ${grantId}: list them with GET /admin/oauth/clients/grants`);
    return { grantId, revoked: true };
  }
}
