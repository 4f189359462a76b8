import { Inject, Injectable } from '@nestjs/common';
import { McpServer, TRACEPARENT_META_KEY, TRACESTATE_META_KEY, type CallToolResult, type ServerContext } from '@modelcontextprotocol/server';
import { context as otelContext, SpanKind, type Span } from '@opentelemetry/api';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { contextFromCarrier, inSpan, LOGGER, markFailed, type Logger, type TraceCarrier } from '@gong-connector/platform';
import type { Principal } from '../auth/principal.js';
import { decideToolAccess } from '../auth/tool-access.js';
import { AgentApiMetrics } from '../metrics/agent-api.metrics.js';
import type { AgentMcpTool, AgentMcpToolAnswer } from './agent-mcp-tool.interface.js';
import { AGENT_MCP_PROMPTS } from './agent-mcp.prompts.js';

/** The agent API's MCP tools, in listing order (`AgentMcpToolsProvider`). */
export const AGENT_MCP_TOOLS = Symbol('AGENT_MCP_TOOLS');

/**
 * Largest tool result, in bytes of JSON: the text and the structured content together (clients cut
 * or refuse larger results). A paged tool answers a smaller page with its cursor instead.
 */
export const MCP_RESULT_BUDGET_BYTES = 25_000;

/** Page-shrinking attempts before a result over budget is refused. */
const MAX_SHRINKS = 5;

/** What the server tells a model about itself on connection (`instructions`). */
export const AGENT_MCP_INSTRUCTIONS = [
  'Gong connector: read-only access to the Gong calls (metadata, parties, CRM context, transcripts) of one company, replicated from Gong and searchable.',
  'Every answer is filtered to what the signed-in Gong user may see in Gong (their permission profile): calls they may not see are never searched, counted or named, and a call id they may not see is reported as not found. Call whoami to know whose view this is.',
  'Start with search_calls (what was said, across calls) or account_research (everything about one customer account); use list_calls to browse by date, account or participant; get_call and get_transcript read one call.',
  `Results are bounded to about ${MCP_RESULT_BUDGET_BYTES / 1000} KB. Paged tools return nextCursor: call again with the same arguments and cursor set to it for the rest (a page may be smaller than the limit asked when its items are long). Dates are ISO 8601 with a time zone, e.g. 2026-01-31T00:00:00Z.`,
].join('\n');

/**
 * Builds the MCP server of one authenticated user over the registered tools (each over the same
 * services as REST, so every answer is filtered to what that user may see in Gong); only the tools
 * the user's token allows are registered. Every result carries structured content (valid against
 * the tool's output schema) and a readable text rendering, within `MCP_RESULT_BUDGET_BYTES`: a paged
 * tool is asked again with a smaller page and its cursor gives the rest. A failure is an error
 * result (`CODE: message` for our errors, nothing internal otherwise); each call counts in
 * `agent_api_mcp_tool_calls_total{tool,outcome}`.
 */
