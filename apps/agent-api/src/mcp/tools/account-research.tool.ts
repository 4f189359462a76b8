import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AccountResearchService } from '../../accounts/account-research.service.js';
import { ApiRequestSchemas, type AccountLookupResearchRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { READ_ONLY, type AgentMcpTool, type AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';
import { ToolText } from '../tool-text.format.js';

const candidate = z.object({ id: z.string(), name: z.string(), callCount: z.number().int() });

/**
 * `account_research`'s structured content: the research of one account (`GET /v1/accounts/{id}/research`)
 * with the other accounts its name matched, or, without an account, the accounts the user may see.
 * An object at the root (MCP's rule for output schemas), either shape inside.
 */
export const AccountResearchToolOutput = z
  .union([ApiResponseSchemas.accountResearch.extend({ otherMatches: z.array(candidate).describe('Other accounts the name matched') }), z.object({ accounts: z.array(candidate).describe('Accounts the user may see that match the name') })])
  .meta({ type: 'object' });

/** How many accounts a name lookup considers. */
const CANDIDATES = 10;

/** `account_research`: `GET /v1/accounts/{id}/research`, the account named by id or (through `GET /v1/accounts?q=`) by name. */
@Injectable()
export class AccountResearchTool implements AgentMcpTool<typeof ApiRequestSchemas.accountLookupResearch> {
  readonly name = 'account_research';
  readonly title = 'Research an account';
  readonly description =
    'Everything about one customer account from the calls the current user may see, answered from the replica (no Gong quota): ' +
    'call count, first and last activity, calls per month, recent calls, participants on both sides, topics and trackers per month, ' +
    'and, given a question (q), the most relevant transcript passages. Name the account by accountId, or by name (the best match is used; ' +
    'candidates are listed when there are several). Without an account it lists the accounts the user may see.';
  readonly annotations = READ_ONLY;
  readonly tags = ['accounts', 'search'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly outputSchema = AccountResearchToolOutput;
  readonly inputSchema = ApiRequestSchemas.accountLookupResearch;
  readonly pageSizeArgument = 'passages';

  constructor(@Inject(AccountResearchService) private readonly accounts: AccountResearchService) {}

  async run(principal: Principal, input: AccountLookupResearchRequest): Promise<AgentMcpToolAnswer> {
    const filter = principal.filter;
    const { accountId: givenId, accountName, ...research } = input;
    let accountId = givenId;
    let candidates: { id: string; name: string; callCount: number }[] = [];
    if (!accountId) {
      const found = await this.accounts.list(filter, { q: accountName, limit: CANDIDATES, offset: 0 });
      candidates = found.map((a) => ({ id: a.id, name: a.name, callCount: a.callCount }));
      if (!accountName || found.length === 0) {
        return {
          data: { accounts: candidates },
          text: found.length === 0 ? 'No matching account with calls you may see.' : candidates.map((a) => `- ${a.name} (${a.id}): ${a.callCount} calls`).join('\n'),
        };
      }
      accountId = found[0]!.id;
    }
    const r = await this.accounts.research(filter, accountId, research);
    const text = [
      `${r.account.name} (${r.account.id}): ${r.callCount} calls, ${r.firstCallAt?.slice(0, 10)} to ${r.lastActivityAt?.slice(0, 10)}`,
      `Per month: ${r.callsByMonth.map((m) => `${m.month}:${m.calls}`).join(' ')}`,
      `Their side: ${r.participants.external.slice(0, 10).map((p) => `${p.name ?? p.email}${p.title ? ` (${p.title})` : ''} ×${p.calls}`).join('; ')}`,
      `Our side: ${r.participants.internal.slice(0, 10).map((p) => `${p.name ?? p.email} ×${p.calls}`).join('; ')}`,
      `Recent: ${r.recentCalls.slice(0, 5).map((c) => `${c.started.slice(0, 10)} ${c.title} (${c.id})`).join('; ')}`,
      ...(r.question
        ? [`Passages for "${r.question}":`, ...r.passages.map((p) => `- [${p.call.title} ${p.call.started.slice(0, 10)}, call ${p.callId} @ ${ToolText.offset(p.startMs)}] ${p.speaker.name ?? 'Unknown'}: ${p.highlight ?? p.text}`)]
        : []),
      ...(candidates.length > 1 ? [`Other matches: ${candidates.slice(1).map((a) => `${a.name} (${a.id})`).join(', ')}`] : []),
    ].join('\n');
    return { data: { ...r, otherMatches: candidates.slice(1) }, pageSize: r.passages.length, text };
  }
}
