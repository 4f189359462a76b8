// npm run bench:relevance: how well natural-language questions find their evidence.
//
// A gong-sim company is replicated through the replica's CallStore (as ingest stores it), chunked as
// the transcript-processor chunks it, and indexed into the PostgreSQL search index (and into
// Elasticsearch when ELASTICSEARCH_URL is set). Questions worded the way people ask
// (relevance-questions.data.ts) run globally, for a user who sees most calls, and per account, for
// a rep who may see the account, through the agent API's own services: PassageSearchService (the
// search REST/MCP path) with and without the account filter, and AccountResearchService (account
// research). Passages are judged by gong-sim's ground truth (relevance.judge.ts: the intents and
// sides of the generated sentences each passage holds); the index and the agent API never read it.
//
// Prints per adapter: nDCG@10, recall@10 of customer-side evidence, the share of account-research
// answers with >= 3 relevant passages, the near-duplicate passage rate of result pages, and search
// p95 at 32 concurrent requests; then per-intent nDCG. The last line is one JSON object (the
// PostgreSQL figures, and Elasticsearch's with an `es_` prefix when it ran).
import { buildAccessIndex, canSee, filterFor, toCallsPermissionLevel, type AccessCall, type AccessFilter, type AccessModel } from '@gong-connector/access-core';
import { chunkCall, type Chunk } from '@gong-connector/chunking';
import { CallQueryRepository, CallReadRepository, type CallRecord } from '@gong-connector/persistence';
import { loadConfig } from '@gong-connector/platform';
import { ChunkInputMapper } from '@gong-connector/replica';
import { createSearchIndex, type SearchIndex } from '@gong-connector/search';
import { testDatabase } from '@gong-connector/testing';
import { startGongSim, QUESTION_INTENTS, type CompanyGroundTruth } from '@gong-connector/testing/gong-sim';
import { replicateSim } from '@gong-connector/testing/sim-replica';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { systemClock } from '@gong-connector/contracts';
import { AccountResearchService } from '../src/accounts/account-research.service.js';
import { AccountResolver } from '../src/accounts/account.resolver.js';
import { ApiRequestSchemas } from '../src/api/api-request.schemas.js';
import { DateRangeResolver } from '../src/dates/date-range.resolver.js';
import { PassageSearchService } from '../src/search/passage-search.service.js';
import { RelevanceQuestions, type RelevanceQuestion } from './relevance-questions.data.js';
import { nearDuplicates, ndcgAt, RelevanceJudge } from './relevance.judge.js';

/** Research over the company's whole history: the judge's pool holds every passage of the account (the API's default is the last 90 days). */
const RESEARCH_FROM = '2000-01-01';

