import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import { AppError, CRM_UPLOAD_COMPLETED_WEBHOOK_EVENT, ErrorCode, SubscriptionPrincipalSchema, validate, type Clock } from '@gong-connector/contracts';
import {
  OutboundDeliveryRepository,
  WebhookSubscriptionRepository,
  type OutboundDeliveryRecord,
  type WebhookSubscriptionRecord,
} from '@gong-connector/persistence';
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AGENT_API_CONFIG } from '../agent-api.tokens.js';
import { AdminTokenGuard, CLOCK } from '@gong-connector/platform';
import type { AgentApiConfig } from '../config.js';
import { CALL_INDEXED_EVENT } from '../webhooks/call-indexed.handler.js';
import { TRACKER_MENTIONED_EVENT } from '../webhooks/tracker-mentioned.handler.js';
import { WebhookDispatcher } from '../webhooks/webhook.dispatcher.js';

export const CreateWebhookBodySchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
  events: z
    .array(z.enum([CALL_INDEXED_EVENT, TRACKER_MENTIONED_EVENT, CRM_UPLOAD_COMPLETED_WEBHOOK_EVENT]))
    .min(1)
    .default([CALL_INDEXED_EVENT])
    .describe('call.indexed (every newly indexed call the principal may see), tracker.mentioned (a newly indexed call that mentions a chosen tracker or competitor), crm.upload.completed (CRM uploads of the principal, a user)'),
  trackers: z
    .array(z.string().trim().min(1, 'must not be blank').max(200))
    .min(1, 'must name at least one tracker (omit it for every tracker)')
    .max(100)
    .optional()
    .describe('tracker.mentioned only for these trackers (ids or names) or phrases (competitor names), case-insensitive; omit for every tracker'),
  secret: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
  description: z.string().max(500).optional(),
  principal: SubscriptionPrincipalSchema.describe(
    'Whose view the events carry: {"kind":"user","user":"<email or id>"} (that user\'s Gong permissions) or {"kind":"service","name","scope":{"calls":"all"|"selected","userIds","teamLeadIds","workspaceIds","includePrivate"}}',
  ),
}).refine((b) => b.principal.kind === 'user' || !b.events.includes(CRM_UPLOAD_COMPLETED_WEBHOOK_EVENT), {
  message: 'crm.upload.completed is sent to a user principal only (an upload is its uploader\'s): use {"kind":"user","user":"<email or id>"}',
  path: ['events'],
});
const IdParams = z.strictObject({ id: z.uuid() });
export const DeliveriesQuerySchema = z.strictObject({
  status: z.enum(['pending', 'delivered', 'dead']).optional(),
  subscription: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const RedeliverBodySchema = z.strictObject({ ids: z.array(z.uuid()).min(1).max(500) });

/** `/admin/webhooks`: subscriptions (the secret is shown once, at creation), deliveries, redelivery of dead ones. */
@Controller('admin/webhooks')
@UseGuards(AdminTokenGuard)
export class WebhooksController {
  constructor(
    @Inject(WebhookSubscriptionRepository) private readonly subscriptions: WebhookSubscriptionRepository,
    @Inject(OutboundDeliveryRepository) private readonly deliveries: OutboundDeliveryRepository,
    @Inject(WebhookDispatcher) private readonly dispatcher: WebhookDispatcher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AGENT_API_CONFIG) private readonly config: Pick<AgentApiConfig, 'AGENT_API_WEBHOOK_RETRY_PERIOD_MS'>,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Body() body: unknown): Promise<WebhookSubscriptionRecord & { secret: string }> {
    const r = validate(CreateWebhookBodySchema, body ?? {}, 'body');
    if (r.trackers && !r.events.includes(TRACKER_MENTIONED_EVENT)) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, 'trackers choose tracker.mentioned events: add "tracker.mentioned" to events, or leave trackers out', {
        details: [{ path: 'trackers', message: 'only with the tracker.mentioned event' }],
      });
    }
    const secret = r.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
    const record = await this.subscriptions.create({ id: randomUUID(), url: r.url, events: r.events, secret, description: r.description ?? null, principal: r.principal, trackers: r.trackers ?? null });
    return { ...record, secret };
  }

  @Get()
  async list(): Promise<{ subscriptions: WebhookSubscriptionRecord[] }> {
    return { subscriptions: await this.subscriptions.list() };
  }

  @Get('deliveries')
  async listDeliveries(@Query() query: unknown): Promise<{ deliveries: OutboundDeliveryRecord[] }> {
    const q = validate(DeliveriesQuerySchema, query, 'query string');
    return { deliveries: await this.deliveries.list({ status: q.status, subscriptionId: q.subscription, limit: q.limit }) };
  }

  @Post('deliveries/redeliver')
  @HttpCode(200)
  async redeliver(@Body() body: unknown): Promise<{ requeued: string[] }> {
    const { ids } = validate(RedeliverBodySchema, body ?? {}, 'body');
    return this.requeue(ids);
  }

  @Post('deliveries/:id/redeliver')
  @HttpCode(200)
  async redeliverOne(@Param() params: unknown): Promise<{ requeued: string[] }> {
    const { id } = validate(IdParams, params, 'path');
    const result = await this.requeue([id]);
    if (result.requeued.length === 0) throw new AppError(ErrorCode.NOT_FOUND, `No dead delivery ${id}`);
    return result;
  }

  @Delete(':id')
  async remove(@Param() params: unknown): Promise<{ deleted: true }> {
    const { id } = validate(IdParams, params, 'path');
    if (!(await this.subscriptions.delete(id))) throw new AppError(ErrorCode.NOT_FOUND, `No webhook subscription ${id}`);
    return { deleted: true };
  }

  private async requeue(ids: string[]): Promise<{ requeued: string[] }> {
    const requeued = await this.deliveries.redeliver(ids, new Date(this.clock.now() + this.config.AGENT_API_WEBHOOK_RETRY_PERIOD_MS));
    if (requeued.length > 0) this.dispatcher.kick();
    return { requeued };
  }
}
