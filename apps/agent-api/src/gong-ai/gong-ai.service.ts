import { AppError, ErrorCode, type Clock } from '@gong-connector/contracts';
import { GongError, type AiEntityQuery, type AnswerSection, type BriefSection, type GongClient } from '@gong-connector/gong-client';
import type { CrmEntityAccessRepository, GongAiCacheRepository, GongWriteRepository } from '@gong-connector/persistence';
import type { AskGongRequest, GongBriefRequest, ListBriefsRequest } from '../api/api-request.schemas.js';
import type { Principal } from '../auth/principal.js';
import { writeArgumentsDigest } from '../actions/write-arguments.digest.js';
import type { AgentApiMetrics } from '../metrics/agent-api.metrics.js';
import { estimateAiCredits } from './ai-credits.estimate.js';

type Json = Record<string, unknown>;
type AiTool = 'gong_brief' | 'ask_gong' | 'list_briefs';

export interface GongAiServiceOptions {
  /** AGENT_API_GONG_AI: off refuses every use. */
  enabled: boolean;
  /** AGENT_API_GONG_AI_CACHE_MS. */
  cacheMs: number;
}

interface Generated<T> {
  raw: T;
  generatedAt: number;
  requestId: string | null;
}


/**
 * Gong's own AI for one user: a brief (GET /v2/entities/get-brief), an answer about an entity
 * (GET /v2/entities/ask-entity), the brief names (GET /v2/settings/briefs). Live from Gong at
 * `interactive` priority through the quota broker, paid in Gong credits, so:
 * - off unless the deployment enables it (AGENT_API_GONG_AI); the `gong:ai` scope is the token's
 *   part (checked by the tool and REST grant before this service);
 * - only about an entity the user may see: an account or deal only when the user may see at least
 *   one of its calls, a contact only when the user may see a call the contact took part in (the
 *   narrower reading: Gong's answer is company-wide, built from every call and email of the entity);
 *   cited calls the user may not see are counted, never named;
 * - cached per entity, period, workspace and brief name (or question) for `cacheMs` in PostgreSQL
 *   (every replica, across restarts; an erasure clears it): a cache hit makes no Gong request and
 *   spends no credit; concurrent equal requests on a replica share one Gong request;
 * - every use counted (`agent_api_gong_ai_uses_total`) and every credit use (and cache hit)
 *   appended to the audit (gong_write_audit: who, acting for whom, tool, arguments digest, Gong
 *   request id, outcome, estimated credits).
 */
export class GongAiService {
  /** Requests under way on this replica, by cache key. */
  private readonly inFlight = new Map<string, Promise<Generated<unknown>>>();

  constructor(
    private readonly gong: () => Promise<GongClient>,
    private readonly entities: CrmEntityAccessRepository,
    private readonly store: GongAiCacheRepository,
    private readonly audit: GongWriteRepository,
    private readonly metrics: AgentApiMetrics,
    private readonly clock: Clock,
    private readonly options: GongAiServiceOptions,
  ) {}

  get enabled(): boolean {
    return this.options.enabled;
  }

  async listBriefs(principal: Principal, q: ListBriefsRequest): Promise<Json> {
    this.requireEnabled('list_briefs');
    this.requireUser(principal, 'list_briefs');
    let fresh = false;
    const { raw } = await this.cached(`list_briefs|${q.workspaceId ?? '*'}`, 'list_briefs', async (g) => {
      fresh = true;
      const briefs = await g.listBriefs(q.workspaceId);
      return { raw: briefs, requestId: null };
    }).catch((error: unknown) => this.failed('list_briefs', error));
    this.metrics.gongAiUses.inc({ tool: 'list_briefs', outcome: fresh ? 'gong' : 'cached' });
    return {
      briefs: raw.map((b) => ({
        briefId: b.briefId ?? null,
        briefName: b.briefName ?? null,
        workspaceId: b.workspaceId ?? null,
        description: b.description ?? null,
        published: b.status === 'Published',
        updated: b.updated ?? null,
      })),
    };
  }

