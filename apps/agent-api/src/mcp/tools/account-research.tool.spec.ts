import { describe, expect, it } from '@jest/globals';
import type { AccountListRow, AccountTimelineRows, ResolvedAccountRow } from '@gong-connector/persistence';
import type { SearchQueryInput } from '@gong-connector/search';
import { ACME, CALLS, USERS, WORKSPACE } from '../../../test/agent-api.fixture.js';
import { managerFilter, newTestServices, ownDomains, principal, resolvedAccount, searchHit, searchResult } from '../../../test/unit.fixture.js';
import { ApiRequestSchemas } from '../../api/api-request.schemas.js';
import { AccountResearchTool } from './account-research.tool.js';
import { recorder } from '@gong-connector/testing';

const manager = principal(USERS.manager, managerFilter);
const acmeRow: AccountListRow = { id: ACME, name: 'Acme Corp', domain: 'acme.example', domains: ['acme.example'], callCount: 2, lastCallAt: '2026-01-08T15:00:00.000Z' };
const acmeLabsRow: AccountListRow = { id: 'crm:salesforce:001ACMELABS', name: 'Acme Labs', domain: 'acmelabs.example', domains: ['acmelabs.example'], callCount: 1, lastCallAt: '2026-01-02T15:00:00.000Z' };
const timeline: AccountTimelineRows = {
  account: { id: ACME, name: 'Acme Corp', domain: 'acme.example', system: 'Salesforce', crmObjectId: '001ACME' },
  callCount: 2,
  firstCallAt: '2026-01-05T15:00:00.000Z',
  lastCallAt: '2026-01-08T15:00:00.000Z',
  callsByMonth: [{ month: '2026-01', calls: 2 }],
  recentCalls: [{ id: CALLS.bobAcme, title: 'Acme negotiation', started: '2026-01-08T15:00:00.000Z', durationS: 1800, workspaceId: WORKSPACE, primaryUserId: USERS.bob.id, isPrivate: false, url: null, internal: false, accounts: [{ id: ACME, name: 'Acme Corp' }] }],
  participants: [
    { affiliation: 'Internal', userId: USERS.bob.id, email: USERS.bob.email, name: 'Bob Rep', title: 'Account Executive', calls: 2, lastCallAt: '2026-01-08T15:00:00.000Z' },
    { affiliation: 'External', userId: null, email: 'cto@acme.example', name: 'CTO of Acme Corp', title: 'CTO', calls: 2, lastCallAt: '2026-01-08T15:00:00.000Z' },
  ],
  topicsByMonth: [],
  trackersByMonth: [],
};

const acmeResolved = resolvedAccount(ACME, 'Acme Corp', { memberIds: [ACME, 'domain:acme.io'], domains: ['acme.example', 'acme.io'], matchedBy: 'partial-name', callCount: 2 });
const acmeLabsResolved = resolvedAccount(acmeLabsRow.id, 'Acme Labs', { matchedBy: 'partial-name' });

function newTestTool(found: AccountListRow[], resolved: ResolvedAccountRow[] = [acmeResolved]) {
  const listAccounts = recorder(async () => found);
  const resolveAccounts = recorder(async (_f: unknown, ref: string) => (ref === ACME ? [{ ...acmeResolved, matchedBy: 'id' as const }] : resolved));
  const accountTimeline = recorder(async (_f: unknown, _id: string, _o: unknown) => timeline);
  const search = recorder(async (_q: SearchQueryInput) => searchResult([searchHit(CALLS.bobAcme, 1, 'the security review matters', 4000)]));
  const callLinks = async () => new Map([[CALLS.bobAcme, { url: 'https://app.gong.io/call?id=' + CALLS.bobAcme, internal: false }]]);
  const services = newTestServices({ queries: { listAccounts, accountTimeline, resolveAccounts, callLinks }, index: { search } });
  return { tool: new AccountResearchTool(services.accounts, services.resolver), listAccounts, resolveAccounts, accountTimeline, search };
}

