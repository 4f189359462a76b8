import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { AppError, ErrorCode, validate } from '@gong-connector/contracts';
import { CrmUploadJobRepository } from '@gong-connector/persistence';
import { AdminTokenGuard } from '@gong-connector/platform';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';
import { crmUploadView } from './crm-upload.view.js';

/** `GET /admin/crm/uploads/{id}`: any CRM upload job, with who made it (admin token). */
@Controller('admin/crm/uploads')
@UseGuards(AdminTokenGuard)
export class CrmUploadsAdminController {
  constructor(@Inject(CrmUploadJobRepository) private readonly jobs: CrmUploadJobRepository) {}

  @Get(':id')
  async get(@Param() params: unknown): Promise<Record<string, unknown>> {
    const { id } = validate(ApiRequestSchemas.crmUploadId, params, 'path');
    const job = await this.jobs.get(id);
    if (!job) throw new AppError(ErrorCode.NOT_FOUND, `No CRM upload ${id}`);
    return { ...crmUploadView(job), uploadedBy: { userId: job.userId, email: job.userEmail }, tokenId: job.tokenId };
  }
}
