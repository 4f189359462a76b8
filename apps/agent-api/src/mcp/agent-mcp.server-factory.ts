import { Inject, Injectable } from '@nestjs/common';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AppError, GongIdSchema, IsoDateTimeSchema } from '@gong-connector/contracts';
import { z } from 'zod';
import { AccountResearchService } from '../accounts/account-research.service.js';
import type { Principal } from '../auth/principal.js';
import { CallsService } from '../calls/calls.service.js';
import { AgentApiMetrics } from '../metrics/agent-api.metrics.js';
import { PassageSearchService } from '../search/passage-search.service.js';

/** Largest text block a tool returns; longer answers are cut and say how to get the rest. */
const MAX_TEXT_CHARS = 24_000;

type ToolResult = { content: { type: 'text'; text: string }[]; structuredContent?: Record<string, unknown>; isError?: boolean };

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

/**
 * The MCP server of one authenticated user: six read-only tools over the same services as REST,
 * so every answer is filtered to what that user may see in Gong. Each result carries structured
 * content and a readable text rendering, both bounded, with a cursor for the rest.
 */
@Injectable()
export class AgentMcpServerFactory {
  constructor(
    @Inject(CallsService) private readonly calls: CallsService,
    @Inject(PassageSearchService) private readonly search: PassageSearchService,
    @Inject(AccountResearchService) private readonly accounts: AccountResearchService,
    @Inject(AgentApiMetrics) private readonly metrics: AgentApiMetrics,
  ) {}

