import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Call } from '../company/company.model.js';
import { GongHttpError } from '../http/gong-http.error.js';
import { gongRoute } from '../http/gong-route.js';
import { gongId, isoDateTime, parseInput } from '../http/request.validation.js';
import type { SimContext } from '../sim/sim.context.js';
import { aiCreditCost, OUT_OF_CREDITS } from './ai-credits.js';

const DAY = 86_400_000;
/** ask-entity uses at most 60 calls (spec); get-brief is held to the same. */
const MAX_CALLS = 60;
/** Calls cited as evidence per section or answer item. */
const MAX_FINDINGS = 5;

const TIME_PERIODS = [
  'LAST_7DAYS', 'LAST_30DAYS', 'LAST_90DAYS', 'LAST_90_DAYS_SINCE_LAST_ACTIVITY', 'LAST_YEAR_SINCE_LAST_ACTIVITY', 'LAST_YEAR',
  'THIS_WEEK', 'THIS_MONTH', 'THIS_YEAR', 'THIS_QUARTER', 'CUSTOM_RANGE', 'ALL_CONVERSATIONS',
] as const;
type TimePeriod = (typeof TIME_PERIODS)[number];

/** The AI briefs every workspace of the sim has (Agent Studio > AI Briefer); the last is not published. */
const BRIEF_TEMPLATES = [
  { name: 'Account overview', description: 'Who we talk to at the account, what they care about, where things stand', published: true },
  { name: 'Deal review', description: 'Stage, risks, competition and next steps of a deal', published: true },
  { name: 'Pre-call prep', description: 'What to know before the next meeting (draft)', published: false },
] as const;

const PHASE_TOPIC: Record<Call['phase'], string> = {
  discovery: 'discovery of needs and pains',
  demo: 'a product demo',
  pricing: 'pricing and packaging',
  security: 'security and compliance review',
  'follow-up': 'follow-up on open items',
  internal: 'internal deal strategy',
};

const EntityQuery = z.object({
  workspaceId: gongId,
  crmEntityType: z.enum(['ACCOUNT', 'CONTACT', 'DEAL', 'LEAD']),
  crmEntityId: z.string().min(1, 'is required'),
  timePeriod: z.enum(TIME_PERIODS),
  fromDateTime: isoDateTime.optional(),
  toDateTime: isoDateTime.optional(),
});

/**
 * Gong's AI content, simulated: GET /v2/settings/briefs, GET /v2/entities/get-brief and GET
 * /v2/entities/ask-entity. Text is deterministic, built from the entity's calls in the period (an
 * account's or deal's calls by their CRM context, a contact's by the calls they took part in; the
 * sim has no emails and no leads). Each generating request spends AI credits (see AiCreditBalance);
 * an empty balance answers 402 Payment Required.
 */
