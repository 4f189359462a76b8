import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { GongIdSchema, validate } from '@gong-connector/contracts';
import { AdminTokenGuard } from '@gong-connector/platform';
import { z } from 'zod';
import { AccessExplainer, type CallAccessAnswer } from '../me/access-explainer.service.js';

export const ExplainQuerySchema = z.strictObject({
  user: z.string().trim().min(1).max(320).describe('The Gong user: an email address or a numeric Gong user id'),
  call: GongIdSchema.describe('The Gong call id'),
});

/**
 * `GET /admin/explain?user=...&call=...`: whether a user may see a call and which rule decides
 * (owner, participant, private, API grant, profile level and leads, ...), from access-core's own
 * evaluation of the replicated permissions.
 */
@Controller('admin/explain')
@UseGuards(AdminTokenGuard)
export class ExplainController {
  constructor(@Inject(AccessExplainer) private readonly explainer: AccessExplainer) {}

  @Get()
  explain(@Query() query: unknown): Promise<CallAccessAnswer> {
    const q = validate(ExplainQuerySchema, query, 'query string');
    return this.explainer.explain(q.user, q.call);
  }
}