const env = loadConfig(
  z.object({
    BENCH_SEED: z.string().min(1).default('relevance').describe('gong-sim seed'),
    BENCH_CALLS: z.coerce.number().int().min(50).default(600).describe('Calls in the simulated company'),
    BENCH_ACCOUNTS: z.coerce.number().int().min(2).default(24).describe('Accounts in the simulated company'),
    BENCH_USERS: z.coerce.number().int().min(5).default(40).describe('Users in the simulated company'),
    BENCH_DAYS: z.coerce.number().int().min(7).default(60).describe('Days of call history (ending today)'),
    BENCH_RESEARCH_ACCOUNTS: z.coerce.number().int().min(1).default(12).describe('Accounts every question is researched for'),
    BENCH_CONCURRENCY: z.coerce.number().int().min(1).default(32).describe('Concurrent requests in the latency pass'),
    BENCH_PER_QUESTION: z.enum(['0', '1']).default('0').describe('1: print every global question\'s nDCG@10 and every research answer without evidence'),
    BENCH_SHOW: z.string().optional().describe('Print the global result page of the questions containing one of these texts, separated by a bar: each passage with its grade, side and score'),
    ELASTICSEARCH_URL: z.string().url().optional().describe('Also measure the Elasticsearch adapter'),
  }),
);
const K = 10;
const say = (line: string) => process.stdout.write(`${line}\n`);
const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const pct = (xs: readonly number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const r3 = (x: number) => Number(x.toFixed(3));

say(`relevance bench: seed "${env.BENCH_SEED}", ${env.BENCH_CALLS} calls, ${env.BENCH_ACCOUNTS} accounts, ${RelevanceQuestions.length} questions; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const t0 = performance.now();
const sim = await startGongSim({
  port: 0,
  seed: env.BENCH_SEED,
  users: env.BENCH_USERS,
  accounts: env.BENCH_ACCOUNTS,
  calls: env.BENCH_CALLS,
  days: env.BENCH_DAYS,
  workspaces: 2,
  ratePerSecond: 1000,
  dailyLimit: 1_000_000,
  transcriptDelayMs: 0,
});
const db = await testDatabase({ poolSize: 10 });

try {
  const { calls } = await replicateSim(sim, db.database, { requestsPerSecond: 1000 });
  const reads = new CallReadRepository(db.database);
  const judge = new RelevanceJudge();
  const chunks: Chunk[] = [];
  for (const call of calls) {
    const transcript = await reads.getTranscript(call.id);
    if (!transcript) continue;
    // Transcript passages only: gong-sim's ground truth labels transcript sentences, so summary
    // chunks (Gong's brief, highlights, ...) could not be judged.
    const callChunks = chunkCall(ChunkInputMapper.toChunkInput(call, transcript), { maxTokens: 256, overlapSentences: 1 }).filter((c) => c.section === 'transcript');
    const truth = sim.transcriptTruth(call.id);
    if (!truth) throw new Error(`gong-sim has no truth for call ${call.id}`);
    judge.addCall(callChunks, truth);
    chunks.push(...callChunks);
  }
  say(`replicated and chunked ${calls.length} calls into ${chunks.length} passages in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Who may see what: Gong's permission model of the simulated company (access-core), for the
  // users the questions are asked for. Used to pick users and to bound the judged pool.
  const truth = sim.groundTruth({ includeCalls: true });
  const model = buildAccessIndex(accessModelOf(truth));
  const accessCalls = new Map<string, AccessCall>(
    (truth.calls ?? []).map((c) => [c.id, { id: c.id, workspaceId: c.workspaceId, primaryUserId: c.primaryUserId, participantUserIds: c.participantUserIds, isPrivate: c.isPrivate }]),
  );
  const visibleTo = (userId: string) => new Set(calls.filter((c) => canSee(model, userId, accessCalls.get(c.id)!)).map((c) => c.id));
  const people = truth.users.filter((u) => u.active && !u.isAvatar);
  const globalUser = people.map((u) => ({ u, n: visibleTo(u.id).size })).sort((a, b) => b.n - a.n || a.u.id.localeCompare(b.u.id))[0]!.u;
  const globalVisible = visibleTo(globalUser.id);

  // Research accounts: the accounts with the most calls, each asked by the rep who hosts most of them.
  const byAccount = new Map<string, { name: string; calls: CallRecord[] }>();
  for (const call of calls)
    for (const { account } of call.accounts) {
      const entry = byAccount.get(account.id) ?? { name: account.name ?? account.id, calls: [] };
      entry.calls.push(call);
      byAccount.set(account.id, entry);
    }
  const research = [...byAccount.entries()]
    .sort(([a, x], [b, y]) => y.calls.length - x.calls.length || a.localeCompare(b))
    .slice(0, env.BENCH_RESEARCH_ACCOUNTS)
    .map(([accountId, { name, calls: accountCalls }]) => {
      const hosts = new Map<string, number>();
      for (const c of accountCalls) if (c.primaryUserId) hosts.set(c.primaryUserId, (hosts.get(c.primaryUserId) ?? 0) + 1);
      const candidates = [...hosts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id]) => id);
      const userId = candidates.find((id) => people.some((p) => p.id === id) && accountCalls.some((c) => visibleTo(id).has(c.id))) ?? globalUser.id;
      const visible = visibleTo(userId);
      return { accountId, name, userId, filter: filterFor(model, userId), visible: new Set(accountCalls.filter((c) => visible.has(c.id)).map((c) => c.id)) };
    });
  const globalFilter = filterFor(model, globalUser.id);
  say(`global questions for ${globalUser.name} (${globalVisible.size} of ${calls.length} calls visible); research on ${research.length} accounts, each by its main rep`);

  const scopes: Scope[] = [
    ...RelevanceQuestions.map((q) => ({ kind: 'global' as const, q, filter: globalFilter, pool: poolOf(judge, (p) => globalVisible.has(p.callId)) })),
    ...research.flatMap((a) =>
      RelevanceQuestions.map((q) => ({
        kind: 'account' as const,
        q,
        accountId: a.accountId,
        filter: a.filter,
        pool: poolOf(judge, (p) => a.visible.has(p.callId) && p.accountIds.includes(a.accountId)),
      })),
    ),
  ];

  const results: Record<string, number | null> = {};
  const adapters: Array<{ name: string; prefix: string; url?: string }> = [{ name: 'PostgreSQL', prefix: '' }];
  if (env.ELASTICSEARCH_URL) adapters.push({ name: 'Elasticsearch', prefix: 'es_', url: env.ELASTICSEARCH_URL });
  for (const adapter of adapters) {
    const index = createSearchIndex({ database: db.database, elasticsearchUrl: adapter.url, elasticsearchAlias: `bench-relevance-${Date.now().toString(36)}` });
    try {
      await index.ensureReady();
      for (let i = 0; i < chunks.length; i += 500) await index.upsertChunks(chunks.slice(i, i + 500));
      // What autovacuum does within a minute of a bulk load (more than 10% of a table's rows
      // changed): without statistics the planner guesses a question's matches at 0.5% of the
      // passages and reads every match by the text index (43,000 for a pricing question, 317 ms)
      // instead of walking the most recent passages (46 ms). Measured on the state a deployment
      // serves from, not on the minute after a load.
      if (adapter.url === undefined) await db.database.query('ANALYZE search_chunks, search_chunk_texts, search_calls');
      const figures = await measure(adapter.name, index, judge, scopes);
      for (const [k, v] of Object.entries(figures)) results[`${adapter.prefix}${k}`] = v;
    } finally {
      await index.close();
    }
  }
  say(JSON.stringify({ calls: calls.length, passages: chunks.length, questions: RelevanceQuestions.length, research_accounts: research.length, ...results }));
} finally {
  await sim.close();
  await db.close();
}

