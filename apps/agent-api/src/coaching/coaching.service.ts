import { domainAudienceCovers, type Clock, type DomainName, AppError, ErrorCode } from '@gong-connector/contracts';
import {
  INTERACTION_STATS,
  type ActivityCounts,
  type ActivityTotalsRecord,
  type CoachingTeamRepository,
  type DirectoryRepository,
  type InteractionAveragesRecord,
  type InteractionFigures,
  type QuestionAverageRecord,
  type ScorecardRepository,
  type UserRecord,
  type UserStatsRepository,
} from '@gong-connector/persistence';
import { ApiRequestSchemas, type RepCoachingRequest, type TeamActivityRequest } from '../api/api-request.schemas.js';
import { domainsOf, type Principal } from '../auth/principal.js';
import { accessFilterKey, KeptAnswers } from '../cache/kept-answers.js';
import type { PassageSearchService, PassageView } from '../search/passage-search.service.js';
import { median } from './median.js';

/** What was left out of an answer because of the asking user's Gong permissions: the domain, how many items, and why. */
export interface WithheldView {
  domain: DomainName | 'callsAccess' | 'libraryFolderAccess';
  count: number;
  reason: string;
}

export interface FigureView {
  /** The rep's value over the period (null: no data). */
  value: number | null;
  /** The median of the manager's reports the asking user may see (the rep included), null when none has data. */
  teamMedian: number | null;
  /** The rep's value over the period of the same length just before. */
  previous: number | null;
}

export interface QuestionView extends FigureView {
  scorecardId: string;
  questionId: string;
  question: string | null;
  isOverall: boolean;
  answers: number;
}

export interface RepCoachingView {
  user: { id: string; name: string; email: string | null; title: string | null; managerId: string | null };
  period: { from: string; to: string; previousFrom: string };
  /** How many of the manager's reports the team medians are taken over (only those the asking user may see). */
  teamSize: number;
  activity: Record<string, FigureView> | null;
  interaction: Record<string, FigureView> | null;
  scorecards: QuestionView[] | null;
  /** The two weakest questions (lowest against the team median) and passages of the rep's calls that show them. */
  weakest: Array<{ questionId: string; question: string | null; value: number | null; teamMedian: number | null; passages: PassageView[] }>;
  withheld: WithheldView[];
}

export interface TeamActivityRow {
  userId: string;
  name: string;
  activity: ActivityCounts | null;
  interaction: InteractionFigures | null;
}

export interface TeamActivityView {
  manager: { id: string; name: string };
  period: { from: string; to: string };
  sort: string;
  reps: TeamActivityRow[];
  nextCursor: string | null;
  withheld: WithheldView[];
}

/** Every peer's figures over a period and the one before (users without data absent), unfiltered. */
interface TeamFigures {
  activity: ActivityTotalsRecord[];
  previousActivity: ActivityTotalsRecord[];
  interaction: InteractionAveragesRecord[];
  previousInteraction: InteractionAveragesRecord[];
  /** Scorecard averages over the scorecards the viewer may see by their visibilityType. */
  questions: QuestionAverageRecord[];
  previousQuestions: QuestionAverageRecord[];
  /** The rep's answered scorecards of the period the viewer may not see by their visibilityType. */
  repScorecardsNotShared: number;
}

export interface CoachingCacheOptions {
  /** Teams' figures kept (per team, period and coaching data version). */
  teams?: number;
  /** Weak-area passage answers kept (per asking user's filter, rep, question, period and search data version; two per answer, a few KB each). */
  passages?: number;
  /** Cache passages: only when the index is PostgreSQL, whose writes bump the search data version. */
  cachePassages?: boolean;
}

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (d: string) => Date.parse(`${d}T00:00:00.000Z`);
const nameOf = (u: UserRecord) => [u.firstName, u.lastName].filter(Boolean).join(' ') || u.email || u.id;

/** `[from, to)` in days: `to` exclusive; defaults to the 30 days before today (UTC). */
export function coachingPeriod(clock: Clock, r: { from?: string | undefined; to?: string | undefined }): { from: string; to: string; previousFrom: string } {
  const to = r.to ?? day(clock.now() + DAY_MS);
  const from = r.from ?? day(dayMs(to) - 30 * DAY_MS);
  if (dayMs(from) >= dayMs(to)) throw new AppError(ErrorCode.VALIDATION_FAILED, `from (${from}) must be before to (${to}, exclusive)`, { details: [{ path: 'from', message: 'must be before to' }] });
  return { from, to, previousFrom: day(dayMs(from) - (dayMs(to) - dayMs(from))) };
}

