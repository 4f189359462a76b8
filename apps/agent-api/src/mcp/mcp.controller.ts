import { All, Controller, Inject, Req, Res, UseGuards } from '@nestjs/common';
import { createMcpHandler, type AuthInfo } from '@modelcontextprotocol/server';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { LOGGER, type Logger } from '@gong-connector/platform';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { BearerAuthGuard, type AuthedRequest } from '../auth/bearer-auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { McpScopeGate } from '../auth/mcp-scope.gate.js';
import { OAuthResource } from '../auth/oauth/oauth-resource.js';
import type { Principal } from '../auth/principal.js';
import { AgentMcpServerBuilder } from './agent-mcp.server-builder.js';
import { checkMcpToolCallShape } from './mcp-call-shape.check.js';

/**
 * MCP over Streamable HTTP at `/mcp`, stateless, with the v2 SDK's HTTP entry: the 2026-07-28
 * revision (`server/discover`, no initialize or session, `Mcp-Method`/`Mcp-Name` headers, trace
 * context in `_meta`) and, for 2025-11-25 / 2025-06-18 clients, the SDK's stateless legacy serving
 * (initialize answered per request, GET and DELETE 405). Each request is authenticated with the
 * same bearer tokens as REST and served by a fresh server bound to that user (no session to hijack).
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
    const malformed = checkMcpToolCallShape(req.body);
    if (malformed) {
      await reply.status(200).header('content-type', 'application/json').send(malformed);
      return;
    }
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
    const abort = new AbortController();
    const handler = createMcpHandler(() => this.servers.build(principal), {
      legacy: 'stateless',
      onerror: (error) => this.logger.debug({ err: error.message }, 'MCP request refused'),
    });
    reply.raw.on('close', () => {
      abort.abort();
      void handler.close();
    });
    try {
      const response = await handler.fetch(toWebRequest(req, abort.signal), { parsedBody: req.body, authInfo: authInfoOf(principal) });
      reply.hijack();
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(reply.getHeaders())) if (typeof v === 'string' || typeof v === 'number') headers[k] = String(v);
      response.headers.forEach((value, name) => (headers[name] = value));
      reply.raw.writeHead(response.status, headers);
      if (response.body) Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]).on('error', () => reply.raw.destroy()).pipe(reply.raw);
      else reply.raw.end();
    } catch (error) {
      this.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'MCP request failed');
      if (!reply.sent && !reply.raw.headersSent) {
        await reply.status(500).send({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
      }
    }
  }
}

/** The Fastify request as the web-standard Request the SDK's HTTP entry serves (the body is passed parsed). */
function toWebRequest(req: AuthedRequest, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const url = new URL(req.url, `http://${req.headers.host ?? 'localhost'}`);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.body !== undefined;
  return new Request(url, { method: req.method, headers, signal, ...(hasBody ? { body: JSON.stringify(req.body) } : {}) });
}

/** What the SDK hands its handlers about the caller (never the token itself). */
function authInfoOf(principal: Principal): AuthInfo {
  return { token: '', clientId: principal.tokenId, scopes: principal.grant ? [...principal.grant.scopes] : ['gong:read'] };
}