@Injectable()
export class AgentMcpServerBuilder {
  constructor(
    @Inject(AGENT_MCP_TOOLS) private readonly tools: readonly AgentMcpTool[],
    @Inject(AgentApiMetrics) private readonly metrics: AgentApiMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  build(principal: Principal): McpServer {
    const server = new McpServer({ name: 'gong-connector', title: 'Gong connector', version: '0.1.0' }, { capabilities: { tools: {}, prompts: {} }, instructions: AGENT_MCP_INSTRUCTIONS });
    for (const tool of this.tools) {
      if (tool.enabled === false || !decideToolAccess(principal, tool).allowed) continue;
      const listing = { title: tool.title, description: tool.description, annotations: tool.annotations, outputSchema: tool.outputSchema };
      if (tool.inputSchema) {
        server.registerTool(tool.name, { ...listing, inputSchema: tool.inputSchema }, (input: Record<string, unknown>, ctx: ServerContext) => this.call(tool, principal, input, traceOf(ctx)));
      } else {
        server.registerTool(tool.name, listing, (ctx: ServerContext) => this.call(tool, principal, {}, traceOf(ctx)));
      }
    }
    // The workflow prompts (prepare_meeting, review_deal, watch_competitor, coach_rep): text only, naming tools.
    for (const prompt of AGENT_MCP_PROMPTS) {
      server.registerPrompt(prompt.name, { title: prompt.title, description: prompt.description, argsSchema: prompt.argsSchema }, (args: Record<string, string | undefined>) => ({
        description: prompt.description,
        messages: [{ role: 'user' as const, content: { type: 'text' as const, text: prompt.text(args) } }],
      }));
    }
    return server;
  }

  /**
   * Runs one tool for one user: the bounding, error and metrics wrapper of every tool, in a span
   * whose parent is the trace context the client sent in `_meta` (else the HTTP request's).
   */
  call(tool: AgentMcpTool, principal: Principal, input: Record<string, unknown>, trace: McpTraceContext = {}): Promise<CallToolResult> {
    const parent = trace.carrier?.traceparent ? contextFromCarrier(trace.carrier) : otelContext.active();
    const attributes = { 'mcp.method.name': 'tools/call', 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': tool.name };
    return inSpan(`tools/call ${tool.name}`, { kind: SpanKind.SERVER, parent, attributes }, (span) => this.run(tool, principal, input, trace.traceId, span));
  }

  private async run(tool: AgentMcpTool, principal: Principal, input: Record<string, unknown>, traceId: string | undefined, span: Span): Promise<CallToolResult> {
    const log = { tool: tool.name, tokenId: principal.tokenId, ...(traceId === undefined ? {} : { traceId }) };
    try {
      const result = await this.bounded(tool, principal, input);
      this.metrics.toolCalls.inc({ tool: tool.name, outcome: 'ok' });
      this.logger.info({ ...log, outcome: 'ok' }, 'MCP tool call');
      return result;
    } catch (error) {
      this.metrics.toolCalls.inc({ tool: tool.name, outcome: 'error' });
      markFailed(span, error);
      if (error instanceof AppError) this.logger.info({ ...log, outcome: 'error', code: error.code }, 'MCP tool call refused');
      // The type only: an internal error's message may carry what must not be logged (a connection string).
      else this.logger.error({ ...log, outcome: 'error', errorType: error instanceof Error ? error.constructor.name : typeof error }, 'MCP tool call failed');
      const message = error instanceof AppError ? `${error.code}: ${error.message}` : 'Internal error';
      return { content: [{ type: 'text', text: message }], isError: true };
    }
  }

  /** The tool's answer within the budget: a smaller page when it pages, else refused with what to narrow. */
  private async bounded(tool: AgentMcpTool, principal: Principal, input: Record<string, unknown>): Promise<CallToolResult> {
    let args = input;
    let answer = await tool.run(principal, args);
    let size = resultBytes(answer);
    const page = tool.pageSizeArgument;
    for (let i = 0; size > MCP_RESULT_BUDGET_BYTES && page !== undefined && (answer.pageSize ?? 0) > 1 && i < MAX_SHRINKS; i++) {
      const current = answer.pageSize!;
      const smaller = Math.max(1, Math.min(current - 1, Math.floor(((current * MCP_RESULT_BUDGET_BYTES) / size) * 0.85)));
      args = { ...args, [page]: smaller };
      answer = await tool.run(principal, args);
      size = resultBytes(answer);
    }
    if (size > MCP_RESULT_BUDGET_BYTES) {
      throw new AppError(
        ErrorCode.VALIDATION_FAILED,
        `This answer would be ${Math.ceil(size / 1000)} KB, over the ${MCP_RESULT_BUDGET_BYTES / 1000} KB result budget: narrow the request ` +
          `(${page ? `a smaller ${page}, ` : ''}a time range such as fromMs/toMs, or more filters)`,
      );
    }
    const shrunk = args !== input;
    const text = shrunk ? `${answer.text}\n(Page cut to ${answer.pageSize} to stay under the ${MCP_RESULT_BUDGET_BYTES / 1000} KB result budget; use the cursor for the rest.)` : answer.text;
    return { content: [{ type: 'text', text }], structuredContent: answer.data };
  }
}

/** The W3C trace context a 2026-07-28 request carries in `_meta`: the id for the log line, the carrier for the tool call's span. */
export interface McpTraceContext {
  traceId?: string;
  carrier?: TraceCarrier;
}

function traceOf(ctx: ServerContext): McpTraceContext {
  const traceparent = ctx.mcpReq._meta?.[TRACEPARENT_META_KEY];
  const tracestate = ctx.mcpReq._meta?.[TRACESTATE_META_KEY];
  const match = typeof traceparent === 'string' ? /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(traceparent) : null;
  if (!match) return {};
  return { traceId: match[1]!, carrier: { traceparent: traceparent as string, ...(typeof tracestate === 'string' ? { tracestate } : {}) } };
}

/** Bytes of a result as it travels: the text block and the structured content, as JSON. */
export function resultBytes(answer: Pick<AgentMcpToolAnswer, 'data' | 'text'>): number {
  return Buffer.byteLength(JSON.stringify({ content: [{ type: 'text', text: answer.text }], structuredContent: answer.data }), 'utf8') + 200;
}
