import { Inject, Injectable } from '@nestjs/common';
import { AGENT_MCP_TOOLS } from '../mcp/agent-mcp.server-builder.js';
import type { AgentMcpTool } from '../mcp/agent-mcp-tool.interface.js';
import type { Principal } from './principal.js';
import { decideToolAccess, type ToolAccessTarget } from './tool-access.js';

/** JSON-RPC error code of a tool call outside the token's limits (the tool exists, but not for this token). */
export const TOOL_NOT_ALLOWED = -32003;

/** Why an MCP request is refused before it reaches the MCP server. */
export type McpScopeRefusal =
  /** A tool needs a scope the token lacks: HTTP 403 with WWW-Authenticate insufficient_scope (the client may step up). */
  | { kind: 'insufficient_scope'; scope: string; message: string }
  /** The token is limited to other tools or tags: a JSON-RPC error naming the limit (re-authorizing would not help). */
  | { kind: 'jsonrpc'; response: { jsonrpc: '2.0'; id: string | number | null; error: { code: number; message: string; data: { tool: string; reason: string } } } };

interface JsonRpcCall {
  id?: unknown;
  method?: unknown;
  params?: { name?: unknown } | undefined;
}

/**
 * The scope and tool-limit check of MCP `tools/call` requests, before the transport: `tools/list`
 * already shows only allowed tools; a call of a tool outside the grant is refused here, naming the
 * missing scope or the limit. Unknown tool names and other methods pass (the MCP server answers them).
 */
@Injectable()
export class McpScopeGate {
  private readonly tools: Map<string, ToolAccessTarget>;
  /** Tools of a feature the deployment has off (refused with that reason, whatever the token). */
  private readonly disabled: Set<string>;

  constructor(@Inject(AGENT_MCP_TOOLS) tools: readonly Pick<AgentMcpTool, 'name' | 'tags' | 'requiredScope' | 'enabled'>[]) {
    this.tools = new Map(tools.map((t) => [t.name, { name: t.name, tags: t.tags, requiredScope: t.requiredScope }]));
    this.disabled = new Set(tools.filter((t) => t.enabled === false).map((t) => t.name));
  }

  check(principal: Pick<Principal, 'grant'>, body: unknown): McpScopeRefusal | undefined {
    const messages: unknown[] = Array.isArray(body) ? body : [body];
    for (const message of messages) {
      if (typeof message !== 'object' || message === null) continue;
      const call = message as JsonRpcCall;
      if (call.method !== 'tools/call' || typeof call.params?.name !== 'string') continue;
      const tool = this.tools.get(call.params.name);
      if (!tool) continue;
      const id = typeof call.id === 'string' || typeof call.id === 'number' ? call.id : null;
      if (this.disabled.has(tool.name)) {
        const reason = 'this tool is off in this deployment (Gong AI is paid in Gong credits: the platform team enables it with AGENT_API_GONG_AI=true)';
        return { kind: 'jsonrpc', response: { jsonrpc: '2.0', id, error: { code: TOOL_NOT_ALLOWED, message: `Tool ${tool.name} is not available: ${reason}`, data: { tool: tool.name, reason } } } };
      }
      const decision = decideToolAccess(principal, tool);
      if (decision.allowed) continue;
      if (decision.missingScope) {
        return { kind: 'insufficient_scope', scope: decision.missingScope, message: `Tool ${tool.name} needs the scope ${decision.missingScope}, which this token lacks` };
      }
      return {
        kind: 'jsonrpc',
        response: {
          jsonrpc: '2.0',
          id,
          error: { code: TOOL_NOT_ALLOWED, message: `Tool ${tool.name} is not allowed for this token: ${decision.reason}`, data: { tool: tool.name, reason: decision.reason } },
        },
      };
    }
    return undefined;
  }
}
