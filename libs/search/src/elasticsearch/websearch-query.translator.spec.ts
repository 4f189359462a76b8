import { describe, expect, it } from '@jest/globals';
import { websearchToElasticsearch } from './websearch-query.translator.js';

const F = ['body', 'call_title'];
const m = (query: string) => ({ multi_match: { query, fields: F, type: 'phrase' } });

describe('websearchToElasticsearch', () => {
  it('renders one group as a bool of required and excluded phrases', () => {
    expect(websearchToElasticsearch('pricing "enterprise tier" -seats', F)).toEqual({
      bool: { must: [m('pricing'), m('enterprise tier')], must_not: [m('seats')] },
    });
  });

  it('binds AND tighter than OR, as websearch_to_tsquery: a b or c is (a AND b) OR c', () => {
    expect(websearchToElasticsearch('budget pricing or discount', F)).toEqual({
      bool: { should: [{ bool: { must: [m('budget'), m('pricing')] } }, { bool: { must: [m('discount')] } }], minimum_should_match: 1 },
    });
  });

  it('matches everything else for a group of exclusions only (as !word in a tsquery)', () => {
    expect(websearchToElasticsearch('pricing or -discount', F)).toEqual({
      bool: { should: [{ bool: { must: [m('pricing')] } }, { bool: { must: [{ match_all: {} }], must_not: [m('discount')] } }], minimum_should_match: 1 },
    });
  });

  it('gives null when nothing searchable is left', () => {
    expect(websearchToElasticsearch('" - "', F)).toBeNull();
    expect(websearchToElasticsearch('the or about', F)).toBeNull();
  });
});
