import { afterEach, describe, expect, it } from '@jest/globals';
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { createLogger } from '@gong-connector/platform';
import { LogCapture } from '@gong-connector/testing';
import { z } from 'zod';
import { USERS } from '../../test/agent-api.fixture.js';
import { counterValue, newMetrics, ownFilter, principal } from '../../test/unit.fixture.js';
import type { Principal } from '../auth/principal.js';
import { READ_ONLY, type AgentMcpTool, type AgentMcpToolAnswer } from './agent-mcp-tool.interface.js';
import { AGENT_MCP_INSTRUCTIONS, AgentMcpServerBuilder, MCP_RESULT_BUDGET_BYTES, resultBytes } from './agent-mcp.server-builder.js';

const EchoInput = z.strictObject({
  words: z.coerce.number().int().min(1).max(50_000),
  fail: z.enum(['app', 'crash', 'schema']).optional(),
});
const EchoOutput = z.object({ words: z.number().int(), said: z.string() });

/** A tool written for this spec: answers `words` words (a page of them), or fails as asked. */
class EchoTool implements AgentMcpTool<typeof EchoInput> {
  readonly name = 'echo';
  readonly title = 'Echo';
  readonly description = 'Answers as many words as asked, for the builder spec.';
  readonly annotations = READ_ONLY;
  readonly tags = ['calls'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly inputSchema = EchoInput;
  readonly outputSchema = EchoOutput;
  readonly pageSizeArgument = 'words';
  readonly seen: { principal: Principal; input: z.output<typeof EchoInput> }[] = [];

  async run(p: Principal, input: z.output<typeof EchoInput>): Promise<AgentMcpToolAnswer> {
    this.seen.push({ principal: p, input });
    if (input.fail === 'app') throw new AppError(ErrorCode.NOT_FOUND, 'No call 7 that you may see');
    if (input.fail === 'crash') throw new Error('connection to 10.0.0.5:5432 refused (password=hunter2)');
    const said = 'word '.repeat(input.words).trim();
    if (input.fail === 'schema') return { data: { words: 'many' }, text: said };
    return { data: { words: input.words, said }, text: said, pageSize: input.words };
  }
}

class NoArgsTool implements AgentMcpTool {
  readonly name = 'no_args';
  readonly title = 'No arguments';
  readonly description = 'A tool without arguments.';
  readonly annotations = READ_ONLY;
  readonly tags = ['calls'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly outputSchema = z.object({ subject: z.string() });
  readonly inputSchema = undefined;
  async run(p: Principal): Promise<AgentMcpToolAnswer> {
    return { data: { subject: p.subject }, text: p.subject };
  }
}

/** A tool whose one answer is over the budget and cannot page. */
class BlobTool implements AgentMcpTool {
  readonly name = 'blob';
  readonly title = 'Blob';
  readonly description = 'Answers 40 KB at once.';
  readonly annotations = READ_ONLY;
  readonly tags = ['calls'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly outputSchema = z.object({ blob: z.string() });
  readonly inputSchema = undefined;
  async run(): Promise<AgentMcpToolAnswer> {
    return { data: { blob: 'x'.repeat(40_000) }, text: 'a blob' };
  }
}

type Result = { content: { type: string; text: string }[]; structuredContent?: Record<string, unknown>; isError?: boolean };

describe('AgentMcpServerBuilder', () => {
  const clients: Client[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
  });

  const setUp = async () => {
    const echo = new EchoTool();
    const logs = new LogCapture();
    const { metrics, registry } = newMetrics();
    const alice = principal(USERS.alice, ownFilter(USERS.alice.id));
    const server = new AgentMcpServerBuilder([echo, new NoArgsTool(), new BlobTool()], metrics, createLogger({ name: 'builder-spec', level: 'info', destination: logs })).build(alice);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'builder-spec', version: '1.0.0' });
    await client.connect(clientSide);
    clients.push(client);
    const call = async (name: string, args: Record<string, unknown>): Promise<Result> => (await client.callTool({ name, arguments: args })) as Result;
    return { echo, registry, client, call, alice, logs };
  };

  it('lists each tool with its title, description, annotations, input and output schemas; sends the instructions', async () => {
    const { client } = await setUp();
    expect(client.getInstructions()).toBe(AGENT_MCP_INSTRUCTIONS);
    expect(AGENT_MCP_INSTRUCTIONS).toMatch(/may see in Gong/);
    expect(AGENT_MCP_INSTRUCTIONS).toMatch(/nextCursor/);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['echo', 'no_args', 'blob']);
    expect(tools[0]!.outputSchema).toMatchObject({ type: 'object', properties: { words: { type: 'integer' }, said: { type: 'string' } } });
    expect(tools[0]).toMatchObject({ title: 'Echo', description: 'Answers as many words as asked, for the builder spec.', annotations: READ_ONLY });
    expect(tools[0]!.inputSchema).toMatchObject({ type: 'object', properties: { words: { type: 'integer' }, fail: { enum: ['app', 'crash', 'schema'] } }, required: ['words'] });
    expect(tools[1]!.inputSchema).toMatchObject({ type: 'object' });
  });

