import type { CrmUploadJobRecord } from '@gong-connector/persistence';

/** A CRM upload job as the API shows it (`ApiResponseSchemas.crmUpload`). */
export function crmUploadView(j: CrmUploadJobRecord): Record<string, unknown> {
  return {
    uploadId: j.id,
    state: j.state,
    objectType: j.objectType,
    integrationId: j.integrationId,
    lineCount: j.lineCount,
    gongStatus: j.gongStatus,
    successCount: j.successCount,
    errorCount: j.errorCount,
    lineErrors: j.lineErrors,
    error: j.error,
    gongRequestId: j.gongRequestId,
    polls: j.polls,
    createdAt: j.createdAt.toISOString(),
    updatedAt: j.updatedAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}
