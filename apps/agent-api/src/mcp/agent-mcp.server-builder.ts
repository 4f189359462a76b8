import { Inject, Injectable } from '@nestjs/common';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '@gong-connector/contracts';
import type { Principal } from '../auth/principal.js';
import { decideToolAccess } from '../auth/tool-access.js';
import { AgentApiMetrics } from '../metrics/agent-api.metrics.js';
import type { AgentMcpTool } from './agent-mcp-tool.interface.js';

/** The agent API's MCP tools, in listing order (`AgentMcpToolsProvider`). */
export const AGENT_MCP_TOOLS = Symbol('AGENT_MCP_TOOLS');

/** Largest text block a tool returns; longer answers are cut and say how to get the rest. */
const MAX_TEXT_CHARS = 24_000;

/**
 * Builds the MCP server of one authenticated user over the registered tools (each over the same
 * services as REST, so every answer is filtered to what that user may see in Gong). Every result
 * carries structured content and a readable text rendering, bounded, with a cursor for the rest;
 * a failure is an error result (`CODE: message` for our errors, nothing internal otherwise); each
 * call counts in `agent_api_mcp_tool_calls_total{tool,outcome}`.
 */
@Injectable()
export class AgentMcpServerBuilder {
  constructor(
    @Inject(AGENT_MCP_TOOLS) private readonly tools: readonly AgentMcpTool[],
    @Inject(AgentApiMetrics) private readonly metrics: AgentApiMetrics,
  ) {}

  build(principal: Principal): McpServer {
    const server = new McpServer({ name: 'gong-connector', version: '0.1.0' }, { capabilities: { tools: {} } });
    for (const tool of this.tools) {
      if (!decideToolAccess(principal, tool).allowed) continue;
      const listing = { title: tool.title, description: tool.description, annotations: tool.annotations };
      if (tool.inputSchema) server.registerTool(tool.name, { ...listing, inputSchema: tool.inputSchema }, (input) => this.call(tool, principal, input));
      else server.registerTool(tool.name, listing, () => this.call(tool, principal, {}));
    }
    return server;
  }

  /** Runs one tool for one user: the bounding, error and metrics wrapper of every tool. */
  async call(tool: AgentMcpTool, principal: Principal, input: Record<string, unknown>): Promise<CallToolResult> {
    try {
      const { data, text } = await tool.run(principal, input);
      this.metrics.toolCalls.inc({ tool: tool.name, outcome: 'ok' });
      return { content: [{ type: 'text', text: bound(text) }], structuredContent: data };
    } catch (error) {
      this.metrics.toolCalls.inc({ tool: tool.name, outcome: 'error' });
      const message = error instanceof AppError ? `${error.code}: ${error.message}` : 'Internal error';
      return { content: [{ type: 'text', text: message }], isError: true };
    }
  }
}

function bound(text: string): string {
  return text.length <= MAX_TEXT_CHARS ? text : `${text.slice(0, MAX_TEXT_CHARS)}\n… (cut; use a smaller limit or the cursor for the rest)`;
}
