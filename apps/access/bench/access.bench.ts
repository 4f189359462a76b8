// npm run bench:access [-- --users 5000 --calls 2000 --queries 300 --seed bench-access]
//
// What access control costs:
// - building the access index and computing the AccessFilter of every user of a 5,000-user
//   company (gong-sim's generator: CEO, VPs, directors, managers, ICs, six profiles per workspace,
//   users-access grants), cold and then again from the index's memo; the full filter diff a reload
//   runs (every user, old vs new snapshot); filter size;
// - applying a filter per query: the PostgreSQL search index, the same query run back to back with
//   the user's filter and with a baseline filter that admits every non-private call of every
//   workspace (the broadest filter there is); p95 of the paired difference (`filter_apply_p95_ms`;
//   negative when the user's filter narrows the work), the same for admins, whose filters are as
//   broad as the baseline (`filter_apply_same_breadth_p95_ms`: the cost of the filter's clauses
//   alone), and matchesFilter per call.
// Runs in a database schema of its own (testDatabase), dropped at the end. The last line is one JSON object.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { matchesFilter, PRIVATE_CALLS_RULE, toCallFacts, type AccessFilter, type CallFacts } from '@gong-connector/access-core';
import { chunkCall, type Chunk, type ChunkInput } from '@gong-connector/chunking';
import type { AccessSnapshotRecord } from '@gong-connector/persistence';
import { PostgresSearchIndex, type SearchQueryInput } from '@gong-connector/search';
import { testDatabase } from '@gong-connector/testing';
import { createGongSim, permissionProfilesOf, type CallParty, type CompanyGroundTruth } from '@gong-connector/testing/gong-sim';
import { AccessSnapshot } from '../src/model/access-snapshot.js';
import { filterChanges } from '../src/model/filter-changes.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
const USERS = Number(arg('users', '5000'));
const CALLS = Number(arg('calls', '2000'));
const QUERIES = Number(arg('queries', '300'));
const SEED = arg('seed', 'bench-access');

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
};
const round = (n: number, digits = 2): number => Number(n.toFixed(digits));
const time = <T>(fn: () => T): [T, number] => {
  const start = performance.now();
  const out = fn();
  return [out, performance.now() - start];
};

function snapshotRecord(truth: CompanyGroundTruth, syncedAt: Date): AccessSnapshotRecord {
  return {
    workspaceIds: truth.workspaces.map((w) => w.id),
    users: truth.users
      .filter((u) => !u.isAvatar)
      .map((u) => ({
        id: u.id,
        managerId: u.managerId,
        active: u.active,
        email: u.emailAddress,
        emailAliases: [],
        firstName: u.name.split(' ')[0] ?? null,
        lastName: u.name.split(' ').slice(1).join(' ') || null,
        title: u.title,
      })),
    profiles: permissionProfilesOf(truth),
    grants: truth.usersAccess,
    directorySyncedAt: syncedAt,
    profilesSyncedAt: syncedAt,
  };
}

const PHRASES = [
  'We went through the pricing and the discount for a multi-year term.',
  'Security review is scheduled with their infosec team next week.',
  'They compared us with a competitor on reporting and integrations.',
  'Next steps: send the proposal and book the technical deep dive.',
  'The budget is approved for this quarter if legal signs off.',
  'Migration from spreadsheets has been painful for the operations team.',
  'Single sign-on and data residency are hard requirements for them.',
  'The champion wants a pilot with two teams before the decision.',
];

/** A call of the simulated company with a short synthetic transcript (access is per call). */
function chunkInputOf(call: NonNullable<CompanyGroundTruth['calls']>[number], parties: readonly CallParty[], n: number): ChunkInput {
  const speakers = parties.filter((p) => p.speakerId !== undefined);
  return {
    call: {
      id: call.id,
      title: `Call ${n}`,
      started: call.started,
      duration: 1800,
      workspaceId: call.workspaceId,
      primaryUserId: call.primaryUserId,
      isPrivate: call.isPrivate,
      parties: parties.map((p) => ({ id: p.id, speakerId: p.speakerId ?? null, userId: p.userId ?? null, name: p.name ?? null, affiliation: p.affiliation })),
      accounts: [],
      opportunities: [],
      trackers: [],
      topics: [],
    },
    monologues: [0, 1, 2].map((m) => ({
      speakerId: speakers[m % Math.max(1, speakers.length)]?.speakerId ?? null,
      topic: null,
      sentences: [0, 1, 2].map((s) => ({ start: (m * 3 + s) * 10_000, end: (m * 3 + s) * 10_000 + 9_000, text: PHRASES[(n + m * 3 + s) % PHRASES.length]! })),
    })),
  };
}