describe('AccountResearchTool', () => {
  it('refuses with ACCESS_DENIED, naming the flag, when the profile does not grant account pages, and reads nothing', async () => {
    const { tool, listAccounts, accountTimeline } = newTestTool([acmeRow]);
    const own = ownDomains(USERS.manager.id);
    const noAccount = principal(USERS.manager, managerFilter, { ...own, flags: { ...own.flags, account: false } });
    await expect(tool.run(noAccount, ApiRequestSchemas.accountLookupResearch.parse({ accountId: ACME }))).rejects.toMatchObject({ code: 'ACCESS_DENIED', message: expect.stringContaining('"account"') });
    expect(listAccounts.calls.length + accountTimeline.calls.length).toBe(0);
  });

  it('takes /v1/accounts/{id}/research’s query, with the account named by id or name', () => {
    const { tool } = newTestTool([]);
    expect(Object.keys(tool.inputSchema.shape).sort()).toEqual(['accountId', 'accountName', ...Object.keys(ApiRequestSchemas.accountResearch.shape)].sort());
    expect(tool.inputSchema.parse({ accountName: ' acme ', q: 'security', passages: '3' })).toEqual({ accountName: 'acme', q: 'security', passages: 3, recentCalls: 10 });
  });

  it('researches the one account a name matches (merged members), passages of the last 90 days with side, date and Gong URL', async () => {
    const { tool, accountTimeline, search } = newTestTool([]);
    const answer = await tool.run(manager, tool.inputSchema.parse({ accountName: 'acme', q: 'security review' }));
    expect(accountTimeline.calls.map(([, id, o]) => [id, o])).toEqual([[ACME, { recentCalls: 10, participants: 50, memberIds: [ACME, 'domain:acme.io'] }]]);
    expect(search.calls[0]![0]).toMatchObject({ text: 'security review', accountIds: [ACME, 'domain:acme.io'], limit: 16, startedFrom: '2025-10-17T12:00:00.000Z' });
    expect(answer.data).toMatchObject({ account: { id: ACME, domains: ['acme.example', 'acme.io'] }, callCount: 2, range: { defaulted: true } });
    expect(tool.outputSchema.safeParse(answer.data).success).toBe(true);
    expect(tool.outputSchema.safeParse({ accounts: [{ id: ACME, name: 'Acme Corp', callCount: 2 }] }).success).toBe(true);
    expect(tool.outputSchema.safeParse({ accounts: 'Acme' }).success).toBe(false);
    expect(answer.text.split('\n')).toEqual([
      `Acme Corp (${ACME}; domains acme.example, acme.io): 2 calls, 2026-01-05 to 2026-01-08`,
      'Per month: 2026-01:2',
      'Their side: CTO of Acme Corp (CTO) ×2',
      'Our side: Bob Rep ×2',
      `Recent: 2026-01-08 Acme negotiation (${CALLS.bobAcme})`,
      'Passages for "security review". Passages come from the last 90 days (since 2025-10-17T12:00:00.000Z); pass from/to for another range.',
      `- [rep] Alice Rep, 2026-01-05, Acme discovery (call ${CALLS.bobAcme} @ 0:04, https://app.gong.io/call?id=${CALLS.bobAcme}): «the security review matters»`,
    ]);
  });

  it('answers the candidates when a name matches several accounts, researching none', async () => {
    const { tool, accountTimeline } = newTestTool([], [acmeResolved, acmeLabsResolved]);
    const answer = await tool.run(manager, tool.inputSchema.parse({ accountName: 'acme', q: 'pricing' }));
    expect(answer.data).toEqual({ accounts: [{ id: ACME, name: 'Acme Corp', domains: ['acme.example', 'acme.io'], callCount: 2 }, { id: acmeLabsRow.id, name: 'Acme Labs', domains: [], callCount: 1 }] });
    expect(answer.text.split('\n')[0]).toBe('"acme" matches 2 accounts; call again with one accountId:');
    expect(accountTimeline.calls).toEqual([]);
  });

  it('researches an account given by id without listing accounts', async () => {
    const { tool, listAccounts, resolveAccounts } = newTestTool([]);
    await expect(tool.run(manager, tool.inputSchema.parse({ accountId: ACME }))).resolves.toMatchObject({ data: { account: { id: ACME, matchedBy: 'id' }, question: null } });
    expect(listAccounts.calls).toEqual([]);
    expect(resolveAccounts.calls.map(([, ref]) => ref)).toEqual([ACME]);
  });

  it('lists the accounts the user may see when no account is named, and says when a name matches none', async () => {
    const listed = newTestTool([acmeRow]);
    await expect(listed.tool.run(manager, listed.tool.inputSchema.parse({}))).resolves.toEqual({ data: { accounts: [{ id: ACME, name: 'Acme Corp', callCount: 2 }] }, text: `- Acme Corp (${ACME}): 2 calls` });
    const none = newTestTool([], []);
    await expect(none.tool.run(manager, none.tool.inputSchema.parse({ accountName: 'globex' }))).resolves.toEqual({
      data: { accounts: [] },
      text: 'No account "globex" with calls you may see; try part of its name, its email domain or its CRM id.',
    });
    expect(none.accountTimeline.calls).toEqual([]);
  });
});
