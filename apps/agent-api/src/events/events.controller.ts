import { Controller, Get, Inject, Query, Req, Res, UseGuards } from '@nestjs/common';
import { AppError, ErrorCode, validate, type CallIndexedV1, type CrmUploadCompletedWebhookV1 } from '@gong-connector/contracts';
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { AuthedRequest } from '../auth/bearer-auth.guard.js';
import { RequiresGrant } from '../auth/requires-grant.decorator.js';
import { RestGrants } from '../auth/rest-grants.js';
import { BearerAuthGuard } from '../auth/bearer-auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { callLinks } from '../calls/call.views.js';
import { AGENT_API_CONFIG } from '../agent-api.tokens.js';
import { AuthService } from '../auth/auth.service.js';
import { TOKEN_PREFIX } from '../auth/token.service.js';
import type { AgentApiConfig } from '../config.js';
import { AgentApiMetrics } from '../metrics/agent-api.metrics.js';
import { CallEventAccess } from './call-event.access.js';
import { CallEventStream } from './call-event.stream.js';
import { TrackerMentionReader } from './tracker-mention.reader.js';
import { TrackerMentions } from '../webhooks/tracker-mentions.js';
import { CrmUploadEventStream } from '../crm/crm-upload-event.stream.js';

const HEARTBEAT_MS = 15_000;

const commaList = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .union([z.array(z.string()), z.string()])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s !== ''))
    .pipe(z.array(item).min(1, 'must name at least one value').max(100));

/** `GET /v1/events` query: which events the stream carries, and the trackers `tracker.mentioned` is about. */
export const EventsQuerySchema = z.object({
  events: commaList(z.enum(['call.indexed', 'tracker.mentioned', 'crm.upload.completed']))
    .default(['call.indexed', 'crm.upload.completed'])
    .describe('call.indexed and crm.upload.completed (the default) and/or tracker.mentioned (comma-separated)'),
  tracker: commaList(z.string().max(200))
    .optional()
    .describe('tracker.mentioned only for these trackers (ids or names) or phrases (competitor names), case-insensitive; default every tracker'),
});

/**
 * `GET /v1/events`: Server-Sent Events, one `call.indexed` event per newly indexed call that this
 * user may see, decided from the event's facts with the user's access filter (`CallEventAccess`).
 * Events are written in the order they arrive, one at a time per stream; `tracker.mentioned` (asked
 * for) and `crm.upload.completed` events of the user's own CRM uploads come on the same stream. The token is checked again
 * before every event and every AGENT_API_TOKEN_CACHE_MS: a revoked or expired token's stream gets an
 * `error` event and is closed within the token cache time, and receives nothing after it.
 */
@Controller('v1/events')
@UseGuards(BearerAuthGuard)
@RequiresGrant(...RestGrants.events)
export class EventsController {
  constructor(
    @Inject(CallEventStream) private readonly stream: CallEventStream,
    @Inject(CrmUploadEventStream) private readonly crmUploads: CrmUploadEventStream,
    @Inject(CallEventAccess) private readonly access: CallEventAccess,
    @Inject(TrackerMentionReader) private readonly mentions: TrackerMentionReader,
    @Inject(AgentApiMetrics) private readonly metrics: AgentApiMetrics,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(AGENT_API_CONFIG) private readonly config: Pick<AgentApiConfig, 'AGENT_API_TOKEN_CACHE_MS'>,
  ) {}

  @Get()
  events(@CurrentPrincipal() p: Principal, @Req() req: AuthedRequest, @Res() reply: FastifyReply, @Query() query: unknown): void {
    const wanted = validate(EventsQuerySchema, query ?? {}, 'query string');
    const callIndexed = wanted.events.includes('call.indexed');
    const trackerMentioned = wanted.events.includes('tracker.mentioned');
    reply.hijack();
    const res = reply.raw;
    const headers: Record<string, string> = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' };
    for (const [k, v] of Object.entries(reply.getHeaders())) if (typeof v === 'string') headers[k] = v;
    res.writeHead(200, headers);
    res.write(': connected\n\n');
    this.metrics.sseClients.inc();
    /** Whether the token still holds; if not, says why and ends the stream. */
    // Tokens of ours can be revoked; an OAuth access token is checked when the stream opens.
    const revocable = typeof req.headers.authorization === 'string' && req.headers.authorization.includes(TOKEN_PREFIX);
    const stillValid = async (): Promise<boolean> => {
      if (res.writableEnded) return false;
      if (!revocable) return true;
      try {
        await this.auth.authenticate(req.headers.authorization, req.headers['x-gong-user']);
        return true;
      } catch (error) {
        if (!AppError.is(error, ErrorCode.UNAUTHENTICATED) && !AppError.is(error, ErrorCode.ACCESS_DENIED)) return true; // a passing outage is not a revocation
        if (!res.writableEnded) {
          res.write(`event: error\ndata: ${JSON.stringify({ code: error.code, message: 'The bearer token is no longer valid (revoked or expired); the stream is closed' })}\n\n`);
          res.end();
        }
        return false;
      }
    };
    const send = async (event: CallIndexedV1): Promise<void> => {
      if (!(await stillValid())) return;
      if (!(await this.access.mayReceive(p.filter, event)) || res.writableEnded) return;
      const data = { callId: event.callId, title: event.title, started: event.started, accounts: event.accounts, hostUserId: event.hostUserId, indexedAt: event.indexedAt, links: callLinks(event.callId) };
      if (callIndexed) res.write(`event: call.indexed\nid: ${event.callId}@${event.indexedAt}\ndata: ${JSON.stringify(data)}\n\n`);
      if (!trackerMentioned) return;
      // Only after the access check: a call the user may not see is never read for its mentions.
      const mentions = TrackerMentions.chosen(await this.mentions.mentionsOf(event), wanted.tracker ?? null);
      if (mentions.length === 0 || res.writableEnded) return;
      res.write(`event: tracker.mentioned\nid: tracker.mentioned:${event.callId}@${event.indexedAt}\ndata: ${JSON.stringify({ ...data, mentions })}\n\n`);
    };
    const sendCrmUpload = async (event: CrmUploadCompletedWebhookV1): Promise<void> => {
      if (!wanted.events.includes('crm.upload.completed')) return;
      if (p.user === null || event.data.uploadedBy.userId !== p.user.id) return;
      if (!(await stillValid()) || res.writableEnded) return;
      res.write(`event: crm.upload.completed\nid: ${event.eventId}\ndata: ${JSON.stringify(event.data)}\n\n`);
    };
    let queue = Promise.resolve();
    const unsubscribeCalls = this.stream.subscribe((event) => {
      queue = queue.then(() => send(event)).catch(() => undefined);
    });
    const unsubscribeCrm = this.crmUploads.subscribe((event) => {
      queue = queue.then(() => sendCrmUpload(event)).catch(() => undefined);
    });
    const unsubscribe = (): void => {
      unsubscribeCalls();
      unsubscribeCrm();
    };
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const recheck = setInterval(() => {
      if (!revocable) return;
      queue = queue.then(async () => void (await stillValid())).catch(() => undefined);
    }, Math.max(250, this.config.AGENT_API_TOKEN_CACHE_MS));
    req.raw.on('close', () => {
      clearInterval(heartbeat);
      clearInterval(recheck);
      unsubscribe();
      this.metrics.sseClients.dec();
    });
  }
}
