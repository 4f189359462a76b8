import { afterEach, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { z } from 'zod';
import { USERS } from '../../test/agent-api.fixture.js';
import { counterValue, newMetrics, ownFilter, principal } from '../../test/unit.fixture.js';
import type { Principal } from '../auth/principal.js';
import { READ_ONLY, type AgentMcpTool, type AgentMcpToolAnswer } from './agent-mcp-tool.interface.js';
import { AgentMcpServerBuilder } from './agent-mcp.server-builder.js';

const EchoInput = z.strictObject({ words: z.coerce.number().int().min(1).max(50_000), fail: z.enum(['app', 'crash']).optional() });

/** A tool written for this spec: answers `words` words, or fails as asked. */
class EchoTool implements AgentMcpTool<typeof EchoInput> {
  readonly name = 'echo';
  readonly title = 'Echo';
  readonly description = 'Answers as many words as asked, for the builder spec.';
  readonly annotations = READ_ONLY;
  readonly tags = ['calls'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly inputSchema = EchoInput;
  readonly seen: { principal: Principal; input: z.output<typeof EchoInput> }[] = [];

  async run(p: Principal, input: z.output<typeof EchoInput>): Promise<AgentMcpToolAnswer> {
    this.seen.push({ principal: p, input });
    if (input.fail === 'app') throw new AppError(ErrorCode.NOT_FOUND, 'No call 7 that you may see');
    if (input.fail === 'crash') throw new Error('connection to 10.0.0.5:5432 refused (password=hunter2)');
    return { data: { words: input.words }, text: 'word '.repeat(input.words).trim() };
  }
}

class NoArgsTool implements AgentMcpTool {
  readonly name = 'no_args';
  readonly title = 'No arguments';
  readonly description = 'A tool without arguments.';
  readonly annotations = READ_ONLY;
  readonly tags = ['calls'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly inputSchema = undefined;
  async run(p: Principal): Promise<AgentMcpToolAnswer> {
    return { data: { subject: p.subject }, text: p.subject };
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
    const { metrics, registry } = newMetrics();
    const alice = principal(USERS.alice, ownFilter(USERS.alice.id));
    const server = new AgentMcpServerBuilder([echo, new NoArgsTool()], metrics).build(alice);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'builder-spec', version: '1.0.0' });
    await client.connect(clientSide);
    clients.push(client);
    const call = async (name: string, args: Record<string, unknown>): Promise<Result> => (await client.callTool({ name, arguments: args })) as Result;
    return { echo, registry, client, call, alice };
  };

  it('lists each tool with its title, description, annotations and input schema', async () => {
    const { client } = await setUp();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['echo', 'no_args']);
    expect(tools[0]).toMatchObject({ title: 'Echo', description: 'Answers as many words as asked, for the builder spec.', annotations: READ_ONLY });
    expect(tools[0]!.inputSchema).toMatchObject({ type: 'object', properties: { words: { type: 'integer' }, fail: { enum: ['app', 'crash'] } }, required: ['words'] });
    expect(tools[1]!.inputSchema).toMatchObject({ type: 'object' });
  });

  it('runs a tool for the connection’s user with the parsed input: structured content and text', async () => {
    const { call, echo, registry, alice } = await setUp();
    await expect(call('echo', { words: '3' })).resolves.toEqual({ content: [{ type: 'text', text: 'word word word' }], structuredContent: { words: 3 } });
    expect(echo.seen).toEqual([{ principal: alice, input: { words: 3 } }]);
    await expect(call('no_args', {})).resolves.toMatchObject({ structuredContent: { subject: USERS.alice.email } });
    await expect(counterValue(registry, 'agent_api_mcp_tool_calls_total', { tool: 'echo', outcome: 'ok' })).resolves.toBe(1);
  });

  it('bounds the text and says how to get the rest; the structured content is the tool’s', async () => {
    const { call } = await setUp();
    const long = await call('echo', { words: 10_000 });
    expect(long.content[0]!.text.length).toBeLessThan(24_100);
    expect(long.content[0]!.text).toMatch(/\n… \(cut; use a smaller limit or the cursor for the rest\)$/);
    expect(long.structuredContent).toEqual({ words: 10_000 });
  });

  it('answers our errors as CODE: message, and anything else as an internal error that says nothing more', async () => {
    const { call, registry } = await setUp();
    await expect(call('echo', { words: 1, fail: 'app' })).resolves.toEqual({ content: [{ type: 'text', text: 'NOT_FOUND: No call 7 that you may see' }], isError: true });
    const crash = await call('echo', { words: 1, fail: 'crash' });
    expect(crash).toEqual({ content: [{ type: 'text', text: 'Internal error' }], isError: true });
    await expect(counterValue(registry, 'agent_api_mcp_tool_calls_total', { tool: 'echo', outcome: 'error' })).resolves.toBe(2);
  });

  it('refuses input its schema refuses, before running the tool', async () => {
    const { call, echo } = await setUp();
    const refused = await call('echo', { words: 0, colour: 'red' });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]!.text).toMatch(/Invalid arguments for tool echo/);
    expect(echo.seen).toEqual([]);
  });
});