  it('runs a tool for the connection’s user with the parsed input: structured content and text', async () => {
    const { call, echo, registry, alice } = await setUp();
    await expect(call('echo', { words: '3' })).resolves.toEqual({ content: [{ type: 'text', text: 'word word word' }], structuredContent: { words: 3, said: 'word word word' } });
    expect(echo.seen).toEqual([{ principal: alice, input: { words: 3 } }]);
    await expect(call('no_args', {})).resolves.toMatchObject({ structuredContent: { subject: USERS.alice.email } });
    await expect(counterValue(registry, 'agent_api_mcp_tool_calls_total', { tool: 'echo', outcome: 'ok' })).resolves.toBe(1);
  });

  it('answers a page over the budget again with a smaller page, never a cut one, and says so', async () => {
    const { call, echo } = await setUp();
    const long = await call('echo', { words: 10_000 });
    const words = long.structuredContent!.words as number;
    expect(words).toBeLessThan(10_000);
    expect(words).toBeGreaterThan(1000);
    expect(long.structuredContent!.said).toBe('word '.repeat(words).trim());
    expect(long.content[0]!.text).toBe(`${'word '.repeat(words).trim()}\n(Page cut to ${words} to stay under the 25 KB result budget; use the cursor for the rest.)`);
    expect(Buffer.byteLength(JSON.stringify({ content: long.content, structuredContent: long.structuredContent }))).toBeLessThanOrEqual(MCP_RESULT_BUDGET_BYTES);
    expect(echo.seen.map((s) => s.input.words)[0]).toBe(10_000);
  });

  it('refuses an answer over the budget that cannot page, saying what to narrow', async () => {
    const { call } = await setUp();
    const blob = await call('blob', {});
    expect(blob.isError).toBe(true);
    expect(blob.content[0]!.text).toMatch(/^VALIDATION_FAILED: This answer would be 41 KB, over the 25 KB result budget: narrow the request/);
    expect(resultBytes({ data: {}, text: '' })).toBeLessThan(300);
  });

  it('refuses structured content its output schema refuses', async () => {
    const { call } = await setUp();
    const bad = await call('echo', { words: 1, fail: 'schema' });
    expect(bad.isError).toBe(true);
    expect(JSON.stringify(bad)).toMatch(/output|structured/i);
  });

  it('logs each call with its tool, outcome and the W3C trace id of a traceparent in _meta', async () => {
    const { client, logs } = await setUp();
    await client.callTool({ name: 'echo', arguments: { words: 2 }, _meta: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
    await client.callTool({ name: 'echo', arguments: { words: 1, fail: 'crash' } });
    const lines = logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.msg === 'MCP tool call')).toMatchObject({ tool: 'echo', outcome: 'ok', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    expect(lines.find((l) => l.msg === 'MCP tool call failed')).toMatchObject({ tool: 'echo', outcome: 'error', errorType: 'Error' });
    expect(logs.text).not.toContain('hunter2');
    expect(lines.find((l) => l.msg === 'MCP tool call failed')).not.toHaveProperty('traceId');
  });

  it('answers our errors as CODE: message, and anything else as an internal error that says nothing more', async () => {
    const { call, registry } = await setUp();
    await expect(call('echo', { words: 1, fail: 'app' })).resolves.toEqual({ content: [{ type: 'text', text: 'NOT_FOUND: No call 7 that you may see' }], isError: true });
    const crash = await call('echo', { words: 1, fail: 'crash' });
    expect(crash).toEqual({ content: [{ type: 'text', text: 'Internal error' }], isError: true });
    await expect(counterValue(registry, 'agent_api_mcp_tool_calls_total', { tool: 'echo', outcome: 'error' })).resolves.toBe(2);
  });

  it('registers only the tools the token’s grant allows (tools/list and tools/call alike)', async () => {
    const { metrics } = newMetrics();
    const echo = new EchoTool();
    const limited = { ...principal(USERS.alice, ownFilter(USERS.alice.id)), grant: { scopes: new Set(['gong:read']), tools: new Set(['no_args']) } };
    const server = new AgentMcpServerBuilder([echo, new NoArgsTool()], metrics, createLogger({ name: 'builder-spec', level: 'silent' })).build(limited);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'builder-spec', version: '1.0.0' });
    await client.connect(clientSide);
    clients.push(client);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['no_args']);
    await expect(client.callTool({ name: 'echo', arguments: { words: 1 } })).rejects.toThrow(/Tool echo not found/);
    expect(echo.seen).toEqual([]);
    const noScope = new AgentMcpServerBuilder([echo], metrics, createLogger({ name: 'builder-spec', level: 'silent' })).build({ ...limited, grant: { scopes: new Set(['gong:crm:write']) } });
    const [c2, s2] = InMemoryTransport.createLinkedPair();
    await noScope.connect(s2);
    const client2 = new Client({ name: 'builder-spec', version: '1.0.0' });
    await client2.connect(c2);
    clients.push(client2);
    expect((await client2.listTools()).tools).toEqual([]);
  });

  it('refuses input its schema refuses, before running the tool', async () => {
    const { call, echo } = await setUp();
    const refused = await call('echo', { words: 0, colour: 'red' });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]!.text).toMatch(/Invalid arguments for tool echo/);
    expect(echo.seen).toEqual([]);
  });
});
