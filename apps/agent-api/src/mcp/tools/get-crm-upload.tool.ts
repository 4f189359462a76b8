import { Inject, Injectable } from '@nestjs/common';
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import { ApiRequestSchemas } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { CrmUploadService } from '../../crm/crm-upload.service.js';
import type { AgentMcpTool, AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

/** `get_crm_upload`: where one of your CRM uploads stands (`GET /v1/crm/uploads/{id}`). */
@Injectable()
export class GetCrmUploadTool implements AgentMcpTool<typeof ApiRequestSchemas.crmUploadId> {
  readonly name = 'get_crm_upload';
  readonly title = 'Where a CRM upload stands';
  readonly description =
    'Where one of your CRM uploads (upload_crm_objects) stands: polling while Gong processes the file, then done with Gong\'s status (DONE, or FAILED with the lines it refused: fix those lines and upload them again) ' +
    'or failed when the upload never reached Gong. Only the uploader sees an upload.';
  readonly annotations: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  readonly tags = ['crm'] as const;
  readonly requiredScope = 'gong:crm:write' as const;
  readonly inputSchema = ApiRequestSchemas.crmUploadId;
  readonly outputSchema = ApiResponseSchemas.crmUpload;

  constructor(@Inject(CrmUploadService) private readonly uploads: CrmUploadService) {}

  async run(principal: Principal, input: { id: string }): Promise<AgentMcpToolAnswer> {
    const j = await this.uploads.get(principal, input.id);
    const errors = Array.isArray(j.lineErrors) ? (j.lineErrors as Array<{ line: number | null; description: string }>) : [];
    const lines = errors.map((e) => `- line ${e.line ?? '?'}: ${e.description}`).join('\n');
    const text =
      j.state === 'polling' || j.state === 'submitting'
        ? `Upload ${input.id} (${String(j.lineCount)} ${String(j.objectType)} objects): Gong is processing it (status ${String(j.gongStatus ?? 'not asked yet')}).`
        : j.state === 'done'
          ? `Upload ${input.id} finished: Gong status ${String(j.gongStatus)}, ${String(j.successCount ?? 0)} objects taken, ${String(j.errorCount ?? 0)} refused.${lines ? `\n${lines}` : ''}`
          : `Upload ${input.id} failed: ${JSON.stringify(j.error)}`;
    return { data: j, text };
  }
}
