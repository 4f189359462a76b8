import type { ToolAnnotations } from '@modelcontextprotocol/server';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import type { GongScope, ToolTag } from '../auth/tool-access.js';

/** What a tool answers: structured content (valid against its output schema), and the same answer as text a model reads. */
export interface AgentMcpToolAnswer {
  data: Record<string, unknown>;
  text: string;
  /** How many items the page holds, for a tool that pages (see `pageSizeArgument`). */
  pageSize?: number;
}

/**
 * One MCP tool of the agent API (`mcp/tools/<tool>.tool.ts`): its listing (name, title,
 * description, annotations, input schema: a request schema of `api-request.schemas.ts`, the REST
 * one; output schema: a response schema of `api-response.schemas.ts`) and `run`, given the parsed
 * input and the user it acts for. Bounding, error answers and metrics are
 * `AgentMcpServerBuilder`'s, once for every tool.
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
  /** Schema of `structuredContent` (the REST response schema where there is one); an object at the root. */
  readonly outputSchema: z.ZodType<Record<string, unknown>>;
  /** Undefined for a tool without arguments. */
  readonly inputSchema: S | undefined;
  /**
   * The integer argument that sizes a page (`limit`), when the tool pages: an answer over the
   * result budget is asked again with a smaller page, and says so; its cursor gives the rest.
   */
  readonly pageSizeArgument?: string;
  /** False: a feature the deployment has off (Gong AI): the tool is neither listed nor callable. Undefined: on. */
  readonly enabled?: boolean;
  run(principal: Principal, input: z.output<S>): Promise<AgentMcpToolAnswer>;
}

/** Every tool of the agent API only reads, from the replica (a closed world: openWorldHint false). */
export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
