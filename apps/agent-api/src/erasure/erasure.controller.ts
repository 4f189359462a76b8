import { Body, Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import type { PersonErasureRecord } from '@gong-connector/persistence';
import { AdminTokenGuard } from '@gong-connector/platform';
import { ErasureService } from './erasure.service.js';

/**
 * `POST /admin/erasure {email | phone, requestedBy?}`: erases a person from the replica and every
 * index and answers the erasure record (counts, never the data); `GET /admin/erasures` lists them.
 */
@Controller('admin')
@UseGuards(AdminTokenGuard)
export class ErasureController {
  constructor(@Inject(ErasureService) private readonly erasure: ErasureService) {}

  @Post('erasure')
  @HttpCode(201)
  erase(@Body() body: unknown): Promise<PersonErasureRecord> {
    return this.erasure.erase(body, 'admin API');
  }

  @Get('erasures')
  async list(): Promise<{ erasures: PersonErasureRecord[] }> {
    return { erasures: await this.erasure.list() };
  }
}