  async brief(principal: Principal, input: GongBriefRequest): Promise<Json> {
    const { query, meta, args } = await this.prepare('gong_brief', principal, input);
    const key = `gong_brief|${JSON.stringify({ ...args, briefName: input.briefName.toLowerCase() })}`;
    const run = await this.generate('gong_brief', principal, key, args, meta, async (g) => {
      const r = await g.generateBrief({ ...query, briefName: input.briefName });
      return { raw: r, requestId: r.requestId ?? null };
    });
    const sections = run.raw.briefSections ?? [];
    const visible = await this.visibleOf(principal, sections.flatMap((s) => s.conversationFindings?.callFindings ?? []));
    return {
      ...run.answer,
      briefName: input.briefName,
      sections: sections.map((s: BriefSection) => ({
        title: s.title ?? null,
        type: s.briefSectionType ?? null,
        summary: s.sectionSummary ?? [],
        ...evidence(s.conversationFindings?.callFindings ?? [], s.conversationFindings?.emailFindings ?? [], visible),
        web: (s.webFindings ?? []).map((w) => ({ title: w.title ?? null, url: w.url ?? null })),
      })),
    };
  }

  async ask(principal: Principal, input: AskGongRequest): Promise<Json> {
    const { query, meta, args } = await this.prepare('ask_gong', principal, input);
    const key = `ask_gong|${JSON.stringify({ ...args, question: input.question.trim().replace(/\s+/g, ' ').toLowerCase() })}`;
    const run = await this.generate('ask_gong', principal, key, args, meta, async (g) => {
      const r = await g.askEntity({ ...query, question: input.question });
      return { raw: r, requestId: r.requestId ?? null };
    });
    const sections = run.raw.answer ?? [];
    const visible = await this.visibleOf(principal, sections.flatMap((s) => s.callFindings ?? []));
    return {
      ...run.answer,
      question: input.question,
      answer: sections.map((s: AnswerSection) => ({ items: s.answerItems ?? [], ...evidence(s.callFindings ?? [], s.emailFindings ?? [], visible) })),
    };
  }

  // ---- internals ----------------------------------------------------------------------------------

  private requireEnabled(tool: AiTool): void {
    if (this.options.enabled) return;
    this.metrics.gongAiUses.inc({ tool, outcome: 'refused' });
    throw new AppError(
      ErrorCode.ACCESS_DENIED,
      `${tool} is off in this deployment: Gong's AI is paid in Gong credits and is served only when the platform team sets AGENT_API_GONG_AI=true`,
    );
  }

  private requireUser(principal: Principal, tool: AiTool): NonNullable<Principal['user']> {
    if (principal.user) return principal.user;
    this.metrics.gongAiUses.inc({ tool, outcome: 'refused' });
    throw new AppError(ErrorCode.ACCESS_DENIED, `${tool} asks Gong for a known Gong user; this token's user (${principal.subject}) is not in the replica`);
  }

  /** The enabled check, the entity check (a user may ask only about an entity they may see a call of), the Gong query. */
  private async prepare(tool: 'gong_brief' | 'ask_gong', principal: Principal, input: GongBriefRequest | AskGongRequest) {
    this.requireEnabled(tool);
    this.requireUser(principal, tool);
    const seen = await this.entities.visibility(principal.filter, input.entityType, input.entityId, input.workspaceId);
    if (seen.visibleCalls === 0 || seen.workspaceId === null) {
      this.metrics.gongAiUses.inc({ tool, outcome: 'refused' });
      throw new AppError(
        ErrorCode.NOT_FOUND,
        `No ${input.entityType.toLowerCase()} ${input.entityId} with calls you may see${input.workspaceId ? ` in workspace ${input.workspaceId}` : ''}: ` +
          `Gong's AI answers only about accounts, deals and contacts you may see at least one call of in Gong`,
      );
    }
    const workspaceId = input.workspaceId ?? seen.workspaceId;
    const query: AiEntityQuery = {
      workspaceId,
      crmEntityType: input.entityType,
      crmEntityId: input.entityId,
      timePeriod: input.period,
      ...(input.period === 'CUSTOM_RANGE' ? { fromDateTime: input.from, toDateTime: input.to } : {}),
    };
    const args = { entityType: input.entityType, entityId: input.entityId, period: input.period, from: input.from ?? null, to: input.to ?? null, workspaceId };
    const meta = { entity: { type: input.entityType, id: input.entityId, name: seen.name }, workspaceId, period: input.period };
    return { query, meta, args };
  }

