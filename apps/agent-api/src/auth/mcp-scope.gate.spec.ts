import { describe, expect, it } from '@jest/globals';
import { McpScopeGate, TOOL_NOT_ALLOWED } from './mcp-scope.gate.js';
import type { ToolGrant } from './tool-access.js';

const gate = new McpScopeGate([
  { name: 'search_calls', tags: ['search', 'calls'], requiredScope: 'gong:read' },
  { name: 'account_research', tags: ['accounts', 'search'], requiredScope: 'gong:read' },
  { name: 'create_task', tags: ['crm'], requiredScope: 'gong:tasks:write' },
]);
const grant = (scopes: string[], limits: { tools?: string[]; tags?: string[] } = {}): { grant: ToolGrant } => ({
  grant: { scopes: new Set(scopes), tools: limits.tools ? new Set(limits.tools) : undefined, tags: limits.tags ? new Set(limits.tags) : undefined },
});
const call = (name: string, id: string | number = 7) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: {} } });

describe('McpScopeGate', () => {
  it.each<[string, ReturnType<typeof grant> | { grant?: undefined }, unknown, string | undefined]>([
    ['an allowed call', grant(['gong:read']), call('search_calls'), undefined],
    ['tools/list (the server lists only allowed tools)', grant([]), { jsonrpc: '2.0', id: 1, method: 'tools/list' }, undefined],
    ['an unknown tool (the server answers it)', grant([]), call('nope'), undefined],
    ['a token without a grant calling a read tool', {}, call('search_calls'), undefined],
    ['a token without a grant calling a write tool', {}, call('create_task'), 'insufficient_scope gong:tasks:write'],
    ['a missing scope', grant(['gong:read']), call('create_task'), 'insufficient_scope gong:tasks:write'],
    ['a tool outside a tag limit', grant(['gong:read'], { tags: ['accounts'] }), call('search_calls'), 'jsonrpc'],
    ['a tool inside a tag limit', grant(['gong:read'], { tags: ['accounts'] }), call('account_research'), undefined],
    ['a tool named by a tool limit', grant(['gong:read'], { tools: ['search_calls'] }), call('search_calls'), undefined],
    ['a refused call inside a batch', grant(['gong:read'], { tools: ['search_calls'] }), [call('search_calls', 1), call('account_research', 2)], 'jsonrpc'],
    ['a body that is not JSON-RPC', grant([]), 'garbage', undefined],
  ])('%s', (_, principal, body, expected) => {
    const r = gate.check(principal, body);
    expect(r === undefined ? undefined : r.kind === 'insufficient_scope' ? `insufficient_scope ${r.scope}` : r.kind).toBe(expected);
  });

  it('names the tool and the limit in the JSON-RPC error, with the request id', () => {
    const r = gate.check(grant(['gong:read'], { tags: ['accounts'] }), call('search_calls', 'abc'));
    expect(r).toEqual({
      kind: 'jsonrpc',
      response: {
        jsonrpc: '2.0',
        id: 'abc',
        error: { code: TOOL_NOT_ALLOWED, message: expect.stringContaining('search_calls is not allowed for this token'), data: { tool: 'search_calls', reason: expect.stringContaining('limited') } },
      },
    });
  });
});