/**
 * Coaching answers from the replica (0 Gong requests): a rep's activity, interaction stats and
 * scorecard averages beside their team's median and their own previous period, and a manager's
 * team activity. Every domain is filtered by the asking user's Gong permissions: activity and
 * interaction stats by `insightsAccess`, scorecards by `coachingAccess`, passages by
 * `callsAccess` (the search filter); what is left out is counted in `withheld`, never shown.
 */
export class CoachingService {
  private readonly teamCache: KeptAnswers<TeamFigures>;
  private readonly passageCache: KeptAnswers<PassageView[]>;

  constructor(
    private readonly directory: DirectoryRepository,
    private readonly team: CoachingTeamRepository,
    private readonly stats: UserStatsRepository,
    private readonly scorecards: ScorecardRepository,
    private readonly passages: PassageSearchService,
    private readonly clock: Clock,
    options: CoachingCacheOptions = {},
  ) {
    this.teamCache = new KeptAnswers(options.teams ?? 1000);
    this.passageCache = new KeptAnswers(options.passages ?? 2000);
    this.cachePassages = options.cachePassages ?? false;
  }

  private readonly cachePassages: boolean;

  async repCoaching(principal: Principal, r: RepCoachingRequest): Promise<RepCoachingView> {
    const team = await this.team.repTeam(r.userId);
    if (!team) throw new AppError(ErrorCode.NOT_FOUND, `No user ${r.userId} in the replica: check the id (GET /v1/me shows yours)`);
    const { rep, peers, versions } = team;
    const period = coachingPeriod(this.clock, r);
    const access = domainsOf(principal);
    const insights = domainAudienceCovers(access.domains.insightsAccess, rep.id);
    const coaching = domainAudienceCovers(access.domains.coachingAccess, rep.id);
    const withheld: WithheldView[] = [];
    if (!insights && !coaching) {
      throw new AppError(ErrorCode.ACCESS_DENIED, `Your Gong permission profile covers neither the insights nor the coaching data of user ${rep.id} (insightsAccess, coachingAccess).`);
    }
    const visible = (domain: DomainName) => peers.filter((u) => domainAudienceCovers(access.domains[domain], u.id)).map((u) => u.id);
    const insightPeers = visible('insightsAccess');
    const coachingPeers = visible('coachingAccess');
    const hiddenPeers = (domain: DomainName, shown: string[]) => {
      const n = peers.length - shown.length;
      if (n > 0) withheld.push({ domain, count: n, reason: `${n} of the manager's reports are outside your ${domain} level: left out of the team median` });
    };
    // Every peer's figures (cached per team, period and coaching data version), then only those the
    // asking user may see: the cache holds the team, the answer is filtered per asker below.
    const figures = await this.teamFigures(rep, peers, period, versions.coaching, principal.user?.id ?? null);

    let activity: RepCoachingView['activity'] = null;
    let interaction: RepCoachingView['interaction'] = null;
    if (insights) {
      hiddenPeers('insightsAccess', insightPeers);
      const shown = new Set(insightPeers);
      const teamActivity = figures.activity.filter((t) => shown.has(t.userId));
      const now = figures.activity.find((t) => t.userId === rep.id);
      const before = figures.previousActivity.find((t) => t.userId === rep.id);
      activity = {};
      for (const counter of Object.keys(now?.counts ?? teamActivity[0]?.counts ?? {}) as Array<keyof ActivityCounts>) {
        activity[counter] = {
          value: now?.counts[counter] ?? null,
          teamMedian: median(teamActivity.map((t) => t.counts[counter])),
          previous: before?.counts[counter] ?? null,
        };
      }
      interaction = {};
      const teamInteraction = figures.interaction.filter((t) => shown.has(t.userId));
      const mine = teamInteraction.find((t) => t.userId === rep.id);
      const prevInteraction = figures.previousInteraction.find((t) => t.userId === rep.id);
      for (const figure of Object.keys(INTERACTION_STATS) as Array<keyof InteractionFigures>) {
        interaction[figure] = {
          value: mine?.figures[figure] ?? null,
          teamMedian: median(teamInteraction.map((t) => t.figures[figure])),
          previous: prevInteraction?.figures[figure] ?? null,
        };
      }
    } else {
      withheld.push({ domain: 'insightsAccess', count: 2, reason: `activity and interaction stats of user ${rep.id}: outside your insightsAccess level` });
    }

    let questions: QuestionView[] | null = null;
    const weakest: RepCoachingView['weakest'] = [];
    if (coaching) {
      hiddenPeers('coachingAccess', coachingPeers);
      const shown = new Set(coachingPeers);
      // Each scorecard's own visibility (PRIVATE: its reviewer only, ...) decides too, the team's
      // included: the team figures were read for this viewer (see teamFigures).
      const team = figures.questions.filter((q) => shown.has(q.userId));
      const previous = figures.previousQuestions.filter((q) => q.userId === rep.id);
      const notShared = figures.repScorecardsNotShared;
      if (notShared > 0) withheld.push({ domain: 'coachingAccess', count: notShared, reason: `answered scorecards of user ${rep.id} whose visibility (private, managers only, opt-in users) does not include you` });
      const key = (q: QuestionAverageRecord) => `${q.scorecardId}/${q.questionId}`;
      const byQuestion = new Map<string, QuestionAverageRecord[]>();
      for (const q of team) byQuestion.set(key(q), [...(byQuestion.get(key(q)) ?? []), q]);
      questions = team
        .filter((q) => q.userId === rep.id)
        .map((q) => ({
          scorecardId: q.scorecardId,
          questionId: q.questionId,
          question: q.questionText,
          isOverall: q.isOverall,
          answers: q.answers,
          value: q.average,
          teamMedian: median((byQuestion.get(key(q)) ?? []).map((t) => t.average)),
          previous: previous.find((p) => key(p) === key(q))?.average ?? null,
        }));
      const ranked = questions.filter((q) => !q.isOverall && q.value !== null).sort((a, b) => (a.value! - (a.teamMedian ?? a.value!)) - (b.value! - (b.teamMedian ?? b.value!)) || a.value! - b.value!);
      const found = await Promise.all(ranked.slice(0, 2).map((q) => this.weakAreaPassages(principal, rep, q, period, r.passages, versions.search)));
      ranked.slice(0, 2).forEach((q, i) => weakest.push({ questionId: q.questionId, question: q.question, value: q.value, teamMedian: q.teamMedian, passages: found[i]! }));
    } else {
      withheld.push({ domain: 'coachingAccess', count: 1, reason: `scorecards of user ${rep.id}: outside your coachingAccess level (or coaching pages are off in your profile)` });
    }

    return {
      user: { id: rep.id, name: nameOf(rep), email: rep.email, title: rep.title, managerId: rep.managerId },
      period,
      teamSize: Math.max(insights ? insightPeers.length : 0, coaching ? coachingPeers.length : 0),
      activity,
      interaction,
      scorecards: questions,
      weakest,
      withheld,
    };
  }

