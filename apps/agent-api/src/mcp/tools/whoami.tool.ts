import { Injectable } from '@nestjs/common';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { READ_ONLY, type AgentMcpTool, type AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

/** `whoami`: `GET /v1/me` for a model (no arguments). */
@Injectable()
export class WhoamiTool implements AgentMcpTool {
  readonly name = 'whoami';
  readonly title = 'Who am I';
  readonly description = 'The Gong user this connection acts for (id, name, email, title), and when their permissions were last synced from Gong.';
  readonly annotations = READ_ONLY;
  readonly tags = [] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly outputSchema = ApiResponseSchemas.me.omit({ tokenId: true, tokenKind: true, access: true });
  readonly inputSchema = undefined;

  async run(principal: Principal): Promise<AgentMcpToolAnswer> {
    const data = { user: principal.user, subject: principal.subject, permissionsAsOf: principal.dataAsOf };
    return {
      data,
      text: principal.user ? `${principal.user.name ?? principal.user.email} (${principal.user.email}, Gong user ${principal.user.id})` : `Unknown Gong user ${principal.subject}: no calls are visible`,
    };
  }
}
