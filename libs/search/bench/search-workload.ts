import type { SearchQueryInput } from '../src/query/search-query.schema.js';
import { SeededRandom } from './seeded.random.js';
import type { SyntheticCompany } from './synthetic-company.generator.js';

/**
 * - `account-research` (the design's target: "an agent's account-research question"): an
 *   account plus a question, an account's recent calls (no text), what one customer contact said.
 * - `broad`: questions across everything the manager may see: a word or two with no other filter,
 *   or a tracker plus a date range plus a word.
 */
export type WorkloadName = 'account-research' | 'broad';
export type WorkloadKind = 'account-question' | 'account-timeline' | 'contact-question' | 'broad-text' | 'tracker-range';

export interface WorkloadQuery {
  kind: WorkloadKind;
  query: SearchQueryInput;
}

/** Questions about an account's calls. */
export const QUESTIONS = ['pricing discount', 'security review', 'competitor', 'next steps proposal', 'budget approved', 'integration', 'decision timeline', 'data residency', 'migration', 'invoice schedule'];
/** Questions across everything a user may see. */
export const BROAD = ['pricing', 'Contoso', 'single sign-on', 'migration painful', 'discount multi-year', '"penetration test"', 'budget approved', 'spreadsheets reporting', 'Fabrikam or Northwind', 'procurement push back'];

/**
 * `count` queries of one workload, for the company's managers in turn (each with their
 * managers-team access filter), about accounts and contacts of their team's calls. Deterministic.
 */
export function buildSearchWorkload(company: SyntheticCompany, workload: WorkloadName, count: number, seed: number): WorkloadQuery[] {
  const r = new SeededRandom(seed);
  const teamCalls = company.managers.map((m) =>
    company.calls.filter((c) => !c.call.isPrivate && c.call.primaryUserId != null && m.reportIds.includes(c.call.primaryUserId)),
  );
  const queries: WorkloadQuery[] = [];
  for (let i = 0; i < count; i++) {
    const managerIndex = i % company.managers.length;
    const accessFilter = company.managerFilter(managerIndex);
    const roll = r.next();
    if (workload === 'broad') {
      if (roll < 0.7) queries.push({ kind: 'broad-text', query: { accessFilter, text: r.pick(BROAD), limit: 10 } });
      else queries.push({ kind: 'tracker-range', query: { accessFilter, trackerNames: ['Competitors'], startedFrom: '2024-03-01T00:00:00Z', text: r.pick(['cheaper', 'migration', 'different']), limit: 10 } });
      continue;
    }
    const call = r.pick(teamCalls[managerIndex]).call;
    const account = call.accounts[0];
    const contact = r.pick(call.parties.filter((p) => p.affiliation === 'External'));
    if (roll < 0.6) queries.push({ kind: 'account-question', query: { accessFilter, accountIds: [account.id], text: r.pick(QUESTIONS), limit: 10 } });
    else if (roll < 0.85) queries.push({ kind: 'account-timeline', query: { accessFilter, accountIds: [account.id], startedFrom: '2024-06-01T00:00:00Z', limit: 20 } });
    else queries.push({ kind: 'contact-question', query: { accessFilter, speakerEmails: [contact.emailAddress as string], text: r.pick(['pricing', 'budget', 'security', 'timeline']), limit: 10 } });
  }
  return queries;
}
