import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { validate } from '@gong-connector/contracts';
import { GongWriteRepository } from '@gong-connector/persistence';
import { AdminTokenGuard } from '@gong-connector/platform';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';

/** `GET /admin/audit`: the writes made in Gong for users and the uses of Gong AI credits (gong_brief, ask_gong), newest first (read-only: the audit cannot be changed). */
@Controller('admin/audit')
@UseGuards(AdminTokenGuard)
export class WriteAuditController {
  constructor(@Inject(GongWriteRepository) private readonly writes: GongWriteRepository) {}

  @Get()
  async list(@Query() query: unknown): Promise<Record<string, unknown>> {
    const q = validate(ApiRequestSchemas.auditQuery, query, 'query string');
    const lines = await this.writes.listAudit({ limit: q.limit, before: q.before, actingFor: q.user, tool: q.tool });
    return {
      lines: lines.map((l) => ({ ...l, at: l.at.toISOString() })),
      nextBefore: lines.length === q.limit ? lines[lines.length - 1]!.id : null,
    };
  }
}