export function registerAiEntitiesRoutes(app: FastifyInstance, ctx: SimContext): void {
  const briefsOf = (workspaceId: string) =>
    BRIEF_TEMPLATES.map((t) => ({ ...t, id: numericId(`${ctx.settings.seed}:brief:${workspaceId}:${t.name}`), workspaceId }));

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/settings/briefs',
    scope: 'api:ai-briefer:read',
    handler: (req) => {
      const { workspaceId } = parseInput(z.object({ workspaceId: z.string().optional() }), req.query, 'query');
      const given = workspaceId !== undefined && workspaceId !== '';
      if (given && !ctx.store.workspace(workspaceId)) throw GongHttpError.notFound('Workspace not found');
      const workspaces = given ? [workspaceId] : ctx.store.data.workspaces.map((w) => w.id);
      const creator = ctx.store.data.users.find((u) => u.active && !u.isAvatar);
      const created = ctx.time.format(Date.parse('2026-01-05T16:00:00Z'));
      return {
        briefs: workspaces.flatMap(briefsOf).map((b) => ({
          briefId: b.id,
          briefName: b.name,
          workspaceId: b.workspaceId,
          description: b.description,
          status: b.published ? 'Published' : 'Not published',
          creator: creator ? `${creator.firstName} ${creator.lastName}` : 'Gong',
          creatorUserId: creator?.id ?? '',
          created,
          updated: created,
        })),
      };
    },
  });

  /** The entity, its name and its calls in the period (newest first, at most MAX_CALLS), or Gong's 4xx. */
  const resolve = (query: unknown, extra: z.ZodRawShape) => {
    const q = parseInput(EntityQuery.extend(extra), query, 'query') as z.output<typeof EntityQuery> & Record<string, string>;
    if (q.timePeriod === 'CUSTOM_RANGE' && q.fromDateTime === undefined) throw GongHttpError.badRequest('fromDateTime: is required when timePeriod is CUSTOM_RANGE');
    if (!ctx.store.workspace(q.workspaceId)) throw GongHttpError.notFound('Workspace not found');
    const entity = entityOf(ctx, q.crmEntityType, q.crmEntityId);
    if (!entity) throw GongHttpError.notFound(`No ${q.crmEntityType.toLowerCase()} with CRM id ${q.crmEntityId} was found`);
    const now = ctx.clock.now();
    const all = ctx.store.data.calls.filter((c) => c.workspaceId === q.workspaceId && c.completedAt <= now && entity.has(c));
    const [from, to] = periodOf(q.timePeriod, now, all, q.fromDateTime, q.toDateTime);
    const calls = all.filter((c) => c.started >= from && c.started < to).sort((a, b) => b.started - a.started || (a.id < b.id ? 1 : -1)).slice(0, MAX_CALLS);
    return { q, entity, calls };
  };

  const charge = (calls: number): void => {
    if (!ctx.aiCredits.trySpend(aiCreditCost(calls, 0))) throw new GongHttpError(402, [OUT_OF_CREDITS]);
  };

  const callInfo = (c: Call) => ({ call: { id: c.id, title: c.title, started: ctx.time.format(c.started), url: `https://app.gong.io/call?id=${c.id}` } });
  const day = (ms: number) => ctx.time.format(ms).slice(0, 10);
  const hostName = (c: Call) => {
    const u = ctx.store.user(c.primaryUserId);
    return u ? `${u.firstName} ${u.lastName}` : 'a rep';
  };

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/entities/get-brief',
    scope: 'api:ai-briefer:read',
    handler: (req) => {
      const { q, entity, calls } = resolve(req.query, { briefName: z.string().min(1, 'is required') });
      const brief = briefsOf(q.workspaceId).find((b) => b.name.toLowerCase() === q.briefName.toLowerCase());
      if (!brief) throw GongHttpError.notFound(`Brief "${q.briefName}" was not found in workspace ${q.workspaceId}`);
      if (!brief.published) throw GongHttpError.badRequest(`Brief "${brief.name}" is not published`);
      charge(calls.length);
      const latest = calls[0];
      const findings = calls.slice(0, MAX_FINDINGS).map(callInfo);
      const phases = countBy(calls.map((c) => c.phase));
      const competitors = countBy(calls.map((c) => c.competitor).filter((x) => x !== ''));
      const sections = [
        {
          title: 'Overview',
          briefSectionType: 'Conversations',
          sectionSummary: latest
            ? [
                `${calls.length} call${calls.length === 1 ? '' : 's'} with ${entity.name} from ${day(calls[calls.length - 1]!.started)} to ${day(latest.started)}.`,
                `The most recent, "${latest.title}" on ${day(latest.started)}, was hosted by ${hostName(latest)}.`,
              ]
            : [`No calls with ${entity.name} in this period.`],
          conversationFindings: { callFindings: findings, emailFindings: [] },
        },
        {
          title: 'Topics discussed',
          briefSectionType: 'Conversations',
          sectionSummary: [...phases].map(([phase, n]) => `${PHASE_TOPIC[phase as Call['phase']] ?? phase}: ${n} call${n === 1 ? '' : 's'}.`),
          conversationFindings: { callFindings: findings, emailFindings: [] },
        },
        {
          title: brief.name === 'Deal review' ? 'Risks and competition' : 'Competition',
          briefSectionType: 'Conversations',
          sectionSummary: competitors.size > 0 ? [...competitors].map(([name, n]) => `${name} came up on ${n} call${n === 1 ? '' : 's'}.`) : ['No competitor came up.'],
          conversationFindings: { callFindings: calls.filter((c) => c.competitor !== '').slice(0, MAX_FINDINGS).map(callInfo), emailFindings: [] },
        },
        { title: 'CRM', briefSectionType: 'CrmOrGongData', sectionSummary: entity.crmFacts, conversationFindings: { callFindings: [], emailFindings: [] } },
      ];
      return { numOfCallsSearched: calls.length, numOfEmailsSearched: 0, briefSections: sections };
    },
  });

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/entities/ask-entity',
    scope: 'api:ai-ask:read',
    handler: (req) => {
      const { q, entity, calls } = resolve(req.query, { question: z.string().min(1, 'is required') });
      charge(calls.length);
      const words = [...new Set(q.question.toLowerCase().match(/[a-z]{4,}/g) ?? [])];
      const matches = calls.filter((c) => words.some((w) => c.title.toLowerCase().includes(w) || PHASE_TOPIC[c.phase].includes(w) || c.competitor.toLowerCase().includes(w)));
      const answer = [
        {
          answerItems: [`Asked about ${entity.name}: "${q.question}". ${calls.length} call${calls.length === 1 ? ' was' : 's were'} searched and no emails.`],
          callFindings: [],
          emailFindings: [],
        },
        matches.length > 0
          ? {
              answerItems: matches.slice(0, MAX_FINDINGS).map((c) => `"${c.title}" on ${day(c.started)} (${hostName(c)}) was about ${PHASE_TOPIC[c.phase]}${c.competitor ? `; ${c.competitor} came up` : ''}.`),
              callFindings: matches.slice(0, MAX_FINDINGS).map(callInfo),
              emailFindings: [],
            }
          : {
              answerItems: [calls[0] ? `None of these calls speaks to that directly; the latest, "${calls[0].title}" on ${day(calls[0].started)}, was about ${PHASE_TOPIC[calls[0].phase]}.` : 'There are no calls to answer from in this period.'],
              callFindings: calls.slice(0, 1).map(callInfo),
              emailFindings: [],
            },
      ];
      return { numOfCallsSearched: calls.length, numOfEmailsSearched: 0, answer };
    },
  });
}