const log = (line: string): void => console.log(line);

const [sim, seedMs] = await (async () => {
  const start = performance.now();
  const s = await createGongSim({ seed: SEED, users: USERS, calls: CALLS, workspaces: 3, days: 120 });
  return [s, performance.now() - start] as const;
})();
const truth = sim.groundTruth();
const syncedAt = new Date();
const record = snapshotRecord(truth, syncedAt);
const users = record.users.map((u) => u.id);
log(`company: ${users.length} users, ${truth.workspaces.length} workspaces, ${truth.profiles.length} profiles, ${truth.usersAccess.length} granted calls, ${truth.calls!.length} calls (generated in ${round(seedMs, 0)} ms)`);

// ---- filters for every user ------------------------------------------------------------------
const [snapshot, buildMs] = time(() => AccessSnapshot.fromRecord(record));
const [filters, coldMs] = time(() => users.map((id) => snapshot.filterFor(id)));
const [, warmMs] = time(() => users.map((id) => snapshot.filterFor(id)));
const perUser = users.slice(0, 1000).map((id) => time(() => snapshot.filterFor(id))[1]);
const hostIds = filters.map((f) => f.hostUserIdsByWorkspace.reduce((n, e) => n + e.hostUserIds.length, 0));
const bytes = filters.map((f) => JSON.stringify(f).length);
log(`index build: ${round(buildMs)} ms; filters for ${users.length} users: ${round(coldMs)} ms cold, ${round(warmMs)} ms warm (p95 ${round(quantile(perUser, 0.95), 3)} ms per user)`);
log(`filter size: host ids p50 ${quantile(hostIds, 0.5)}, p95 ${quantile(hostIds, 0.95)}, max ${Math.max(...hostIds)}; JSON p95 ${quantile(bytes, 0.95)} bytes, max ${Math.max(...bytes)} bytes`);

const changed = structuredClone(record);
const viewer = changed.profiles.find((p) => p.callsLevel === 'own')!;
viewer.callsLevel = 'all';
const [after, rebuildMs] = time(() => AccessSnapshot.fromRecord(changed));
const [diff, diffMs] = time(() => filterChanges(snapshot, after));
log(`reload of a changed snapshot: build ${round(rebuildMs)} ms + diff of every user's filter ${round(diffMs)} ms (${diff.length} users changed)`);

// ---- applying a filter per query ---------------------------------------------------------------
const facts: CallFacts[] = truth.calls!.map((c) =>
  toCallFacts({ id: c.id, workspaceId: c.workspaceId, primaryUserId: c.primaryUserId, participantUserIds: c.participantUserIds, isPrivate: c.isPrivate }),
);
const matchTimes: number[] = [];
for (let i = 0; i < 2000; i++) {
  const filter = filters[(i * 7919) % filters.length]!;
  const f = facts[(i * 104729) % facts.length]!;
  const start = performance.now();
  for (let k = 0; k < 100; k++) matchesFilter(filter, f);
  matchTimes.push(((performance.now() - start) / 100) * 1000);
}
log(`matchesFilter: p50 ${round(quantile(matchTimes, 0.5), 3)} µs, p95 ${round(quantile(matchTimes, 0.95), 3)} µs per call`);

const db = await testDatabase();
const search = new PostgresSearchIndex({ database: db.database });
const callsById = new Map(sim.company.data.calls.map((c) => [c.id, c]));
const chunks: Chunk[] = truth.calls!.flatMap((c, n) => {
  const parties = callsById.get(c.id)!.parties;
  return chunkCall(chunkInputOf(c, parties, n), { maxTokens: 512, countTokens: (text) => Math.ceil(text.length / 4) });
});
const [, indexMs] = await (async () => {
  const start = performance.now();
  const r = await search.upsertChunks(chunks);
  return [r, performance.now() - start] as const;
})();
log(`indexed ${chunks.length} chunks of ${truth.calls!.length} calls in ${round(indexMs, 0)} ms`);

