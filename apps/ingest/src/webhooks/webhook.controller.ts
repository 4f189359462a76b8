import { Controller, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import type { FastifyRequest } from 'fastify';
import { WebhookIntakeService, type WebhookAnswer } from './webhook-intake.service.js';

/**
 * Gong's webhook endpoint: `POST /webhooks/gong` (signed JWT in `Authorization`, or `?key=`) and
 * `POST /webhooks/gong/:key` ("URL includes key"). The body is read raw (see WebhookBodyParser);
 * the answer is 200 only once the call is queued durably.
 */
@Controller('webhooks/gong')
export class WebhookController {
  constructor(@Inject(WebhookIntakeService) private readonly intake: WebhookIntakeService) {}

  @Post()
  @HttpCode(200)
  async receive(@Req() req: FastifyRequest, @Query('key') key?: string): Promise<WebhookAnswer> {
    return this.intake.receive({ rawBody: rawBodyOf(req), authorization: req.headers.authorization, ...(key === undefined ? {} : { urlKey: key }) });
  }

  @Post(':key')
  @HttpCode(200)
  async receiveWithKey(@Req() req: FastifyRequest, @Param('key') key: string): Promise<WebhookAnswer> {
    return this.intake.receive({ rawBody: rawBodyOf(req), authorization: req.headers.authorization, urlKey: key });
  }
}

function rawBodyOf(req: FastifyRequest): Buffer {
  const raw = (req as FastifyRequest & { rawBody?: Buffer }).rawBody;
  if (!Buffer.isBuffer(raw)) {
    throw new AppError(ErrorCode.VALIDATION_FAILED, 'Send the webhook as application/json', {
      details: [{ path: 'content-type', message: 'expected application/json' }],
    });
  }
  return raw;
}
