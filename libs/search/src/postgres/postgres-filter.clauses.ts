import type { SearchQuery } from '../query/search-query.schema.js';
import type { SqlParameters } from './sql-parameters.js';

/**
 * The query's filters as WHERE conditions over `search_chunks` (alias `c`), values bound. `ids` are
 * the indexed id filters (calls, accounts, speaker emails and user ids), which select few chunks;
 * `withText` (trackers) is a column of the text index (tsv, access_keys, tracker_names), so it
 * narrows the text and access scan inside the index for free; `dates` (the call-start range) go
 * with the id filters when there are some (the call-start index narrows an account's long history
 * to the range inside the same bitmap scan, so research over the last 90 days reads those days
 * only, however long the history), else with `others`; `others` (affiliation, transcript speaker
 * ids, topics, sections) usually select many, or come with a call filter, and are better checked
 * on the rows the other conditions found.
 */
export function postgresFilterClauses(query: SearchQuery, params: SqlParameters): { ids: string[]; dates: string[]; withText: string[]; others: string[] } {
  const ids: string[] = [];
  const dates: string[] = [];
  const withText: string[] = [];
  const others: string[] = [];
  if (query.callIds) ids.push(`c.call_id = ANY(${params.add(query.callIds, 'text[]')})`);
  if (query.accountIds) ids.push(`c.account_ids && ${params.add(query.accountIds, 'text[]')}`);
  if (query.speakerEmails) ids.push(`c.speaker_email = ANY(${params.add(query.speakerEmails, 'text[]')})`);
  if (query.speakerUserIds) ids.push(`c.speaker_user_id = ANY(${params.add(query.speakerUserIds, 'text[]')})`);
  if (query.startedFrom) dates.push(`c.call_started >= ${params.add(query.startedFrom, 'timestamptz')}`);
  if (query.startedTo) dates.push(`c.call_started < ${params.add(query.startedTo, 'timestamptz')}`);
  if (query.speakerIds) others.push(`c.speaker_id = ANY(${params.add(query.speakerIds, 'text[]')})`);
  if (query.speakerAffiliations) others.push(`c.speaker_affiliation = ANY(${params.add(query.speakerAffiliations, 'text[]')})`);
  if (query.trackerNames) withText.push(`c.tracker_names && ${params.add(query.trackerNames, 'text[]')}`);
  if (query.topics) others.push(`c.topic = ANY(${params.add(query.topics, 'text[]')})`);
  if (query.sections) others.push(`c.section = ANY(${params.add(query.sections, 'text[]')})`);
  return ids.length > 0 ? { ids, dates, withText, others } : { ids, dates: [], withText, others: [...dates, ...others] };
}
