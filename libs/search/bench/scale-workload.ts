import type { SearchQueryInput } from '../src/query/search-query.schema.js';
import { BROAD, QUESTIONS } from './search-workload.js';
import { SeededRandom } from './seeded.random.js';
import { SYNTHETIC_ADMIN_FILTER, syntheticManagerFilter, syntheticRepFilter, type SyntheticOrg } from './synthetic-company.generator.js';

/**
 * The scale bench's questions, each with the access filter of the person asking:
 * - `narrow`: one account's calls for its rep's manager (`account`), or a rep's own calls (`own`);
 * - `broad`: a manager's whole team (`team`), or an admin's every call (`all`);
 * - `research`: what agent-api's account research sends the index: the account's member ids, the
 *   question, the last 90 days, 2 hits per passage (8 passages by default), no facets.
 */
export type ScaleWorkload = 'narrow' | 'broad' | 'research';
export type ScaleKind = 'account' | 'own' | 'team' | 'all' | 'research';

export interface ScaleQuery {
  kind: ScaleKind;
  query: SearchQueryInput;
}

const RESEARCH_DAYS = 90;
/** agent-api: `passages` (default 8) times RESEARCH_CANDIDATES_PER_PASSAGE (2). */
const RESEARCH_LIMIT = 16;

/** `count` queries of one workload, deterministic; `now` is the newest call's start (research's "last 90 days"). */
export function buildScaleWorkload(org: SyntheticOrg, workload: ScaleWorkload, count: number, seed: number, now: number): ScaleQuery[] {
  const r = new SeededRandom(seed);
  const queries: ScaleQuery[] = [];
  for (let i = 0; i < count; i++) {
    const managerIndex = i % org.managers.length;
    const manager = org.managers[managerIndex];
    const rep = r.pick(manager.reportIds);
    const account = r.pickSkewed(org.book.get(rep) ?? org.accounts);
    const half = i % 2 === 0;
    if (workload === 'narrow') {
      queries.push(
        half
          ? { kind: 'account', query: { accessFilter: syntheticManagerFilter(org.managers, managerIndex), accountIds: [account.id], text: r.pick(QUESTIONS), limit: 10 } }
          : { kind: 'own', query: { accessFilter: syntheticRepFilter(rep), text: r.pick(QUESTIONS), limit: 10 } },
      );
    } else if (workload === 'broad') {
      queries.push({ kind: half ? 'team' : 'all', query: { accessFilter: half ? syntheticManagerFilter(org.managers, managerIndex) : SYNTHETIC_ADMIN_FILTER, text: r.pick(BROAD), limit: 10 } });
    } else {
      const startedFrom = new Date(now - RESEARCH_DAYS * 86_400_000).toISOString();
      queries.push({
        kind: 'research',
        query: { accessFilter: syntheticManagerFilter(org.managers, managerIndex), text: r.pick(QUESTIONS), accountIds: [account.id], startedFrom, limit: RESEARCH_LIMIT, facetSize: 0 },
      });
    }
  }
  return queries;
}