  /** A cached answer or one Gong request; counted and audited either way (failures too). */
  private async generate<T extends { numOfCallsSearched?: number | undefined; numOfEmailsSearched?: number | undefined }>(
    tool: 'gong_brief' | 'ask_gong',
    principal: Principal,
    key: string,
    args: Json,
    meta: Json,
    send: (g: GongClient) => Promise<{ raw: T; requestId: string | null }>,
  ): Promise<{ raw: T; answer: Json }> {
    const user = principal.user!;
    const digestArgs = { ...args, ...(tool === 'gong_brief' ? { brief: key } : { question: key }) };
    const line = {
      tokenId: principal.tokenId,
      tokenKind: principal.tokenKind,
      actingFor: user.id,
      tool,
      argsDigest: writeArgumentsDigest(tool, digestArgs),
      idempotencyKey: null,
    };
    const detail = { entity: `${String(args.entityType)}:${String(args.entityId)}`, period: args.period, workspaceId: args.workspaceId };
    let fresh = false;
    let result: Generated<T>;
    try {
      result = await this.cached(key, tool, async (g) => {
        fresh = true;
        return send(g);
      });
    } catch (error) {
      const mapped = this.toAppError(tool, error);
      const outcome = mapped.code === ErrorCode.GONG_CREDITS_EXHAUSTED ? 'out_of_credits' : 'failed';
      this.metrics.gongAiUses.inc({ tool, outcome });
      // Only a use that reached Gong is an AI-credit use worth a line (a quota-broker refusal sent nothing).
      if (error instanceof GongError) {
        await this.audit.append({
          ...line,
          at: new Date(this.clock.now()),
          outcome,
          gongRequestIds: error.requestId ? [error.requestId] : [],
          detail: { ...detail, creditsUsed: 0, error: { code: mapped.code, message: mapped.message } },
        });
      }
      throw mapped;
    }
    const calls = result.raw.numOfCallsSearched ?? null;
    const emails = result.raw.numOfEmailsSearched ?? null;
    const credits = fresh ? estimateAiCredits(calls, emails) : 0;
    this.metrics.gongAiUses.inc({ tool, outcome: fresh ? 'gong' : 'cached' });
    if (credits > 0) this.metrics.gongAiCredits.inc({ tool }, credits);
    await this.audit.append({
      ...line,
      at: new Date(this.clock.now()),
      outcome: fresh ? 'done' : 'cached',
      gongRequestIds: fresh && result.requestId ? [result.requestId] : [],
      detail: { ...detail, creditsUsed: credits, numOfCallsSearched: calls, numOfEmailsSearched: emails, ...(fresh ? {} : { cachedFrom: result.requestId }) },
    });
    return {
      raw: result.raw,
      answer: {
        ...meta,
        numOfCallsSearched: calls,
        numOfEmailsSearched: emails,
        cached: !fresh,
        generatedAt: new Date(result.generatedAt).toISOString(),
        gongRequestId: result.requestId,
        creditsEstimate: credits,
      },
    };
  }

