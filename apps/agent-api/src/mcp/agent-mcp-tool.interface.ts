import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import type { GongScope, ToolTag } from '../auth/tool-access.js';

/** What a tool answers: structured content, and the same answer as text a model reads. */
export interface AgentMcpToolAnswer {
  data: Record<string, unknown>;
  text: string;
}

/**
 * One MCP tool of the agent API (`mcp/tools/<tool>.tool.ts`): its listing (name, title,
 * description, annotations, input schema: a request schema of `api-request.schemas.ts`, the REST
 * one) and `run`, given the parsed input and the user it acts for. Bounding, error answers and
 * metrics are `AgentMcpServerBuilder`'s, once for every tool.
 */
export interface AgentMcpTool<S extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly annotations: ToolAnnotations;
  /** What the tool is about (token limits by tag). */
  readonly tags: readonly ToolTag[];
  /** The scope a token needs to list and call the tool. */
  readonly requiredScope: GongScope;
  /** Schema of `structuredContent` (the REST response schema where there is one). */
  readonly outputSchema?: z.ZodObject | undefined;
  /** Undefined for a tool without arguments. */
  readonly inputSchema: S | undefined;
  run(principal: Principal, input: z.output<S>): Promise<AgentMcpToolAnswer>;
}

/** Every tool of the agent API only reads. */
export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