interface AiEntity {
  name: string;
  crmFacts: string[];
  has(call: Call): boolean;
}

function entityOf(ctx: SimContext, type: string, crmId: string): AiEntity | undefined {
  switch (type) {
    case 'ACCOUNT': {
      const a = ctx.store.account(crmId);
      return a && { name: a.name, crmFacts: [`${a.name}: ${a.industry}, about ${a.employees} employees, ${a.website}.`], has: (c) => c.hasCrmContext && c.accountCrmId === crmId };
    }
    case 'DEAL': {
      const o = ctx.store.opportunity(crmId);
      return o && { name: o.name, crmFacts: [`${o.name}: stage ${o.stage}, amount ${o.amount}, closing ${o.closeDate}.`], has: (c) => c.hasCrmContext && c.opportunityCrmId === crmId };
    }
    case 'CONTACT': {
      const p = ctx.store.contact(crmId);
      return p && { name: `${p.firstName} ${p.lastName}`, crmFacts: [`${p.firstName} ${p.lastName}, ${p.title}.`], has: (c) => c.parties.some((x) => x.contactCrmId === crmId) };
    }
    default:
      return undefined; // the sim's CRM has no leads
  }
}

/** [from, to) of a time period at `now` (UTC calendar periods; "since last activity" counts back from the entity's last call). */
function periodOf(period: TimePeriod, now: number, calls: readonly Call[], from?: number, to?: number): [number, number] {
  const d = new Date(now);
  const last = calls.reduce((m, c) => Math.max(m, c.started), 0);
  switch (period) {
    case 'LAST_7DAYS': return [now - 7 * DAY, now + 1];
    case 'LAST_30DAYS': return [now - 30 * DAY, now + 1];
    case 'LAST_90DAYS': return [now - 90 * DAY, now + 1];
    case 'LAST_YEAR': return [now - 365 * DAY, now + 1];
    case 'LAST_90_DAYS_SINCE_LAST_ACTIVITY': return [last - 90 * DAY, last + 1];
    case 'LAST_YEAR_SINCE_LAST_ACTIVITY': return [last - 365 * DAY, last + 1];
    case 'THIS_WEEK': return [Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)), now + 1];
    case 'THIS_MONTH': return [Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), now + 1];
    case 'THIS_QUARTER': return [Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % 3), 1), now + 1];
    case 'THIS_YEAR': return [Date.UTC(d.getUTCFullYear(), 0, 1), now + 1];
    case 'CUSTOM_RANGE': return [from ?? 0, to ?? now + 1];
    case 'ALL_CONVERSATIONS': return [0, Number.MAX_SAFE_INTEGER];
  }
}

function countBy(values: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return new Map([...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

/** A stable 19-digit id. */
function numericId(key: string): string {
  const n = BigInt(`0x${createHash('sha256').update(key).digest('hex').slice(0, 15)}`);
  return String(1_000_000_000_000_000_000n + (n % 8_000_000_000_000_000_000n));
}
