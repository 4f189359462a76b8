import { All, Controller, Inject, Req, Res, UseGuards } from '@nestjs/common';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { LOGGER, type Logger } from '@gong-connector/platform';
import type { FastifyReply } from 'fastify';
import { BearerAuthGuard, type AuthedRequest } from '../auth/bearer-auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { McpScopeGate } from '../auth/mcp-scope.gate.js';
import { OAuthResource } from '../auth/oauth/oauth-resource.js';
import type { Principal } from '../auth/principal.js';
import { AgentMcpServerBuilder } from './agent-mcp.server-builder.js';

/**
 * MCP over Streamable HTTP at `/mcp`, stateless: each POST is authenticated with the same bearer
 * tokens as REST and served by a fresh server bound to that user (no session to hijack). GET and
 * DELETE answer 405, as the transport does in stateless mode.
 */
@Controller('mcp')
@UseGuards(BearerAuthGuard)
export class McpController {
  constructor(
    @Inject(AgentMcpServerBuilder) private readonly servers: AgentMcpServerBuilder,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(McpScopeGate) private readonly gate: McpScopeGate,
    @Inject(OAuthResource) private readonly resource: OAuthResource,
  ) {}

  @All()
  async handle(@CurrentPrincipal() principal: Principal, @Req() req: AuthedRequest, @Res() reply: FastifyReply): Promise<void> {
    const refusal = this.gate.check(principal, req.body);
    if (refusal?.kind === 'insufficient_scope') {
      const base = this.resource.baseUrl(req.raw.socket.localPort);
      void reply.header('www-authenticate', this.resource.insufficientScopeChallenge(base, refusal.scope));
      throw new AppError(ErrorCode.ACCESS_DENIED, refusal.message);
    }
    if (refusal?.kind === 'jsonrpc') {
      await reply.status(200).header('content-type', 'application/json').send(refusal.response);
      return;
    }
    reply.hijack();
    for (const [k, v] of Object.entries(reply.getHeaders())) if (typeof v === 'string') reply.raw.setHeader(k, v);
    const server = this.servers.build(principal);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req.raw, reply.raw, req.body);
    } catch (error) {
      this.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'MCP request failed');
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'content-type': 'application/json' });
        reply.raw.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null }));
      }
    }
  }
}
