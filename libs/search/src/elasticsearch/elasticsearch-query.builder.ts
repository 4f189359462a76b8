import type { estypes } from '@elastic/elasticsearch';
import type { SearchCursorPosition } from '../query/search-cursor.codec.js';
import type { SearchQuery } from '../query/search-query.schema.js';
import { HIGHLIGHT_POST, HIGHLIGHT_PRE } from '../query/search-result.model.js';
import { elasticsearchAccessClause } from './elasticsearch-access.clause.js';
import { toSimpleQueryString } from './websearch-query.translator.js';

/**
 * Fields searched by the query text and their boosts, after the PostgreSQL weights
 * (A = body, B = speaker line, topic, trackers, C = call title and accounts).
 */
export const SEARCH_FIELDS = ['body^4', 'speaker_line^2', 'topic.text^2', 'tracker_names.text^2', 'call_title', 'account_names'];

/** Exact counts for distinct calls up to this many (the cardinality aggregation's maximum). */
const CALL_COUNT_PRECISION = 40_000;

/**
 * One search request: text as `simple_query_string` (translated from web-search syntax) in
 * `bool.must`; every filter and the AccessFilter in `bool.filter`; sort by score then chunk id
 * with `search_after`; unified highlighter on the body; facets as terms aggregations and the
 * distinct calls as a cardinality aggregation, all over the whole filtered set. One hit more than
 * the page is asked for, to know whether another page follows.
 */
export function buildElasticsearchSearch(index: string, query: SearchQuery, after: SearchCursorPosition | null): estypes.SearchRequest {
  const filter: estypes.QueryDslQueryContainer[] = [];
  const terms = (field: string, values: readonly string[] | undefined) => {
    if (values) filter.push({ terms: { [field]: [...values] } });
  };
  terms('call_id', query.callIds);
  terms('account_ids', query.accountIds);
  if (query.startedFrom !== undefined || query.startedTo !== undefined) {
    filter.push({
      range: {
        call_started: {
          ...(query.startedFrom !== undefined ? { gte: query.startedFrom } : {}),
          ...(query.startedTo !== undefined ? { lt: query.startedTo } : {}),
        },
      },
    });
  }
  terms('speaker_affiliation', query.speakerAffiliations);
  terms('speaker_id', query.speakerIds);
  terms('speaker_email', query.speakerEmails);
  terms('speaker_user_id', query.speakerUserIds);
  terms('tracker_names', query.trackerNames);
  terms('topic', query.topics);
  filter.push(elasticsearchAccessClause(query.accessFilter));

  const must: estypes.QueryDslQueryContainer[] = [];
  if (query.text !== null) {
    const translated = toSimpleQueryString(query.text);
    must.push(
      translated === null
        ? { match_none: {} }
        : {
            simple_query_string: {
              query: translated,
              fields: SEARCH_FIELDS,
              default_operator: 'and',
              flags: 'OR|NOT|PHRASE|PRECEDENCE|WHITESPACE',
              auto_generate_synonyms_phrase_query: false,
            },
          },
    );
  }

  const facetTerms = (field: string, size = query.facetSize): estypes.AggregationsAggregationContainer => ({
    terms: { field, size, order: [{ _count: 'desc' }, { _key: 'asc' }] },
  });
  return {
    index,
    size: query.limit + 1,
    track_total_hits: true,
    query: { bool: { must, filter } },
    sort: [{ _score: { order: 'desc' } }, { chunk_id: { order: 'asc' } }],
    ...(after !== null ? { search_after: [after.score, after.chunkId] } : {}),
    _source: { excludes: ['account_facet', 'indexed_at'] },
    ...(query.text !== null
      ? {
          highlight: {
            pre_tags: [HIGHLIGHT_PRE],
            post_tags: [HIGHLIGHT_POST],
            fields: { body: { type: 'unified', number_of_fragments: 3, fragment_size: 160, no_match_size: 200 } },
          },
        }
      : {}),
    aggs: {
      calls: { cardinality: { field: 'call_id', precision_threshold: CALL_COUNT_PRECISION } },
      ...(query.facetSize > 0
        ? {
            // Keyed id<US>name; a renamed account has several keys, merged by the adapter.
            accounts: facetTerms('account_facet', Math.min(query.facetSize * 3, 200)),
            speakers: {
              ...facetTerms('speaker_email'),
              aggs: { name: { terms: { field: 'speaker_name', size: 1, order: { _key: 'desc' } } } },
            },
            trackers: facetTerms('tracker_names'),
          }
        : {}),
    },
  };
}
