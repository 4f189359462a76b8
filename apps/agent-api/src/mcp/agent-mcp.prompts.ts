import { z } from 'zod';

/**
 * The MCP prompts (`prompts/list`, `prompts/get`): the four revenue workflows, each a user message
 * that names the tools to call and in what order. `deal_risk` and `competitor_trends` are the deals
 * and competitive-intelligence tools; a prompt only names tools, so it lists nothing a user may not see.
 */
export interface AgentMcpPrompt {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly argsSchema: z.ZodObject<Record<string, z.ZodType<string | undefined>>>;
  /** The tools the prompt tells the model to call. */
  readonly tools: readonly string[];
  text(args: Record<string, string | undefined>): string;
}

const arg = (what: string) => z.string().min(1).max(300).describe(what);

export const AGENT_MCP_PROMPTS: readonly AgentMcpPrompt[] = [
  {
    name: 'prepare_meeting',
    title: 'Prepare a meeting with an account',
    description: 'Brief me before a meeting: the account\'s recent calls, the attendees\' history, objections, competitors, deal stage and risk.',
    argsSchema: z.object({
      account: arg('The account: name, email domain, CRM id or account id'),
      attendees: z.string().max(2000).optional().describe('Attendee emails, comma-separated'),
    }),
    tools: ['meeting_prep', 'account_research', 'deal_risk', 'get_transcript'],
    text: (a) =>
      [
        `Prepare me for a meeting with the account "${a.account}"${a.attendees ? ` with ${a.attendees}` : ''}.`,
        `1. Call meeting_prep with account "${a.account}"${a.attendees ? ` and attendees "${a.attendees}"` : ''}.`,
        '2. For any deal in the brief, call deal_risk with its id for the full evidence behind each risk factor.',
        '3. If a question stays open, call account_research with the account and the question (q), and get_transcript for a passage\'s context.',
        'Answer with: where the deal stands, what each attendee cares about, open objections and competitors, and three questions to ask. Cite call dates and ids.',
      ].join('\n'),
  },
  {
    name: 'review_deal',
    title: 'Review a deal',
    description: 'Review one deal\'s risk with the evidence from its calls, and what to do next.',
    argsSchema: z.object({ deal: arg('The deal (CRM opportunity id) or its account') }),
    tools: ['deal_risk', 'meeting_prep', 'search_calls', 'call_summary'],
    text: (a) =>
      [
        `Review the deal "${a.deal}".`,
        `1. Call deal_risk for "${a.deal}" (a deal id; if you only have an account, call meeting_prep with it and take the deal ids from its deals).`,
        '2. For the factors with the most points, read the evidence calls with call_summary, and search_calls for what the customer said about them.',
        'Answer with the score, the three biggest risks with their evidence (dates, call ids), and concrete next steps for the rep.',
      ].join('\n'),
  },
  {
    name: 'watch_competitor',
    title: 'Watch a competitor',
    description: 'What the market says about one competitor: mention trends, win rates with and without it, and the newest quotes.',
    argsSchema: z.object({ competitor: arg('The competitor (a tracker name or phrase)') }),
    tools: ['competitor_trends', 'list_trackers', 'search_calls'],
    text: (a) =>
      [
        `Tell me what our calls say about the competitor "${a.competitor}".`,
        `1. Call list_trackers with q "${a.competitor}" to find the tracker that follows it.`,
        `2. Call competitor_trends for it: mentions per week, share of deals and calls, win rate with and without a mention, quotes.`,
        `3. Call search_calls with q "${a.competitor}" (speakerAffiliation External) for what customers say in their own words.`,
        'Answer with the trend, how deals that mention it go, and the objections to prepare for, citing calls.',
      ].join('\n'),
  },
  {
    name: 'coach_rep',
    title: 'Coach a rep',
    description: 'Coaching for one rep: scorecards, activity against the team, and calls to learn from.',
    argsSchema: z.object({ rep: arg('The rep: a Gong user id (whoami or list_calls show ids)') }),
    tools: ['rep_scorecard', 'scorecards', 'team_activity', 'library', 'search_calls'],
    text: (a) =>
      [
        `Coach the rep ${a.rep}.`,
        `1. Call rep_scorecard with userId ${a.rep}: figures against the team median and their weakest areas with passages.`,
        `2. Call scorecards with rep ${a.rep} for how reviewers scored their calls.`,
        '3. Call library for calls the company keeps as examples of those areas, and search_calls for the rep\'s own passages on them.',
        'Answer with two strengths, two things to work on (each with a call to listen to), and one exercise.',
      ].join('\n'),
  },
];