  /**
   * Every peer's activity, interaction and scorecard figures over the period and the one before
   * (users without data absent), read in parallel and cached per team, period and coaching data
   * version: a sync that stores stats or scorecards bumps the version, so the next answer reads
   * afresh. Not filtered by peer: callers keep only the peers the asking user may see. Scorecards
   * also depend on the viewer (their visibilityType), so they are read for `visibleTo` and the key
   * names the viewer.
   */
  private teamFigures(rep: UserRecord, peers: readonly UserRecord[], period: { from: string; to: string; previousFrom: string }, version: string, visibleTo: string | null): Promise<TeamFigures> {
    const ids = peers.map((u) => u.id);
    const key = [rep.managerId ?? `-${rep.id}`, ids.join(','), period.previousFrom, period.from, period.to, version, visibleTo ?? '-'].join('|');
    const iso = (d: string) => `${d}T00:00:00.000Z`;
    // Three reads in parallel, each over both periods at once.
    return this.teamCache.get(key, () => Promise.all([
      this.stats.activityTotalsSplit({ userIds: ids, from: period.previousFrom, to: period.to }, period.from),
      this.stats.interactionAveragesSplit({ userIds: ids, from: period.previousFrom, to: period.to }, period.from),
      this.scorecards.questionAveragesSplit({ reviewedUserIds: ids, callFrom: iso(period.previousFrom), callTo: iso(period.to), visibleTo }, iso(period.from)),
      this.scorecards.countHidden({ reviewedUserIds: [rep.id], callFrom: iso(period.from), callTo: iso(period.to), visibleTo }),
    ]).then(([activity, interaction, questions, repScorecardsNotShared]) => ({
      activity: activity.current,
      previousActivity: activity.previous,
      interaction: interaction.current,
      previousInteraction: interaction.previous,
      questions: questions.current,
      previousQuestions: questions.previous,
      repScorecardsNotShared,
    })));
  }