  create(principal: Principal): McpServer {
    const server = new McpServer({ name: 'gong-connector', version: '0.1.0' }, { capabilities: { tools: {} } });
    const filter = principal.filter;
    const run = (tool: string, body: () => Promise<{ data: Record<string, unknown>; text: string }>) => async (): Promise<ToolResult> => {
      try {
        const { data, text } = await body();
        this.metrics.toolCalls.inc({ tool, outcome: 'ok' });
        return { content: [{ type: 'text', text: bound(text) }], structuredContent: data };
      } catch (error) {
        this.metrics.toolCalls.inc({ tool, outcome: 'error' });
        const message = error instanceof AppError ? `${error.code}: ${error.message}` : 'Internal error';
        return { content: [{ type: 'text', text: message }], isError: true };
      }
    };

    server.registerTool(
      'search_calls',
      {
        title: 'Search call transcripts',
        description:
          'Full-text search over the transcripts of Gong calls the current user may see (other calls are never searched or counted). ' +
          'Returns passages: what was said, who said it (name, company side), when in the call, and the call (id, title, date, accounts), ' +
          'plus totals and facets (accounts, speakers, trackers). Query syntax: words must all match; "exact phrase"; or; -exclude. ' +
          'Filter by accountIds (from account_research or list_calls), date range, or speaker side. Pages of up to 25 passages; ' +
          'pass nextCursor back unchanged with the same arguments for more. Use get_transcript with a passage callId and fromMs to read around it.',
        inputSchema: {
          query: z.string().max(1000).describe('What to find, e.g. "pricing objection" or security -SSO'),
          accountIds: z.array(z.string().min(1)).min(1).max(50).optional().describe('Only calls of these accounts'),
          from: IsoDateTimeSchema.optional().describe('Calls started at or after (ISO date-time)'),
          to: IsoDateTimeSchema.optional().describe('Calls started before (ISO date-time)'),
          speakerSide: z.enum(['Internal', 'External']).optional().describe('Only what our people (Internal) or customers (External) said'),
          limit: z.number().int().min(1).max(25).default(10).describe('Passages per page (1-25)'),
          cursor: z.string().optional().describe('nextCursor of the previous page'),
        },
        annotations: READ_ONLY,
      },
      (args) =>
        run('search_calls', async () => {
          const r = await this.search.search(filter, {
            q: args.query,
            account: args.accountIds,
            from: args.from,
            to: args.to,
            speakerAffiliation: args.speakerSide ? [args.speakerSide] : undefined,
            limit: args.limit,
            cursor: args.cursor,
            facets: 5,
          });
          const lines = r.passages.map(
            (p, i) =>
              `${i + 1}. [${p.call.title} | ${p.call.started.slice(0, 10)} | call ${p.callId} @ ${fmtMs(p.startMs)}] ${p.speaker.name ?? 'Unknown'} (${p.speaker.affiliation}): ${p.highlight ?? p.text}`,
          );
          return {
            data: { ...r },
            text: `${r.total} passages in ${r.totalCalls} calls match.\n${lines.join('\n')}${r.nextCursor ? `\nMore: call again with cursor "${r.nextCursor}".` : ''}`,
          };
        })(),
    );

    server.registerTool(
      'list_calls',
      {
        title: 'List calls',
        description:
          'Lists Gong calls the current user may see, newest first: id, title, start, duration, host user id, accounts. ' +
          'Filter by date range, accountId, participant (email or Gong user id) or words in the title. Up to 50 per page; ' +
          'pass nextCursor back with the same filters for more. Use get_call for parties, CRM context, topics and trackers.',
        inputSchema: {
          from: IsoDateTimeSchema.optional().describe('Started at or after (ISO date-time)'),
          to: IsoDateTimeSchema.optional().describe('Started before (ISO date-time)'),
          accountId: z.string().min(1).optional().describe('Account id'),
          participant: z.string().min(1).optional().describe('Participant email or Gong user id'),
          titleContains: z.string().min(1).max(200).optional().describe('Case-insensitive words in the title'),
          limit: z.number().int().min(1).max(50).default(20),
          cursor: z.string().optional(),
        },
        annotations: READ_ONLY,
      },
      (args) =>
        run('list_calls', async () => {
          const r = await this.calls.list({
            filter,
            startedFrom: args.from,
            startedTo: args.to,
            accountId: args.accountId,
            participant: args.participant,
            text: args.titleContains,
            limit: args.limit,
            cursor: args.cursor,
          });
          const lines = r.calls.map((c) => `- ${c.id} | ${c.started.slice(0, 16)} | ${c.title} | ${c.accounts.map((a) => a.name).join(', ') || 'no account'}`);
          return { data: { ...r }, text: `${r.calls.length} calls.\n${lines.join('\n')}${r.nextCursor ? `\nMore: cursor "${r.nextCursor}".` : ''}` };
        })(),
    );

    server.registerTool(
      'get_call',
      {
        title: 'Get one call',
        description:
          'One Gong call the current user may see: title, start, duration, host, parties (name, email, title, Internal/External), ' +
          'accounts, CRM context (opportunities with stage and fields), topics and trackers. A call the user may not see is reported ' +
          'as not found, exactly like a call that does not exist. Use get_transcript for what was said.',
        inputSchema: { callId: GongIdSchema.describe('Gong call id (digits)') },
        annotations: READ_ONLY,
      },
      (args) =>
        run('get_call', async () => {
          const c = await this.calls.get(filter, args.callId);
          const text = [
            `${c.title} (${c.started}, ${Math.round(c.durationS / 60)} min) call ${c.id}`,
            `Accounts: ${c.accounts.map((a) => a.name).join(', ') || 'none'}`,
            `Parties: ${c.parties.map((p) => `${p.name ?? p.email ?? 'unknown'} (${p.affiliation}${p.title ? `, ${p.title}` : ''})`).join('; ')}`,
            `Topics: ${c.topics.map((t) => t.name).join(', ') || 'none'}`,
            `Trackers: ${c.trackers.filter((t) => t.count > 0).map((t) => `${t.name}×${t.count}`).join(', ') || 'none'}`,
            ...c.crmContext.map((o) => `CRM ${o.objectType} ${o.name ?? o.objectId}: ${o.fields.slice(0, 8).map((f) => `${f.name}=${String(f.value)}`).join(', ')}`),
          ].join('\n');
          return { data: { ...c }, text };
        })(),
    );

    server.registerTool(
      'get_transcript',
      {
        title: 'Read a call transcript',
        description:
          'The transcript of one call the current user may see, as monologues with speakers resolved (name, title, Internal/External) ' +
          'and offsets in ms. Paged: up to 100 monologues per page (default 40); pass nextCursor for more. ' +
          'fromMs/toMs restrict to a time range (e.g. around a passage from search_calls).',
        inputSchema: {
          callId: GongIdSchema.describe('Gong call id (digits)'),
          fromMs: z.number().int().min(0).optional(),
          toMs: z.number().int().min(1).optional(),
          limit: z.number().int().min(1).max(100).default(40),
          cursor: z.string().optional(),
        },
        annotations: READ_ONLY,
      },
      (args) =>
        run('get_transcript', async () => {
          const t = await this.calls.transcript(filter, args.callId, { fromMs: args.fromMs, toMs: args.toMs, limit: args.limit, cursor: args.cursor });
          const lines = t.monologues.map((m) => `[${fmtMs(m.startMs)}] ${m.speaker.name ?? 'Unknown speaker'} (${m.speaker.affiliation}): ${m.text}`);
          return {
            data: { ...t },
            text: `${t.title} (${t.started}) — monologues ${t.monologues[0]?.index ?? 0}-${(t.monologues.at(-1)?.index ?? -1)} of ${t.totalMonologues}\n${lines.join('\n')}${t.nextCursor ? `\nMore: cursor "${t.nextCursor}".` : ''}`,
          };
        })(),
    );

    server.registerTool(
      'account_research',
      {
        title: 'Research an account',
        description:
          'Everything about one customer account from the calls the current user may see, answered from the replica (no Gong quota): ' +
          'call count, first and last activity, calls per month, recent calls, participants on both sides, topics and trackers per month, ' +
          'and, given a question, the most relevant transcript passages. Name the account by accountId, or by name (the best match is used; ' +
          'candidates are listed when there are several). Without an account it lists the accounts the user may see.',
        inputSchema: {
          accountId: z.string().min(1).optional().describe('Account id, as returned by this tool or list_calls'),
          accountName: z.string().min(1).max(200).optional().describe('Account name or domain to look up'),
          question: z.string().min(1).max(1000).optional().describe('e.g. "what are their security concerns?"'),
          passages: z.number().int().min(0).max(20).default(8),
        },
        annotations: READ_ONLY,
      },
      (args) =>
        run('account_research', async () => {
          let accountId = args.accountId;
          let candidates: { id: string; name: string; callCount: number }[] = [];
          if (!accountId) {
            const found = await this.accounts.list(filter, { q: args.accountName, limit: 10, offset: 0 });
            candidates = found.map((a) => ({ id: a.id, name: a.name, callCount: a.callCount }));
            if (!args.accountName || found.length === 0) {
              return {
                data: { accounts: candidates },
                text: found.length === 0 ? 'No matching account with calls you may see.' : candidates.map((a) => `- ${a.name} (${a.id}): ${a.callCount} calls`).join('\n'),
              };
            }
            accountId = found[0]!.id;
          }
          const r = await this.accounts.research(filter, accountId, { q: args.question, passages: args.passages, recentCalls: 10 });
          const text = [
            `${r.account.name} (${r.account.id}): ${r.callCount} calls, ${r.firstCallAt?.slice(0, 10)} to ${r.lastActivityAt?.slice(0, 10)}`,
            `Per month: ${r.callsByMonth.map((m) => `${m.month}:${m.calls}`).join(' ')}`,
            `Their side: ${r.participants.external.slice(0, 10).map((p) => `${p.name ?? p.email}${p.title ? ` (${p.title})` : ''} ×${p.calls}`).join('; ')}`,
            `Our side: ${r.participants.internal.slice(0, 10).map((p) => `${p.name ?? p.email} ×${p.calls}`).join('; ')}`,
            `Recent: ${r.recentCalls.slice(0, 5).map((c) => `${c.started.slice(0, 10)} ${c.title} (${c.id})`).join('; ')}`,
            ...(r.question ? [`Passages for "${r.question}":`, ...r.passages.map((p) => `- [${p.call.title} ${p.call.started.slice(0, 10)}, call ${p.callId} @ ${fmtMs(p.startMs)}] ${p.speaker.name ?? 'Unknown'}: ${p.highlight ?? p.text}`)] : []),
            ...(candidates.length > 1 ? [`Other matches: ${candidates.slice(1).map((a) => `${a.name} (${a.id})`).join(', ')}`] : []),
          ].join('\n');
          return { data: { ...r, otherMatches: candidates.slice(1) }, text };
        })(),
    );

    server.registerTool(
      'whoami',
      {
        title: 'Who am I',
        description: 'The Gong user this connection acts for (id, name, email, title), and when their permissions were last synced from Gong.',
        annotations: READ_ONLY,
      },
      () =>
        run('whoami', async () => {
          const data = { user: principal.user, subject: principal.subject, permissionsAsOf: principal.dataAsOf };
          return { data, text: principal.user ? `${principal.user.name ?? principal.user.email} (${principal.user.email}, Gong user ${principal.user.id})` : `Unknown Gong user ${principal.subject}: no calls are visible` };
        })(),
    );
    return server;
  }
}

function fmtMs(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function bound(text: string): string {
  return text.length <= MAX_TEXT_CHARS ? text : `${text.slice(0, MAX_TEXT_CHARS)}\n… (cut; use a smaller limit or the cursor for the rest)`;
}
