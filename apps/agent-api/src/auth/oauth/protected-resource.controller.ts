import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { OAuthResource } from './oauth-resource.js';

/**
 * RFC 9728 protected-resource metadata: how a client with no token finds the authorization server
 * (the built-in one when on, else the company IdP), the scopes, and how to send the token.
 */
@Controller('.well-known')
export class ProtectedResourceController {
  constructor(@Inject(OAuthResource) private readonly resource: OAuthResource) {}

  @Get('oauth-protected-resource')
  @Header('cache-control', 'public, max-age=300')
  api(@Req() req: FastifyRequest): Record<string, unknown> {
    return this.resource.metadata(this.resource.baseUrl(req.raw.socket.localPort), '');
  }

  @Get('oauth-protected-resource/mcp')
  @Header('cache-control', 'public, max-age=300')
  mcp(@Req() req: FastifyRequest): Record<string, unknown> {
    return this.resource.metadata(this.resource.baseUrl(req.raw.socket.localPort), '/mcp');
  }
}
