import type { estypes } from '@elastic/elasticsearch';
import type { SearchCursorPosition } from '../query/search-cursor.codec.js';
import type { SearchQuery } from '../query/search-query.schema.js';
import { HIGHLIGHT_POST, HIGHLIGHT_PRE } from '../query/search-result.model.js';
import { elasticsearchAccessClause } from './elasticsearch-access.clause.js';
import { websearchToElasticsearch } from './websearch-query.translator.js';
import { parseSearchText, type ParsedSearchText } from '../question/search-text.parser.js';

/**
 * Fields a question's concept is covered by (the PostgreSQL weights A and B: body, speaker line,
 * topic, trackers); the call title and accounts (weight C) count less (`QUESTION_BOOSTS.titleOnly`).
 */
export const QUESTION_FIELDS = ['body^4', 'speaker_line', 'topic.text^2', 'tracker_names.text^2'];
const TITLE_FIELDS = ['call_title', 'account_names'];

/** Boosts of a question's parts, after PostgreSQL's `QUESTION_WEIGHTS`. */
/** As PostgreSQL's QUESTION_WEIGHTS: a vocabulary concept's own words (`vocabularyExact`) count as its synonyms do. */
export const QUESTION_BOOSTS = Object.freeze({ exact: 1, vocabularyExact: 0.6, synonym: 0.6, titleOnly: 0.25, phrase: 0.5, tracker: 0.5, customerSide: 0.3 });

/**
 * Fields searched by the query text and their boosts, after the PostgreSQL weights
 * (A = body, B = speaker line, topic, trackers, C = call title and accounts).
 */
export const SEARCH_FIELDS = ['body^4', 'speaker_line^2', 'topic.text^2', 'tracker_names.text^2', 'call_title', 'account_names'];

/** Exact counts for distinct calls up to this many (the cardinality aggregation's maximum). */
const CALL_COUNT_PRECISION = 40_000;

/** Hits a text search ranks in its first request, to collapse duplicates and take calls in turns over (`diversify`). */
export const DIVERSITY_WINDOW = 500;

/**
 * The query and filters of a search: text in `bool.must` (and its optional boosts in
 * `bool.should`), every filter and the AccessFilter in `bool.filter`.
 */
export function buildElasticsearchQuery(query: SearchQuery): estypes.QueryDslQueryContainer {
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
  terms('section', query.sections);
  filter.push(elasticsearchAccessClause(query.accessFilter));

  const must: estypes.QueryDslQueryContainer[] = [];
  const should: estypes.QueryDslQueryContainer[] = [];
  if (query.text !== null) {
    const text = textQuery(parseSearchText(query.text));
    must.push(text.must);
    should.push(...text.should);
  }
  return { bool: { must, filter, ...(should.length > 0 ? { should } : {}) } };
}

const SORT: estypes.SortCombinations[] = [{ _score: { order: 'desc' } }, { chunk_id: { order: 'asc' } }];
const SOURCE = { excludes: ['account_facet', 'indexed_at'] };

function aggregations(query: SearchQuery): Record<string, estypes.AggregationsAggregationContainer> {
  const facetTerms = (field: string, size = query.facetSize): estypes.AggregationsAggregationContainer => ({
    terms: { field, size, order: [{ _count: 'desc' }, { _key: 'asc' }] },
  });
  return {
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
          sections: facetTerms('section'),
        }
      : {}),
  };
}

function highlight(): estypes.SearchHighlight {
  return {
    pre_tags: [HIGHLIGHT_PRE],
    post_tags: [HIGHLIGHT_POST],
    fields: { body: { type: 'unified', number_of_fragments: 3, fragment_size: 160, no_match_size: 200 } },
  };
}

/**
 * A page in raw order (score desc, chunk id asc, `search_after`): the whole request of a listing
 * (with totals and facets), and a text search's pages past its ranking window (`aggs: false`).
 * One hit more than asked for, to know whether another page follows.
 */
export function buildElasticsearchSearch(
  index: string,
  query: SearchQuery,
  after: Pick<SearchCursorPosition, 'score' | 'chunkId'> | null,
  options: { size?: number; aggs?: boolean } = {},
): estypes.SearchRequest {
  const withAggs = options.aggs ?? true;
  return {
    index,
    size: options.size ?? query.limit + 1,
    ...(withAggs ? { track_total_hits: true } : { track_total_hits: false }),
    query: buildElasticsearchQuery(query),
    sort: SORT,
    ...(after !== null ? { search_after: [after.score, after.chunkId] } : {}),
    _source: SOURCE,
    ...(query.text !== null ? { highlight: highlight() } : {}),
    ...(withAggs ? { aggs: aggregations(query) } : {}),
  };
}

