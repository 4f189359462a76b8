import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { OAuthServer } from './oauth-server.js';

/**
 * Hands every request of the authorization server to it before Fastify parses a body (oidc-provider
 * reads its own form and JSON bodies), and never lets Nest's routes see them.
 */
@Injectable()
export class OAuthHttpMount implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
    @Inject(OAuthServer) private readonly server: OAuthServer,
  ) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (request, reply, done) => {
      if (!OAuthServer.owns(request.raw.url ?? '/')) {
        done();
        return;
      }
      reply.hijack();
      void this.server.handle(request.raw, reply.raw);
    });
  }
}