  /**
   * The answer under `key` while fresh: from PostgreSQL (shared by every replica, the one place an
   * erasure clears), else one Gong request, stored for the others. Concurrent equal requests on this
   * replica share one lookup and one Gong request (the in-flight promise). Failures are not kept.
   */
  private cached<T>(key: string, tool: AiTool, send: (g: GongClient) => Promise<{ raw: T; requestId: string | null }>): Promise<Generated<T>> {
    const running = this.inFlight.get(key);
    if (running) return running as Promise<Generated<T>>;
    const value = (async (): Promise<Generated<T>> => {
      const now = this.clock.now();
      const shared = await this.store.get(key, new Date(now));
      if (shared && shared.tool === tool) return { raw: shared.response as T, requestId: shared.gongRequestId, generatedAt: shared.generatedAt.getTime() };
      const r = await send(await this.gong());
      const generatedAt = this.clock.now();
      // Kept for the next request; the answer is served even if PostgreSQL fails here.
      await this.store
        .put(key, { tool, response: r.raw, gongRequestId: r.requestId, generatedAt: new Date(generatedAt), expiresAt: new Date(generatedAt + this.options.cacheMs) }, new Date(generatedAt))
        .catch(() => undefined);
      return { raw: r.raw, requestId: r.requestId, generatedAt };
    })();
    this.inFlight.set(key, value);
    const done = (): void => {
      if (this.inFlight.get(key) === value) this.inFlight.delete(key);
    };
    value.then(done, done);
    return value;
  }

  private failed(tool: AiTool, error: unknown): never {
    const mapped = this.toAppError(tool, error);
    this.metrics.gongAiUses.inc({ tool, outcome: mapped.code === ErrorCode.GONG_CREDITS_EXHAUSTED ? 'out_of_credits' : 'failed' });
    throw mapped;
  }

  /** Gong's refusals as errors that say what to do (402: credits spent; 400/404: what Gong said). */
  private toAppError(tool: AiTool, error: unknown): AppError {
    if (!(error instanceof GongError)) return error instanceof AppError ? error : new AppError(ErrorCode.INTERNAL, `${tool} failed`);
    const said = error.details?.map((d) => d.message).join('; ') || error.message;
    if (error.status === 402) {
      return new AppError(ErrorCode.GONG_CREDITS_EXHAUSTED, `Gong refused ${tool}: the company's Gong AI credits are spent (402 Payment Required: ${said}). A Gong admin can add credits; cached answers are still served.`);
    }
    if (error.status === 404) return new AppError(ErrorCode.NOT_FOUND, `Gong found nothing for ${tool}: ${said} (list_briefs names the briefs)`);
    if (error.status === 401 || error.status === 403) {
      const scope = tool === 'ask_gong' ? 'api:ai-ask:read' : 'api:ai-briefer:read';
      return new AppError(ErrorCode.ACCESS_DENIED, `Gong refused ${tool} (${error.status}): the connector's Gong credentials need the scope ${scope} and the company Gong's AI features; ask a Gong admin (${said})`);
    }
    if (error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429) {
      return new AppError(ErrorCode.VALIDATION_FAILED, `Gong refused ${tool} (${error.status}): ${said}`);
    }
    return error;
  }

  private async visibleOf(principal: Principal, findings: readonly { call?: { id?: string | undefined } | undefined }[]): Promise<Set<string>> {
    const ids = [...new Set(findings.map((f) => f.call?.id).filter((id): id is string => typeof id === 'string'))];
    return this.entities.visibleCallIds(principal.filter, ids);
  }
}

/** Cited calls the user may see (the others counted), and how many emails are cited. */
function evidence(
  calls: readonly { call?: { id?: string | undefined; title?: string | undefined; started?: string | undefined; url?: string | undefined } | undefined }[],
  emails: readonly { emails?: readonly { id?: string | undefined; title?: string | undefined; sentDateTime?: string | undefined }[] | undefined }[],
  visible: ReadonlySet<string>,
): { calls: Json[]; hiddenCalls: number; emailsCited: number } {
  const shown = calls.filter((f) => f.call?.id !== undefined && visible.has(f.call.id));
  return {
    calls: shown.map((f) => ({ id: f.call!.id!, title: f.call!.title ?? null, started: f.call!.started ?? null, url: f.call!.url ?? null })),
    hiddenCalls: calls.length - shown.length,
    // Which emails a user may see in Gong is not replicated: counted, never named (the narrower reading).
    emailsCited: emails.flatMap((e) => e.emails ?? []).length,
  };
}
