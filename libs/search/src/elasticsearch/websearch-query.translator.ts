import type { estypes } from '@elastic/elasticsearch';
import { parseWebsearch, type WebsearchOperand, type WebsearchQuery } from '../grammar/websearch.grammar.js';

/**
 * Web-search syntax as an Elasticsearch query, from the shared grammar (`parseWebsearch`, the way
 * PostgreSQL's `websearch_to_tsquery` reads it): the OR of AND-groups becomes a `bool.should`
 * (at least one) of `bool`s, each with its operands in `must` and its exclusions in `must_not`; a
 * group of exclusions only matches everything else (`match_all`), as `!word` does in a tsquery.
 * An operand is a `multi_match` of type `phrase` over `fields` (one word is a one-word phrase),
 * so precedence never depends on `simple_query_string`'s left-to-right operator handling.
 * Returns null when nothing searchable is left: the query matches nothing.
 */
export function websearchToElasticsearch(text: string, fields: readonly string[]): estypes.QueryDslQueryContainer | null {
  return websearchQueryToElasticsearch(parseWebsearch(text), fields);
}

export function websearchQueryToElasticsearch(query: WebsearchQuery, fields: readonly string[]): estypes.QueryDslQueryContainer | null {
  if (query.groups.length === 0) return null;
  const groups = query.groups.map((group) => groupQuery(group, fields));
  return groups.length === 1 ? groups[0] : { bool: { should: groups, minimum_should_match: 1 } };
}

function groupQuery(group: readonly WebsearchOperand[], fields: readonly string[]): estypes.QueryDslQueryContainer {
  const must = group.filter((o) => !o.negated).map((o) => operandQuery(o, fields));
  const mustNot = group.filter((o) => o.negated).map((o) => operandQuery(o, fields));
  return { bool: { must: must.length > 0 ? must : [{ match_all: {} }], ...(mustNot.length > 0 ? { must_not: mustNot } : {}) } };
}

function operandQuery(operand: WebsearchOperand, fields: readonly string[]): estypes.QueryDslQueryContainer {
  return { multi_match: { query: operand.words.join(' '), fields: [...fields], type: 'phrase' } };
}
