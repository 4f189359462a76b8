import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AccountResearchService } from '../../accounts/account-research.service.js';
import { AccountResolver } from '../../accounts/account.resolver.js';
import { ApiRequestSchemas, type AccountLookupResearchRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import { requireProfileFlag, type Principal } from '../../auth/principal.js';
import { READ_ONLY, type AgentMcpTool, type AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';
import { ToolText } from '../tool-text.format.js';

const candidate = z.object({
  id: z.string(),
  name: z.string(),
  domains: z.array(z.string()).optional().describe('Email domains merged into the account'),
  callCount: z.number().int(),
});

/**
 * `account_research`'s structured content: the research of one account (`GET /v1/accounts/{id}/research`),
 * or, when no single account is named, the candidates (or the accounts the user may see).
 * An object at the root (MCP's rule for output schemas), either shape inside.
 */
export const AccountResearchToolOutput = z
  .union([ApiResponseSchemas.accountResearch, z.object({ accounts: z.array(candidate).describe('Accounts the user may see that match the name (call again with one accountId)') })])
  .meta({ type: 'object' });

/** Recent calls listed at most over MCP (REST allows 100): keeps the answer under the result budget. */
export const RECENT_CALLS_MAX = 25;

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
    'and, given a question (q), the most relevant transcript passages of both sides (each labelled customer or rep, with date, speaker and the call\'s Gong URL) ' +
    'from the last 90 days unless from/to say otherwise (a day like 2026-11-01 or an ISO date-time). Internal calls about the account (deal reviews) are included and marked. ' +
    'Name the account by accountId (its id, bare CRM id or email domain) or accountName (candidates are listed when several match). Lists up to 25 recent calls (list_calls pages through all). Without an account it lists the accounts the user may see.';
  readonly annotations = READ_ONLY;
  readonly tags = ['accounts', 'search'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly outputSchema = AccountResearchToolOutput;
  readonly inputSchema = ApiRequestSchemas.accountLookupResearch;
  readonly pageSizeArgument = 'passages';

  constructor(
    @Inject(AccountResearchService) private readonly accounts: AccountResearchService,
    @Inject(AccountResolver) private readonly resolver: AccountResolver,
  ) {}

  async run(principal: Principal, input: AccountLookupResearchRequest): Promise<AgentMcpToolAnswer> {
    requireProfileFlag(principal, 'account', 'Account research');
    const filter = principal.filter;
    const { accountId, accountName, ...research } = input;
    let reference = accountId;
    if (!reference) {
      if (!accountName) {
        const found = await this.accounts.list(filter, { limit: CANDIDATES, offset: 0 });
        const listed = found.map((a) => ({ id: a.id, name: a.name, callCount: a.callCount }));
        return { data: { accounts: listed }, text: found.length === 0 ? 'No account with calls you may see.' : listed.map((a) => `- ${a.name} (${a.id}): ${a.callCount} calls`).join('\n') };
      }
      const candidates = await this.resolver.candidates(filter, accountName);
      if (candidates.length !== 1) {
        const listed = candidates.map((a) => ({ id: a.id, name: a.name, domains: a.domains, callCount: a.callCount }));
        return {
          data: { accounts: listed },
          text:
            candidates.length === 0
              ? `No account "${accountName}" with calls you may see; try part of its name, its email domain or its CRM id.`
              : `"${accountName}" matches ${candidates.length} accounts; call again with one accountId:\n${listed.map((a) => `- ${a.name} (${a.id}): ${a.callCount} calls`).join('\n')}`,
        };
      }
      reference = candidates[0]!.id;
    }
    const r = await this.accounts.research(filter, reference, { ...research, recentCalls: Math.min(research.recentCalls, RECENT_CALLS_MAX) });
    const text = [
      `${r.account.name} (${r.account.id}${r.account.domains.length ? `; domains ${r.account.domains.join(', ')}` : ''}): ${r.callCount} calls, ${r.firstCallAt?.slice(0, 10)} to ${r.lastActivityAt?.slice(0, 10)}`,
      `Per month: ${r.callsByMonth.map((m) => `${m.month}:${m.calls}`).join(' ')}`,
      `Their side: ${r.participants.external.slice(0, 10).map((p) => `${p.name ?? p.email}${p.title ? ` (${p.title})` : ''} ×${p.calls}`).join('; ')}`,
      `Our side: ${r.participants.internal.slice(0, 10).map((p) => `${p.name ?? p.email} ×${p.calls}`).join('; ')}`,
      `Recent: ${r.recentCalls.slice(0, 5).map((c) => `${c.started.slice(0, 10)} ${c.title}${c.internal ? ' [internal]' : ''} (${c.id})`).join('; ')}`,
      ...(r.question
        ? [
            `Passages for "${r.question}". ${r.range.note}`,
            ...r.passages.map(
              (p) =>
                `- [${p.side}] ${p.speaker.name ?? 'Unknown'}, ${p.call.started.slice(0, 10)}, ${p.call.title}${p.call.internal ? ' [internal]' : ''} (call ${p.callId} @ ${ToolText.offset(p.startMs)}${p.call.url ? `, ${p.call.url}` : ''}): ${p.highlight ?? p.text}`,
            ),
            ...(r.emptyReason ? [r.emptyReason] : []),
          ]
        : []),
    ].join('\n');
    return { data: { ...r }, pageSize: r.passages.length, text };
  }
}
