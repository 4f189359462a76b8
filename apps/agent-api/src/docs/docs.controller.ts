import { Controller, Get, Header, Inject, Param, Req, Res } from '@nestjs/common';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AGENT_API_CONFIG } from '../agent-api.tokens.js';
import { OAuthResource } from '../auth/oauth/oauth-resource.js';
import type { AgentApiConfig } from '../config.js';
import { openApiDocument } from './openapi.document.js';

/** Swagger UI's static files (swagger-ui-dist), served from memory under /docs/assets. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
};
const assetDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Gong connector agent API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script>
</body></html>`;
const INIT = `window.ui = SwaggerUIBundle({ url: '/docs/openapi.json', dom_id: '#swagger-ui', deepLinking: true, tryItOutEnabled: false });`;

/** `/docs`: the OpenAPI document in Swagger UI, and `/docs/openapi.json`. No token needed. */
@Controller('docs')
export class DocsController {
  private readonly assets = new Map<string, Buffer>();

  constructor(
    @Inject(OAuthResource) private readonly resource: OAuthResource,
    @Inject(AGENT_API_CONFIG) private readonly config: AgentApiConfig,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return PAGE;
  }

  @Get('openapi.json')
  openapi(@Req() req: FastifyRequest): Record<string, unknown> {
    const serverUrl = this.resource.baseUrl(req.raw.socket.localPort);
    const companyIssuer = this.config.AGENT_API_OAUTH_ISSUER;
    const builtinIssuer = this.resource.issuers.find((i) => i.issuer !== companyIssuer)?.issuer;
    return openApiDocument({ serverUrl, companyIssuer, builtinIssuer });
  }

  @Get('assets/:file')
  async asset(@Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    if (file === 'init.js') {
      await reply.header('content-type', 'application/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(INIT);
      return;
    }
    const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!type) throw new AppError(ErrorCode.NOT_FOUND, `No docs asset ${file}`);
    let body = this.assets.get(file);
    if (!body) {
      body = readFileSync(join(assetDir, file));
      this.assets.set(file, body);
    }
    await reply.header('content-type', type).header('cache-control', 'public, max-age=86400').send(body);
  }
}