const baseline = (userId: string): AccessFilter => ({
  version: 1,
  userId,
  ownUserId: null,
  allWorkspaceIds: [...record.workspaceIds].sort(),
  hostUserIdsByWorkspace: [],
  grantedCallIds: [],
  privateCalls: PRIVATE_CALLS_RULE,
});
// Users of every kind, widest host lists included: every n-th user, active ones.
const active = users.filter((id) => snapshot.findUser({ userId: id })?.active);
const sample = Array.from({ length: QUERIES }, (_, i) => active[(i * 7907) % active.length]!);
const TEXTS = [undefined, 'pricing', 'security review', 'budget approved'];
const withFilter: number[] = [];
const withBaseline: number[] = [];
const deltas: number[] = [];
const run = async (query: SearchQueryInput): Promise<number> => {
  const start = performance.now();
  await search.search(query);
  return performance.now() - start;
};
for (let i = 0; i < Math.min(20, sample.length); i++) await run({ accessFilter: snapshot.filterFor(sample[i]!), limit: 10 }); // warm-up
for (let i = 0; i < sample.length; i++) {
  const userId = sample[i]!;
  const text = TEXTS[i % TEXTS.length];
  const q = { limit: 10, facetSize: 0, ...(text ? { text } : {}) };
  const a = await run({ ...q, accessFilter: snapshot.filterFor(userId) });
  const b = await run({ ...q, accessFilter: baseline(userId) });
  withFilter.push(a);
  withBaseline.push(b);
  deltas.push(a - b);
}
// Equal breadth: admins' filters admit what the baseline admits (plus their own private calls), so
// the difference is the cost of the filter's extra arms alone.
const admins = active.filter((id) => snapshot.filterFor(id).allWorkspaceIds.length === record.workspaceIds.length);
const adminDeltas: number[] = [];
for (let i = 0; i < Math.min(QUERIES, 100) && admins.length > 0; i++) {
  const userId = admins[i % admins.length]!;
  const text = TEXTS[i % TEXTS.length];
  const q = { limit: 10, facetSize: 0, ...(text ? { text } : {}) };
  const a = await run({ ...q, accessFilter: snapshot.filterFor(userId) });
  const b = await run({ ...q, accessFilter: baseline(userId) });
  adminDeltas.push(a - b);
}
log(
  `search (${sample.length} queries, limit 10, no facets): with the user's filter p50 ${round(quantile(withFilter, 0.5))} ms, p95 ${round(quantile(withFilter, 0.95))} ms; ` +
    `baseline filter p50 ${round(quantile(withBaseline, 0.5))} ms, p95 ${round(quantile(withBaseline, 0.95))} ms; ` +
    `paired extra cost p50 ${round(quantile(deltas, 0.5))} ms, p95 ${round(quantile(deltas, 0.95))} ms ` +
    '(negative: a narrower filter makes the query cheaper, the index ranks fewer chunks)',
);
log(`same breadth (${adminDeltas.length} admin queries vs the baseline): paired extra cost p50 ${round(quantile(adminDeltas, 0.5))} ms, p95 ${round(quantile(adminDeltas, 0.95))} ms`);

await sim.close();
await db.close();

console.log(
  JSON.stringify({
    users: users.length,
    workspaces: truth.workspaces.length,
    profiles: truth.profiles.length,
    calls: truth.calls!.length,
    chunks: chunks.length,
    index_build_ms: round(buildMs),
    filters_5000_users_ms: round(buildMs + coldMs),
    filters_all_users_cold_ms: round(coldMs),
    filters_all_users_warm_ms: round(warmMs),
    filter_per_user_p95_ms: round(quantile(perUser, 0.95), 4),
    filter_host_ids_p95: quantile(hostIds, 0.95),
    filter_json_bytes_max: Math.max(...bytes),
    reload_diff_all_users_ms: round(rebuildMs + diffMs),
    matches_filter_p95_us: round(quantile(matchTimes, 0.95), 3),
    search_with_filter_p95_ms: round(quantile(withFilter, 0.95)),
    search_baseline_p95_ms: round(quantile(withBaseline, 0.95)),
    filter_apply_p95_ms: round(quantile(deltas, 0.95)),
    filter_apply_p50_ms: round(quantile(deltas, 0.5)),
    filter_apply_same_breadth_p95_ms: round(quantile(adminDeltas, 0.95)),
    load_average_1m: round(loadavg()[0] ?? 0),
  }),
);
