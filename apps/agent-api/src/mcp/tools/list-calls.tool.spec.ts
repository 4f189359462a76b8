import { describe, expect, it } from '@jest/globals';
import type { CallListQuery, CallListRow } from '@gong-connector/persistence';
import { ACME, USERS, WORKSPACE } from '../../../test/agent-api.fixture.js';
import { managerFilter, newTestServices, principal, resolvedAccount } from '../../../test/unit.fixture.js';
import { ApiRequestSchemas } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import { LIST_CALLS_PAGE_MAX, ListCallsTool } from './list-calls.tool.js';
import { recorder } from '@gong-connector/testing';

const manager = principal(USERS.manager, managerFilter);
const row = (id: string, accounts: { id: string; name: string }[]): CallListRow => ({ id, title: `Call ${id}`, started: '2026-01-08T15:00:00.000Z', durationS: 600, workspaceId: WORKSPACE, primaryUserId: USERS.bob.id, isPrivate: false, url: `https://app.gong.io/call?id=${id}`, internal: false, accounts });

function newTestTool(rows: CallListRow[]) {
  const listCalls = recorder(async (q: CallListQuery) => rows.slice(0, q.limit));
  const resolveAccounts = async () => [resolvedAccount(ACME, 'Acme Corp', { memberIds: [ACME, 'domain:acme.example'] })];
  return { tool: new ListCallsTool(newTestServices({ queries: { listCalls, resolveAccounts } }).calls), queries: listCalls.calls };
}

describe('ListCallsTool', () => {
  it('takes /v1/calls’s request schema as its input', () => {
    expect(newTestTool([]).tool.inputSchema).toBe(ApiRequestSchemas.listCalls);
  });

  it('lists with the user’s filter and the REST filters, pages capped for MCP', async () => {
    const { tool, queries } = newTestTool([]);
    await tool.run(manager, tool.inputSchema.parse({ account: 'Acme Corp', participant: USERS.bob.email, text: 'negotiation', from: '2026-01-01', limit: 100 }));
    expect(queries).toEqual([
      [
        {
          filter: managerFilter,
          startedFrom: '2026-01-01T00:00:00.000Z',
          startedTo: undefined,
          accountIds: [ACME, 'domain:acme.example'],
          participant: USERS.bob.email,
          text: 'negotiation',
          limit: LIST_CALLS_PAGE_MAX + 1,
          after: undefined,
        },
      ],
    ]);
  });

  it('renders one line per call and the cursor for more', async () => {
    const { tool } = newTestTool([row('7000000000000000002', [{ id: ACME, name: 'Acme Corp' }]), row('7000000000000000003', []), row('7000000000000000004', [])]);
    const answer = await tool.run(manager, tool.inputSchema.parse({ limit: 2 }));
    expect(answer.text.split('\n')).toEqual([
      '2 calls.',
      '- 7000000000000000002 | 2026-01-08T15:00 | Call 7000000000000000002 | Acme Corp | https://app.gong.io/call?id=7000000000000000002',
      '- 7000000000000000003 | 2026-01-08T15:00 | Call 7000000000000000003 | no account | https://app.gong.io/call?id=7000000000000000003',
      expect.stringMatching(/^More: cursor ".+"\.$/),
    ]);
    expect(answer.data).toMatchObject({ calls: [{ id: '7000000000000000002' }, { id: '7000000000000000003' }], nextCursor: expect.any(String) });
    expect(answer.pageSize).toBe(2);
    expect(tool.outputSchema).toBe(ApiResponseSchemas.listCalls);
    expect(tool.outputSchema.safeParse(answer.data).success).toBe(true);
  });
});