/**
 * A text search's first request: the best `DIVERSITY_WINDOW` hits' sort keys, call ids and
 * fingerprints (no source), with the totals and facets; the adapter diversifies them and picks
 * the page.
 */
export function buildElasticsearchRanking(index: string, query: SearchQuery): estypes.SearchRequest {
  return {
    index,
    size: DIVERSITY_WINDOW,
    track_total_hits: true,
    query: buildElasticsearchQuery(query),
    sort: SORT,
    _source: false,
    docvalue_fields: ['call_id', 'body_fingerprint'],
    aggs: aggregations(query),
  };
}

/** The page's documents, with highlights: the same query, narrowed to the page's chunk ids. */
export function buildElasticsearchFetch(index: string, query: SearchQuery, chunkIds: readonly string[]): estypes.SearchRequest {
  const base = buildElasticsearchQuery(query) as { bool: estypes.QueryDslBoolQuery };
  const filter = [...(base.bool.filter as estypes.QueryDslQueryContainer[]), { ids: { values: [...chunkIds] } }];
  return {
    index,
    size: chunkIds.length,
    track_total_hits: false,
    query: { bool: { ...base.bool, filter } },
    _source: SOURCE,
    highlight: highlight(),
  };
}

/**
 * The text as a query: syntax by the shared web-search grammar (`websearchToElasticsearch`: an OR
 * of AND-groups, as PostgreSQL reads it); a question as one `bool.should` clause per concept, at least
 * `minimumShouldMatch` of them (a concept: its own words, its synonyms, or either in the title or
 * accounts, whichever scores best: `dis_max`; its boosts times the concept's `weight`, so a word the
 * sales vocabulary does not know counts less than the concept the question asks about; not in a
 * passage saying a phrase of another group that `claimedBy` names), with phrase and tracker boosts beside it (optional:
 * they rank, they do not match).
 */
function textQuery(parsed: ParsedSearchText): { must: estypes.QueryDslQueryContainer; should: estypes.QueryDslQueryContainer[] } {
  if (parsed.kind === 'empty') return { must: { match_none: {} }, should: [] };
  if (parsed.kind === 'syntax') return { must: websearchToElasticsearch(parsed.text, SEARCH_FIELDS) ?? { match_none: {} }, should: [] };
  const b = QUESTION_BOOSTS;
  const match = (term: string, fields: string[], boost: number): estypes.QueryDslQueryContainer => ({
    multi_match: { query: term, fields, type: term.includes(' ') ? 'phrase' : 'best_fields', boost },
  });
  const concepts = parsed.concepts.map((concept): estypes.QueryDslQueryContainer => {
    const fielded = [
      ...concept.exact.map((t) => match(t, QUESTION_FIELDS, (concept.source === 'vocabulary' ? b.vocabularyExact : b.exact) * concept.weight)),
      ...concept.synonyms.map((t) => match(t, QUESTION_FIELDS, b.synonym * concept.weight)),
    ];
    // A passage saying another group's phrase that holds the concept's word ("owns the budget") uses the word in that sense.
    const unclaimed: estypes.QueryDslQueryContainer[] = concept.claimedBy?.length
      ? [{ bool: { must: { dis_max: { queries: fielded } }, must_not: concept.claimedBy.map((t) => ({ match_phrase: { body: t } })) } }]
      : fielded;
    return { dis_max: { queries: [...unclaimed, ...concept.exact.map((t) => match(t, TITLE_FIELDS, b.titleOnly * concept.weight))] } };
  });
  return {
    must: { bool: { should: concepts, minimum_should_match: parsed.minimumShouldMatch } },
    should: [
      ...parsed.phrases.map((phrase): estypes.QueryDslQueryContainer => ({ match_phrase: { body: { query: phrase, slop: 2, boost: b.phrase } } })),
      ...(parsed.trackers.length > 0 ? [{ terms: { tracker_names: [...parsed.trackers], boost: b.tracker } }] : []),
      ...(parsed.customerSide ? [{ term: { speaker_affiliation: { value: 'External', boost: b.customerSide } } }] : []),
    ],
  };
}