interface Scope {
  kind: 'global' | 'account';
  q: RelevanceQuestion;
  accountId?: string;
  filter: AccessFilter;
  /** Chunk ids of the passages the user may see in this scope. */
  pool: readonly string[];
}

function poolOf(j: RelevanceJudge, keep: (p: { callId: string; accountIds: readonly string[] }) => boolean): string[] {
  const out: string[] = [];
  for (const p of j.all()) if (keep(p)) out.push(p.chunkId);
  return out;
}

async function measure(adapterName: string, index: SearchIndex, j: RelevanceJudge, all: readonly Scope[]): Promise<Record<string, number | null>> {
  const queries = new CallQueryRepository(db.database);
  const dates = new DateRangeResolver('UTC');
  const resolver = new AccountResolver(queries);
  const search = new PassageSearchService(index, queries, dates, resolver);
  const researchService = new AccountResearchService(queries, search, resolver, dates, systemClock);
  const searchOf = (s: Scope) =>
    search.search(s.filter, ApiRequestSchemas.search.parse({ q: s.q.text, limit: K, facets: 0, ...(s.accountId ? { account: [s.accountId] } : {}) }));
  const researchOf = (s: Scope) => researchService.research(s.filter, s.accountId!, ApiRequestSchemas.accountResearch.parse({ q: s.q.text, from: RESEARCH_FROM }));

  const ndcg: Record<'global' | 'account', number[]> = { global: [], account: [] };
  const byIntent = new Map<string, number[]>();
  const customerRecall: number[] = [];
  const globalScores: Array<{ text: string; score: number; relevant: number }> = [];
  let pages = 0;
  let passagesShown = 0;
  let duplicates = 0;
  let researchAnswers = 0;
  let researchWithEvidence = 0;
  let researchSkipped = 0;
  for (const s of all) {
    const poolGrades = s.pool.map((id) => j.grade(id, s.q.intent, s.q.side));
    const relevantInPool = poolGrades.filter((g) => g > 0).length;
    if (relevantInPool > 0) {
      const page = await searchOf(s);
      const ranked = page.passages.map((p) => p.chunkId);
      const score = ndcgAt(K, ranked.map((id) => j.grade(id, s.q.intent, s.q.side)), poolGrades);
      ndcg[s.kind].push(score);
      if (s.kind === 'global') globalScores.push({ text: s.q.text, score, relevant: relevantInPool });
      if (s.kind === 'global' && env.BENCH_SHOW && env.BENCH_SHOW.split('|').some((t) => s.q.text.includes(t))) {
        say(`  "${s.q.text}" (${s.q.intent}, ${s.q.side}): nDCG@10 ${score.toFixed(2)}`);
        for (const p of page.passages) say(`    ${j.grade(p.chunkId, s.q.intent, s.q.side)} ${p.side.padEnd(8)} ${p.score.toFixed(3)} ${p.text.replace(/\s+/g, ' ').slice(0, 150)}`);
      }
      byIntent.set(s.q.intent, [...(byIntent.get(s.q.intent) ?? []), score]);
      const evidence = s.pool.filter((id) => j.isCustomerEvidence(id, s.q.intent));
      if (evidence.length > 0) customerRecall.push(ranked.filter((id) => j.isCustomerEvidence(id, s.q.intent)).length / Math.min(K, evidence.length));
      pages++;
      passagesShown += page.passages.length;
      duplicates += nearDuplicates(page.passages.map((p) => p.text));
    }
    if (s.kind === 'account') {
      // An answer can only hold three relevant passages when the account has them.
      if (relevantInPool < 3) {
        researchSkipped++;
        continue;
      }
      const answer = await researchOf(s);
      researchAnswers++;
      const relevantShown = answer.passages.filter((p) => j.grade(p.chunkId, s.q.intent, s.q.side) > 0).length;
      if (relevantShown >= 3) researchWithEvidence++;
      else if (env.BENCH_PER_QUESTION === '1') say(`  research without evidence: "${s.q.text}" on ${s.accountId}: ${relevantShown}/${answer.passages.length} relevant shown, ${relevantInPool} in pool`);
      pages++;
      passagesShown += answer.passages.length;
      duplicates += nearDuplicates(answer.passages.map((p) => p.text));
    }
  }

  // Latency: every search and research request once more, 32 at a time.
  const jobs: Array<{ kind: 'search' | 'research'; run: () => Promise<unknown> }> = [];
  for (const s of all) {
    jobs.push({ kind: 'search', run: () => searchOf(s) });
    if (s.kind === 'account') jobs.push({ kind: 'research', run: () => researchOf(s).catch(() => undefined) });
  }
  const latency = { search: [] as number[], research: [] as number[] };
  // A fixed shuffle, so concurrent requests mix kinds, accounts and users.
  let seed = 17;
  for (let i = jobs.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const k = seed % (i + 1);
    [jobs[i], jobs[k]] = [jobs[k]!, jobs[i]!];
  }
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const start = performance.now();
      await job.run();
      latency[job.kind].push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: env.BENCH_CONCURRENCY }, worker));

  const all10 = [...ndcg.global, ...ndcg.account];
  const figures = {
    ndcg_at_10: r3(mean(all10)),
    ndcg_at_10_global: r3(mean(ndcg.global)),
    ndcg_at_10_account: r3(mean(ndcg.account)),
    customer_recall_at_10: r3(mean(customerRecall)),
    research_answers_with_evidence_ratio: researchAnswers === 0 ? null : r3(researchWithEvidence / researchAnswers),
    duplicate_passage_ratio: passagesShown === 0 ? 0 : r3(duplicates / passagesShown),
    search_p95_ms_32: Number(pct(latency.search, 95).toFixed(1)),
    research_p95_ms_32: Number(pct(latency.research, 95).toFixed(1)),
    ranked_queries: all10.length,
    research_answers: researchAnswers,
  };
  say(`\n${adapterName}:`);
  say(`  nDCG@10                         ${figures.ndcg_at_10.toFixed(3)}  (global ${figures.ndcg_at_10_global.toFixed(3)} over ${ndcg.global.length} questions, per account ${figures.ndcg_at_10_account.toFixed(3)} over ${ndcg.account.length})   target >= 0.7`);
  say(`  customer-side evidence recall@10 ${figures.customer_recall_at_10.toFixed(3)}  over ${customerRecall.length} queries`);
  say(`  research answers with >= 3 relevant passages ${researchWithEvidence}/${researchAnswers} = ${(figures.research_answers_with_evidence_ratio ?? 0).toFixed(3)}   target >= 0.95  (${researchSkipped} account questions skipped: fewer than 3 relevant passages exist)`);
  say(`  near-duplicate passages         ${duplicates}/${passagesShown} = ${figures.duplicate_passage_ratio.toFixed(3)} over ${pages} result pages   target <= 0.05`);
  say(`  latency at ${env.BENCH_CONCURRENCY} concurrent          search p95 ${figures.search_p95_ms_32} ms (${latency.search.length} requests), research p95 ${figures.research_p95_ms_32} ms (${latency.research.length})   target <= 100 ms`);
  const worst = [...globalScores].sort((a, b) => a.score - b.score).slice(0, 5);
  if (env.BENCH_PER_QUESTION === '1') for (const g of [...globalScores].sort((a, b) => a.score - b.score)) say(`  global ${g.score.toFixed(2)} "${g.text}" (${g.relevant} relevant passages)`);
  say(`  weakest global questions: ${worst.map((w) => `"${w.text}" ${w.score.toFixed(2)} (${w.relevant} relevant passages)`).join('; ')}`);
  say(`  nDCG@10 by intent: ${QUESTION_INTENTS.map((i) => `${i} ${mean(byIntent.get(i) ?? []).toFixed(2)}`).join(', ')}`);
  return figures;
}

function accessModelOf(t: CompanyGroundTruth): AccessModel {
  return {
    workspaceIds: t.workspaces.map((w) => w.id),
    users: t.users.map((u) => ({ id: u.id, managerId: u.managerId, active: u.active })),
    profiles: t.profiles.map((p) => ({
      id: p.id,
      workspaceId: p.workspaceId,
      callsAccess: { permissionLevel: toCallsPermissionLevel(p.callsAccess.permissionLevel), teamLeadIds: p.callsAccess.teamLeadIds },
      userIds: p.userIds,
    })),
    callAccessGrants: t.usersAccess.map((g) => ({ callId: g.callId, userIds: g.userIds })),
  };
}
