import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { INGEST_CONFIG } from '../ingest.tokens.js';
import type { IngestConfig } from '../config.js';

const WEBHOOK_PATH = /^\/webhooks\//;

/**
 * Keeps every JSON body raw (`req.rawBody`) and leaves webhook bodies unparsed: a webhook is
 * authenticated over its exact bytes first and only then parsed, big-int safely, by the intake. Other
 * routes get Fastify's own JSON parsing (400 for malformed JSON). Body size is capped by
 * INGEST_WEBHOOK_MAX_BYTES (413).
 */
@Injectable()
export class WebhookBodyParser implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    const json = fastify.getDefaultJsonParser('error', 'error');
    if (fastify.hasContentTypeParser('application/json')) fastify.removeContentTypeParser('application/json');
    fastify.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: this.config.INGEST_WEBHOOK_MAX_BYTES },
      (req: FastifyRequest, body: Buffer | string, done: (err: Error | null, body?: unknown) => void) => {
        const raw = Buffer.isBuffer(body) ? body : Buffer.from(body);
        (req as FastifyRequest & { rawBody?: Buffer }).rawBody = raw;
        if (WEBHOOK_PATH.test(req.url)) {
          done(null, {});
          return;
        }
        if (raw.length === 0) {
          done(null, undefined);
          return;
        }
        json(req, raw.toString('utf8'), done);
      },
    );
  }
}
