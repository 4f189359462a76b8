import { Controller, Get, Inject, Req, Res, UseGuards } from '@nestjs/common';
import type { CallIndexedV1 } from '@gong-connector/contracts';
import { CallReadRepository } from '@gong-connector/persistence';
import type { FastifyReply } from 'fastify';
import type { AuthedRequest } from '../auth/bearer-auth.guard.js';
import { BearerAuthGuard } from '../auth/bearer-auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { callLinks } from '../calls/call.views.js';
import { canSeeCall } from '../calls/calls.service.js';
import { AgentApiMetrics } from '../metrics/agent-api.metrics.js';
import { CallEventStream } from './call-event.stream.js';

const HEARTBEAT_MS = 15_000;

/**
 * `GET /v1/events`: Server-Sent Events, one `call.indexed` event per newly indexed call that this
 * user may see (checked against the replica's copy of the call; unknown calls are not sent).
 */
@Controller('v1/events')
@UseGuards(BearerAuthGuard)
export class EventsController {
  constructor(
    @Inject(CallEventStream) private readonly stream: CallEventStream,
    @Inject(CallReadRepository) private readonly calls: CallReadRepository,
    @Inject(AgentApiMetrics) private readonly metrics: AgentApiMetrics,
  ) {}

  @Get()
  events(@CurrentPrincipal() p: Principal, @Req() req: AuthedRequest, @Res() reply: FastifyReply): void {
    reply.hijack();
    const res = reply.raw;
    const headers: Record<string, string> = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' };
    for (const [k, v] of Object.entries(reply.getHeaders())) if (typeof v === 'string') headers[k] = v;
    res.writeHead(200, headers);
    res.write(': connected\n\n');
    this.metrics.sseClients.inc();
    const send = async (event: CallIndexedV1): Promise<void> => {
      const call = await this.calls.getCall(event.callId);
      if (!call || !canSeeCall(p.filter, call) || res.writableEnded) return;
      const data = { callId: event.callId, title: event.title, started: event.started, accounts: event.accounts, hostUserId: event.hostUserId, indexedAt: event.indexedAt, links: callLinks(event.callId) };
      res.write(`event: call.indexed\nid: ${event.callId}@${event.indexedAt}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const unsubscribe = this.stream.subscribe((event) => void send(event).catch(() => undefined));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    req.raw.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.metrics.sseClients.dec();
    });
  }
}
