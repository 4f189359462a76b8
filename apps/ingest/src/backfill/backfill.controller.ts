import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { BackfillRequestV1Schema, validate, type BackfillJobV1 } from '@gong-connector/contracts';
import { AdminTokenGuard } from '@gong-connector/platform';
import { BackfillService } from './backfill.service.js';

/** `POST /admin/backfills` {from, to, workspaceId?}, `GET /admin/backfills[/:id]`, `DELETE /admin/backfills/:id` (cancel). */
@Controller('admin/backfills')
@UseGuards(AdminTokenGuard)
export class BackfillController {
  constructor(@Inject(BackfillService) private readonly backfills: BackfillService) {}

  @Post()
  @HttpCode(201)
  async start(@Body() body: unknown): Promise<BackfillJobV1> {
    return this.backfills.start(validate(BackfillRequestV1Schema, body, 'backfill request'));
  }

  @Get()
  async list(): Promise<{ jobs: BackfillJobV1[] }> {
    return { jobs: await this.backfills.list() };
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<BackfillJobV1> {
    return this.backfills.get(id);
  }

  @Delete(':id')
  async cancel(@Param('id') id: string): Promise<BackfillJobV1> {
    return this.backfills.cancel(id);
  }
}
