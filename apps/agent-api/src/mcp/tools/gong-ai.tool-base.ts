import { Inject } from '@nestjs/common';
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import type { z } from 'zod';
import { GongAiService } from '../../gong-ai/gong-ai.service.js';
import type { AgentMcpTool } from '../agent-mcp-tool.interface.js';

/**
 * What the Gong AI tools share: Gong answers (open world), scope `gong:ai`, and neither listed nor
 * callable while the deployment has Gong AI off.
 */
export abstract class GongAiTool<S extends z.ZodObject> implements Pick<AgentMcpTool<S>, 'annotations' | 'requiredScope' | 'enabled'> {
  readonly annotations: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
  readonly requiredScope = 'gong:ai' as const;

  constructor(@Inject(GongAiService) protected readonly ai: GongAiService) {}

  get enabled(): boolean {
    return this.ai.enabled;
  }
}
