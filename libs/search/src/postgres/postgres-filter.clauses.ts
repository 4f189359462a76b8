import type { SearchQuery } from '../query/search-query.schema.js';
import type { SqlParameters } from './sql-parameters.js';

/** The query's filters as WHERE conditions over `search_chunks` (alias `c`), values bound. */
export function postgresFilterClauses(query: SearchQuery, params: SqlParameters): string[] {
  const where: string[] = [];
  if (query.callIds) where.push(`c.call_id = ANY(${params.add(query.callIds, 'text[]')})`);
  if (query.accountIds) where.push(`c.account_ids && ${params.add(query.accountIds, 'text[]')}`);
  if (query.startedFrom) where.push(`c.call_started >= ${params.add(query.startedFrom, 'timestamptz')}`);
  if (query.startedTo) where.push(`c.call_started < ${params.add(query.startedTo, 'timestamptz')}`);
  if (query.speakerAffiliations) where.push(`c.speaker_affiliation = ANY(${params.add(query.speakerAffiliations, 'text[]')})`);
  if (query.speakerIds) where.push(`c.speaker_id = ANY(${params.add(query.speakerIds, 'text[]')})`);
  if (query.speakerEmails) where.push(`c.speaker_email = ANY(${params.add(query.speakerEmails, 'text[]')})`);
  if (query.speakerUserIds) where.push(`c.speaker_user_id = ANY(${params.add(query.speakerUserIds, 'text[]')})`);
  if (query.trackerNames) where.push(`c.tracker_names && ${params.add(query.trackerNames, 'text[]')}`);
  if (query.topics) where.push(`c.topic = ANY(${params.add(query.topics, 'text[]')})`);
  return where;
}
