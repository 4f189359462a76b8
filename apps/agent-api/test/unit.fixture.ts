import { AccessFilterSchema, AppError, denyAllDomainAccess, PRIVATE_CALLS_RULE, type AccessFilter, type UserDomainAccess } from '@gong-connector/contracts';
import { MetricsRegistry } from '@gong-connector/platform';
import type { CallQueryRepository, CallReadRepository, ResolvedAccountRow } from '@gong-connector/persistence';
import type { SearchHit, SearchIndex, SearchResult } from '@gong-connector/search';
import { strictFake } from '@gong-connector/testing';
import { AccountResearchService } from '../src/accounts/account-research.service.js';
import { AccountResolver } from '../src/accounts/account.resolver.js';
import { DateRangeResolver } from '../src/dates/date-range.resolver.js';
import type { Principal } from '../src/auth/principal.js';
import { CallsService } from '../src/calls/calls.service.js';
import type { LiveCallSource } from '../src/calls/live-call.source.js';
import { AgentApiMetrics } from '../src/metrics/agent-api.metrics.js';
import { PassageSearchService } from '../src/search/passage-search.service.js';
import { USERS, WORKSPACE, acme } from './agent-api.fixture.js';

/** Plain data and in-process objects for unit specs (the I/O edges are faked with `strictFake`). */

/** An access filter, validated like the ones the access service sends. */
export function accessFilter(over: Partial<AccessFilter> = {}): AccessFilter {
  return AccessFilterSchema.parse({
    version: 1,
    userId: USERS.manager.id,
    ownUserId: USERS.manager.id,
    allWorkspaceIds: [],
    hostUserIdsByWorkspace: [],
    grantedCallIds: [],
    privateCalls: PRIVATE_CALLS_RULE,
    ...over,
  });
}

/** Sees every non-private call of the workspace (and their own). */
export const managerFilter = accessFilter({ allWorkspaceIds: [WORKSPACE] });
/** Sees their own calls only. */
export const ownFilter = (userId: string): AccessFilter => accessFilter({ userId, ownUserId: userId });

export function principal(user: (typeof USERS)[keyof typeof USERS], filter: AccessFilter, domains: UserDomainAccess = ownDomains(user.id)): Principal {
  return {
    domains,
    tokenId: '00000000-0000-4000-8000-000000000001',
    tokenKind: 'user',
    user: { id: user.id, email: user.email, name: `${user.firstName} ${user.lastName}`, title: 'Account Executive', active: true },
    subject: user.email,
    filter,
    dataAsOf: '2026-01-15T12:00:00.000Z',
  };
}

/** Every boolean granted, and each domain's own data only (a rep's profile with every page on). */
export function ownDomains(userId: string): UserDomainAccess {
  const deny = denyAllDomainAccess();
  const own = { everyone: false, userIds: [userId] };
  return {
    flags: Object.fromEntries(Object.keys(deny.flags).map((k) => [k, true])) as UserDomainAccess['flags'],
    domains: Object.fromEntries(Object.keys(deny.domains).map((k) => [k, own])) as UserDomainAccess['domains'],
    library: deny.library,
  };
}

/** The service's metrics on a registry of their own (no process metrics). */
export function newMetrics(): { metrics: AgentApiMetrics; registry: MetricsRegistry } {
  const registry = new MetricsRegistry({ service: 'agent-api-unit', defaultMetrics: false });
  return { metrics: new AgentApiMetrics(registry), registry };
}

/** The value of a counter with these labels (0 when never incremented). */
export async function counterValue(registry: MetricsRegistry, name: string, labels: Record<string, string>): Promise<number> {
  const metric = registry.registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const found = values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value));
  return found?.value ?? 0;
}