  /**
   * Passages of the rep's calls about a weak question (the asking user's call filter applied inside
   * the search), cached per asking user's filter, rep, question, period and search data version when
   * the index is the PostgreSQL one (whose writes bump that version); Elasticsearch is asked each time.
   */
  private weakAreaPassages(principal: Principal, rep: UserRecord, q: QuestionView, period: { from: string; to: string }, limit: number, version: string): Promise<PassageView[]> {
    if (limit <= 0 || !q.question) return Promise.resolve([]);
    const search = ApiRequestSchemas.search.parse({ q: q.question, from: period.from, to: period.to, limit, facets: 0, ...(rep.email ? { speakerEmail: rep.email } : {}) });
    const ask = () => this.passages.search(principal.filter, search, { explain: false }).then((found) => found.passages);
    if (!this.cachePassages) return ask();
    const key = [accessFilterKey(principal.filter), rep.id, rep.email ?? '', q.scorecardId, q.questionId, q.question, period.from, period.to, limit, version].join('|');
    return this.passageCache.get(key, ask);
  }

  async teamActivity(principal: Principal, r: TeamActivityRequest): Promise<TeamActivityView> {
    const manager = await this.directory.getUser(r.managerId);
    if (!manager) throw new AppError(ErrorCode.NOT_FOUND, `No user ${r.managerId} in the replica: check the manager's id`);
    const period = coachingPeriod(this.clock, r);
    const access = domainsOf(principal);
    const reports = await this.directory.listReports(manager.id);
    const shown = reports.filter((u) => domainAudienceCovers(access.domains.insightsAccess, u.id));
    const withheld: WithheldView[] = [];
    if (shown.length < reports.length) {
      withheld.push({ domain: 'insightsAccess', count: reports.length - shown.length, reason: `reports of ${manager.id} outside your insightsAccess level` });
    }
    const ids = shown.map((u) => u.id);
    const [activity, interaction] = ids.length === 0 ? [[], []] : await Promise.all([
      this.stats.activityTotals({ userIds: ids, from: period.from, to: period.to }),
      this.stats.interactionAverages({ userIds: ids, from: period.from, to: period.to }),
    ]);
    const rows: TeamActivityRow[] = shown.map((u) => ({
      userId: u.id,
      name: nameOf(u),
      activity: activity.find((a) => a.userId === u.id)?.counts ?? null,
      interaction: interaction.find((i) => i.userId === u.id)?.figures ?? null,
    }));
    const valueOf = (row: TeamActivityRow): number | null =>
      r.sort in INTERACTION_STATS ? (row.interaction?.[r.sort as keyof InteractionFigures] ?? null) : (row.activity?.[r.sort as keyof ActivityCounts] ?? null);
    const sign = r.order === 'asc' ? 1 : -1;
    rows.sort((a, b) => {
      const va = valueOf(a);
      const vb = valueOf(b);
      if (va === null || vb === null) return va === vb ? a.userId.localeCompare(b.userId) : va === null ? 1 : -1;
      return sign * (va - vb) || a.userId.localeCompare(b.userId);
    });
    const offset = r.cursor ? Number(r.cursor) : 0;
    const page = rows.slice(offset, offset + r.limit);
    return {
      manager: { id: manager.id, name: nameOf(manager) },
      period: { from: period.from, to: period.to },
      sort: `${r.sort} ${r.order}`,
      reps: page,
      nextCursor: offset + r.limit < rows.length ? String(offset + r.limit) : null,
      withheld,
    };
  }
}
