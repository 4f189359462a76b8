import { describe, expect, it } from '@jest/globals';
import type { AccountListRow, AccountTimelineRows } from '@gong-connector/persistence';
import type { SearchQueryInput } from '@gong-connector/search';
import { ACME, CALLS, USERS, WORKSPACE } from '../../../test/agent-api.fixture.js';
import { managerFilter, newTestServices, principal, searchHit, searchResult } from '../../../test/unit.fixture.js';
import { ApiRequestSchemas } from '../../api/api-request.schemas.js';
import { AccountResearchTool } from './account-research.tool.js';
import { recorder } from '@gong-connector/testing';

const manager = principal(USERS.manager, managerFilter);
const acmeRow: AccountListRow = { id: ACME, name: 'Acme Corp', domain: 'acme.example', callCount: 2, lastCallAt: '2026-01-08T15:00:00.000Z' };
const acmeLabsRow: AccountListRow = { id: 'crm:salesforce:001ACMELABS', name: 'Acme Labs', domain: 'acmelabs.example', callCount: 1, lastCallAt: '2026-01-02T15:00:00.000Z' };
const timeline: AccountTimelineRows = {
  account: { id: ACME, name: 'Acme Corp', domain: 'acme.example', system: 'Salesforce', crmObjectId: '001ACME' },
  callCount: 2,
  firstCallAt: '2026-01-05T15:00:00.000Z',
  lastCallAt: '2026-01-08T15:00:00.000Z',
  callsByMonth: [{ month: '2026-01', calls: 2 }],
  recentCalls: [{ id: CALLS.bobAcme, title: 'Acme negotiation', started: '2026-01-08T15:00:00.000Z', durationS: 1800, workspaceId: WORKSPACE, primaryUserId: USERS.bob.id, isPrivate: false, accounts: [{ id: ACME, name: 'Acme Corp' }] }],
  participants: [
    { affiliation: 'Internal', userId: USERS.bob.id, email: USERS.bob.email, name: 'Bob Rep', title: 'Account Executive', calls: 2, lastCallAt: '2026-01-08T15:00:00.000Z' },
    { affiliation: 'External', userId: null, email: 'cto@acme.example', name: 'CTO of Acme Corp', title: 'CTO', calls: 2, lastCallAt: '2026-01-08T15:00:00.000Z' },
  ],
  topicsByMonth: [],
  trackersByMonth: [],
};

function newTestTool(found: AccountListRow[]) {
  const listAccounts = recorder(async () => found);
  const accountTimeline = recorder(async (_f: unknown, _id: string, _o: unknown) => timeline);
  const search = recorder(async (_q: SearchQueryInput) => searchResult([searchHit(CALLS.bobAcme, 1, 'the security review matters', 4000)]));
  const services = newTestServices({ queries: { listAccounts, accountTimeline }, index: { search } });
  return { tool: new AccountResearchTool(services.accounts), listAccounts, accountTimeline, search };
}

describe('AccountResearchTool', () => {
  it('takes /v1/accounts/{id}/research’s query, with the account named by id or name', () => {
    const { tool } = newTestTool([]);
    expect(Object.keys(tool.inputSchema.shape).sort()).toEqual(['accountId', 'accountName', ...Object.keys(ApiRequestSchemas.accountResearch.shape)].sort());
    expect(tool.inputSchema.parse({ accountName: ' acme ', q: 'security', passages: '3' })).toEqual({ accountName: 'acme', q: 'security', passages: 3, recentCalls: 10 });
  });

  it('researches the best match of a name, with passages for the question, and lists the other matches', async () => {
    const { tool, listAccounts, accountTimeline, search } = newTestTool([acmeRow, acmeLabsRow]);
    const answer = await tool.run(manager, tool.inputSchema.parse({ accountName: 'acme', q: 'security review' }));
    expect(listAccounts.calls).toEqual([[managerFilter, { q: 'acme', limit: 10, offset: 0 }]]);
    expect(accountTimeline.calls.map(([, id]) => id)).toEqual([ACME]);
    expect(search.calls[0]![0]).toMatchObject({ text: 'security review', accountIds: [ACME], limit: 8 });
    expect(answer.data).toMatchObject({ account: { id: ACME }, callCount: 2, otherMatches: [{ id: acmeLabsRow.id, name: 'Acme Labs', callCount: 1 }] });
    expect(tool.outputSchema.safeParse(answer.data).success).toBe(true);
    expect(tool.outputSchema.safeParse({ accounts: [{ id: ACME, name: 'Acme Corp', callCount: 2 }] }).success).toBe(true);
    expect(tool.outputSchema.safeParse({ accounts: 'Acme' }).success).toBe(false);
    expect(answer.text.split('\n')).toEqual([
      `Acme Corp (${ACME}): 2 calls, 2026-01-05 to 2026-01-08`,
      'Per month: 2026-01:2',
      'Their side: CTO of Acme Corp (CTO) ×2',
      'Our side: Bob Rep ×2',
      `Recent: 2026-01-08 Acme negotiation (${CALLS.bobAcme})`,
      'Passages for "security review":',
      `- [Acme discovery 2026-01-05, call ${CALLS.bobAcme} @ 0:04] Alice Rep: «the security review matters»`,
      `Other matches: Acme Labs (${acmeLabsRow.id})`,
    ]);
  });

  it('researches an account given by id without looking names up', async () => {
    const { tool, listAccounts } = newTestTool([]);
    await expect(tool.run(manager, tool.inputSchema.parse({ accountId: ACME }))).resolves.toMatchObject({ data: { account: { id: ACME }, question: null, otherMatches: [] } });
    expect(listAccounts.calls).toEqual([]);
  });

  it('lists the accounts the user may see when no account is named, and says when a name matches none', async () => {
    const listed = newTestTool([acmeRow]);
    await expect(listed.tool.run(manager, listed.tool.inputSchema.parse({}))).resolves.toEqual({ data: { accounts: [{ id: ACME, name: 'Acme Corp', callCount: 2 }] }, text: `- Acme Corp (${ACME}): 2 calls` });
    const none = newTestTool([]);
    await expect(none.tool.run(manager, none.tool.inputSchema.parse({ accountName: 'globex' }))).resolves.toEqual({ data: { accounts: [] }, text: 'No matching account with calls you may see.' });
    expect(none.accountTimeline.calls).toEqual([]);
  });
});