/** A search hit as an index adapter answers it: `text` said by the host of `callId` at `startMs`. */
export function searchHit(callId: string, index: number, text: string, startMs = index * 4000): SearchHit {
  return {
    chunkId: `${callId}:${index}:0`,
    callId,
    score: 1 / (index + 1),
    highlight: `«${text}»`,
    chunk: {
      id: `${callId}:${index}:0`,
      callId,
      section: 'transcript',
      text: `[SPEAKER: Alice Rep (Internal, Account Executive)]\n${text}`,
      body: text,
      speakerLine: '[SPEAKER: Alice Rep (Internal, Account Executive)]',
      tokenCount: 12,
      sentenceCount: 1,
      startMs,
      endMs: startMs + 4000,
      speaker: { speakerId: '1', known: true, label: 'Alice Rep', name: 'Alice Rep', email: USERS.alice.email, title: 'Account Executive', affiliation: 'Internal', userId: USERS.alice.id },
      topic: 'Pricing',
      trackers: [],
      position: { monologueIndex: index, part: 0, partCount: 1, chunkIndex: index, chunkCount: index + 1, callFraction: 0 },
    },
    call: { callId, title: 'Acme discovery', started: '2026-01-05T15:00:00.000Z', durationSeconds: 1800, workspaceId: WORKSPACE, hostUserId: USERS.alice.id, accounts: [{ id: acme.id, name: acme.name }] },
  };
}

export function searchResult(hits: SearchHit[], over: Partial<SearchResult> = {}): SearchResult {
  return { hits, total: hits.length, totalRelation: 'eq', totalCalls: new Set(hits.map((h) => h.callId)).size, facets: { accounts: [], speakers: [], trackers: [], sections: [] }, nextCursor: null, ...over };
}

/** An account as `CallQueryRepository.resolveAccounts` answers it. */
export function resolvedAccount(id: string, name: string, over: Partial<ResolvedAccountRow> = {}): ResolvedAccountRow {
  return { id, name, memberIds: [id], domains: [], matchedBy: 'id', callCount: 1, lastCallAt: '2026-01-08T15:00:00.000Z', ...over };
}

/** The I/O edges the agent API's services stand on; each is a strict fake answering only what a spec sets up. */
export interface TestIo {
  calls?: Partial<CallReadRepository>;
  queries?: Partial<CallQueryRepository>;
  index?: Partial<SearchIndex>;
  /** null: no live fallback configured. */
  live?: Partial<LiveCallSource> | null;
  liveFallback?: boolean;
  /** The company time zone (default UTC). */
  timeZone?: string;
  /** What the clock says (default 2026-01-15T12:00:00.000Z). */
  now?: string;
}

/**
 * The agent API's read services built over strict fakes of their I/O edges (in the style of
 * immich's `newTestService`): the services are the real ones, only repositories, the search index
 * and the live source are fakes, and a call a spec did not set up fails the spec.
 */
export function newTestServices(io: TestIo = {}) {
  const { metrics, registry } = newMetrics();
  const index = strictFake<SearchIndex>('SearchIndex', io.index);
  const calls = strictFake<CallReadRepository>('CallReadRepository', io.calls);
  // A fresh accounts version at every read (unless a spec sets one): no resolution is reused across requests.
  let accountsVersion = 0;
  const queries = strictFake<CallQueryRepository>('CallQueryRepository', { accountsVersion: async () => String(++accountsVersion), ...io.queries });
  const live = io.live === null ? null : strictFake<LiveCallSource>('LiveCallSource', io.live ?? {});
  const dates = new DateRangeResolver(io.timeZone ?? 'UTC');
  const resolver = new AccountResolver(queries);
  const search = new PassageSearchService(index, queries, dates, resolver);
  const clock = { now: () => Date.parse(io.now ?? '2026-01-15T12:00:00.000Z') };
  return {
    search,
    calls: new CallsService(calls, queries, live, metrics, { AGENT_API_LIVE_FALLBACK: io.liveFallback ?? io.live !== undefined }, dates, resolver),
    accounts: new AccountResearchService(queries, search, resolver, dates, clock),
    resolver,
    metrics,
    registry,
  };
}

/** The AppError a promise fails with (a spec fails when it resolves or fails otherwise). */
export async function failureOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError, the promise resolved');
}
