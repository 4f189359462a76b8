import type { CallRecord } from '@gong-connector/persistence';

/** One labelled query: what an agent would ask, and the calls that answer it. */
export interface RelevanceQuery {
  name: string;
  /** websearch syntax, as `SearchIndex.search` takes it. */
  text: string;
  accountIds?: string[];
  expectedCallIds: string[];
}

export interface RelevanceQuerySetOptions {
  /** Queries per family (competitor, pricing, security). Default 6. */
  perFamily?: number;
  /** Largest expected set kept (recall@10 of a query with more than 10 answers is capped anyway). Default 10. */
  maxExpected?: number;
}

/** The phrase families of the simulated company's keyword trackers, as a searcher would phrase them. */
const FAMILIES = [
  { family: 'pricing', tracker: 'Pricing', text: 'pricing or discount or "per seat" or "list price"' },
  { family: 'security', tracker: 'Security', text: '"SOC 2" or SSO or encryption or "penetration test" or GDPR or "data residency"' },
] as const;

/**
 * Builds a labelled query set from a replicated company whose tracker hits are true to the words
 * said (gong-sim counts every tracker phrase in the text it generates): "competitor X mentioned at
 * account A", "pricing discussed at account A", "security review at account A". The expected
 * calls of each query are the account's calls whose tracker fired; private calls are left out
 * (a user with `all` access does not see them). Deterministic: same calls, same queries.
 */
export function buildRelevanceQuerySet(calls: readonly CallRecord[], options: RelevanceQuerySetOptions = {}): RelevanceQuery[] {
  const perFamily = options.perFamily ?? 6;
  const maxExpected = options.maxExpected ?? 10;
  const visible = calls.filter((c) => !c.isPrivate);
  const byAccount = new Map<string, { name: string; calls: CallRecord[] }>();
  for (const call of visible) {
    for (const { account } of call.accounts) {
      const entry = byAccount.get(account.id) ?? { name: account.name, calls: [] };
      entry.calls.push(call);
      byAccount.set(account.id, entry);
    }
  }
  const accounts = [...byAccount.entries()].sort(([a], [b]) => a.localeCompare(b));
  const queries: RelevanceQuery[] = [];
  const keep = (candidates: RelevanceQuery[]) => {
    const usable = candidates.filter((q) => q.expectedCallIds.length >= 2 && q.expectedCallIds.length <= maxExpected);
    queries.push(...usable.slice(0, perFamily));
  };

  // Competitor mentions: one query per (competitor, account) pair, from the Competitors tracker's phrases.
  const competitorQueries: RelevanceQuery[] = [];
  for (const [accountId, { name, calls: accountCalls }] of accounts) {
    const byCompetitor = new Map<string, string[]>();
    for (const call of accountCalls) {
      const tracker = call.trackers.find((t) => t.name === 'Competitors');
      for (const phrase of tracker?.phrases ?? []) {
        if (phrase.count > 0) byCompetitor.set(phrase.phrase, [...(byCompetitor.get(phrase.phrase) ?? []), call.id]);
      }
    }
    for (const [competitor, ids] of [...byCompetitor.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      competitorQueries.push({ name: `competitor ${competitor} at ${name}`, text: `"${competitor}"`, accountIds: [accountId], expectedCallIds: unique(ids) });
    }
  }
  keep(competitorQueries);

  for (const { family, tracker, text } of FAMILIES) {
    keep(
      accounts.map(([accountId, { name, calls: accountCalls }]) => ({
        name: `${family} at ${name}`,
        text,
        accountIds: [accountId],
        expectedCallIds: unique(accountCalls.filter((c) => (c.trackers.find((t) => t.name === tracker)?.count ?? 0) > 0).map((c) => c.id)),
      })),
    );
  }
  return queries;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}
