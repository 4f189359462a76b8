import { Inject, Injectable } from '@nestjs/common';
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import { ApiRequestSchemas, type UploadCrmObjectsRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { writeAnswerText } from '../../actions/write-answer.text.js';
import { CrmUploadService } from '../../crm/crm-upload.service.js';
import type { AgentMcpTool, AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

/** `upload_crm_objects`: a previewed, confirmed, idempotent and audited CRM upload that runs as a job (see CrmUploadService). */
@Injectable()
export class UploadCrmObjectsTool implements AgentMcpTool<typeof ApiRequestSchemas.uploadCrmObjects> {
  readonly name = 'upload_crm_objects';
  readonly title = 'Upload CRM objects to Gong';
  readonly description =
    "Sends CRM objects (accounts, contacts, deals, leads, business users or stages; one type per upload) to Gong's generic CRM integration: Gong inserts or updates each by objectId, and deletes those with isDeleted true. " +
    'Each object needs objectId (up to 64 letters, digits and "-", or an email) and modifiedDate (ISO-8601 without milliseconds); bad lines are refused before anything is sent. Needs your Gong permission to import CRM data. ' +
    'A write in Gong: the first call answers a preview and a confirmationId; call again with the same arguments and confirm. The upload then runs as a job: the answer names its uploadId, ' +
    'and a crm.upload.completed event (webhook, SSE, NATS) tells when Gong finished, with the lines it refused. Pass idempotencyKey so a retry never uploads twice.';
  readonly annotations: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true };
  readonly tags = ['crm'] as const;
  readonly requiredScope = 'gong:crm:write' as const;
  readonly inputSchema = ApiRequestSchemas.uploadCrmObjects;
  readonly outputSchema = ApiResponseSchemas.writeAnswer;

  constructor(@Inject(CrmUploadService) private readonly uploads: CrmUploadService) {}

  async run(principal: Principal, input: UploadCrmObjectsRequest): Promise<AgentMcpToolAnswer> {
    const answer = await this.uploads.upload(principal, input);
    const job = answer.status === 'done' && typeof answer.result?.uploadId === 'string' ? `\nGong processes the file now: upload ${answer.result.uploadId} (GET /v1/crm/uploads/${answer.result.uploadId}) ends with a crm.upload.completed event.` : '';
    return { data: answer, text: `${writeAnswerText(answer)}${job}` };
  }
}
