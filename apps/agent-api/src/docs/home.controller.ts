import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OAuthResource } from '../auth/oauth/oauth-resource.js';

interface Link {
  rel: string;
  href: string;
  title: string;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * `GET /` and `GET /v1`: a small index of where things are (docs, REST, MCP, health, metrics),
 * as JSON, or as a page of links for a browser. No token needed; it names no data.
 */
@Controller()
export class HomeController {
  constructor(@Inject(OAuthResource) private readonly resource: OAuthResource) {}

  @Get()
  async home(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.send(req, reply);
  }

  @Get('v1')
  async v1(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.send(req, reply);
  }

  private async send(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const base = this.resource.baseUrl(req.raw.socket.localPort);
    const links: Link[] = [
      { rel: 'docs', href: `${base}/docs`, title: 'API documentation (OpenAPI, Swagger UI)' },
      { rel: 'openapi', href: `${base}/docs/openapi.json`, title: 'OpenAPI document' },
      { rel: 'rest', href: `${base}/v1`, title: 'REST API (bearer token); start with GET /v1/me' },
      { rel: 'me', href: `${base}/v1/me`, title: 'Who your token acts for, and what you may see per workspace' },
      { rel: 'mcp', href: `${base}/mcp`, title: 'MCP endpoint (Streamable HTTP, bearer token)' },
      { rel: 'health-live', href: `${base}/health/live`, title: 'Liveness' },
      { rel: 'health-ready', href: `${base}/health/ready`, title: 'Readiness, per dependency' },
      { rel: 'metrics', href: `${base}/metrics`, title: 'Prometheus metrics' },
    ];
    if ((req.headers.accept ?? '').includes('text/html')) {
      const items = links.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.rel)}</a>: ${escapeHtml(l.title)}</li>`).join('\n');
      await reply
        .header('content-type', 'text/html; charset=utf-8')
        .send(`<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Gong connector agent API</title></head>\n<body><h1>Gong connector agent API</h1>\n<ul>\n${items}\n</ul></body></html>`);
      return;
    }
    await reply.header('content-type', 'application/json; charset=utf-8').send({ name: 'gong-connector agent-api', links });
  }
}
