import { describe, expect, it } from '@jest/globals';
import { isSyntax, minimumShouldMatch, parseSearchText } from './search-text.parser.js';
import { SALES_SYNONYM_GROUPS } from './sales-synonyms.data.js';

describe('parseSearchText', () => {
  it.each([
    ['"enterprise tier"', true],
    ['pricing OR security', true],
    ['pricing -discount', true],
    ['what did they say about pricing or discounts', false],
    ['go-live date', false],
    ['follow - up', false],
  ])('%s is syntax: %s', (text, syntax) => {
    expect(isSyntax(text)).toBe(syntax);
    expect(parseSearchText(text).kind).toBe(syntax ? 'syntax' : 'question');
  });

  it('drops stop words and question wrappers, and groups synonyms into one concept', () => {
    const parsed = parseSearchText('What did the customer say about pricing and discounts with Contoso?');
    expect(parsed.kind).toBe('question');
    if (parsed.kind !== 'question') return;
    expect(parsed.concepts.map((c) => c.exact)).toEqual([['pricing', 'discounts'], ['contoso']]);
    const pricing = parsed.concepts[0];
    expect(pricing.synonyms).toEqual(expect.arrayContaining(['budget', 'cost', 'expensive', 'per seat']));
    expect(pricing.synonyms).not.toContain('pricing');
    expect(pricing.synonyms).not.toContain('discount');
    expect(pricing.trackers).toContain('Pricing');
    expect(parsed.concepts[1]).toEqual({ exact: ['contoso'], synonyms: [], trackers: [] });
    expect(parsed.minimumShouldMatch).toBe(1);
  });

  it('recognises multi-word terms (longest first), hyphens and apostrophes included', () => {
    const parsed = parseSearchText("Who's the economic buyer, and when is go-live? Did security sign-off happen?");
    if (parsed.kind !== 'question') throw new Error(parsed.kind);
    const exact = parsed.concepts.map((c) => c.exact);
    expect(exact).toEqual([['economic buyer', 'sign off'], ['go live'], ['security'], ['happen']]);
    expect(parsed.trackers).toEqual(expect.arrayContaining(['Decision Maker', 'Timeline', 'Security']));
  });

  it.each([
    ['who puts pen to paper on their side', 'pen to paper', 'economic buyer'],
    ['have they stopped using it', 'stopped using', 'renewal'],
    ['how fast can we close this', 'how fast', 'deadline'],
  ])('reads the sales idiom in "%s" as one concept with its group', (text, term, synonym) => {
    const parsed = parseSearchText(text);
    if (parsed.kind !== 'question') throw new Error(parsed.kind);
    const concept = parsed.concepts.find((c) => c.exact.includes(term));
    expect(concept?.synonyms).toContain(synonym);
  });

  it('boosts adjacent question words as phrases', () => {
    const parsed = parseSearchText('data warehouse migration plans and renewal terms');
    if (parsed.kind !== 'question') throw new Error(parsed.kind);
    expect(parsed.phrases).toEqual(['migration plans', 'renewal terms']);
  });

  it('is empty when only stop words are left', () => {
    expect(parseSearchText('what did they say about it?')).toEqual({ kind: 'empty' });
    expect(parseSearchText('  ...  ')).toEqual({ kind: 'empty' });
  });

  it('requires one concept of a short question and about a third of a long one', () => {
    expect([1, 2, 3, 4, 6, 7, 10].map(minimumShouldMatch)).toEqual([1, 1, 1, 2, 2, 3, 4]);
    const long = parseSearchText('renewal terms onboarding webinar commission accelerator invoice schedule');
    if (long.kind !== 'question') throw new Error(long.kind);
    expect(long.concepts.length).toBeGreaterThan(3);
    expect(long.minimumShouldMatch).toBe(minimumShouldMatch(long.concepts.length));
  });

  it('keeps the synonym data well-formed: every group has terms and trackers, no term in two groups', () => {
    const seen = new Map<string, string>();
    for (const group of SALES_SYNONYM_GROUPS) {
      expect(group.terms.length).toBeGreaterThan(3);
      expect(group.trackers.length).toBeGreaterThan(0);
      for (const term of group.terms) {
        expect(seen.get(term.toLowerCase())).toBeUndefined();
        seen.set(term.toLowerCase(), group.name);
      }
    }
  });
});

describe('parseSearchText word forms', () => {
  it.each([
    ['did they mention alternatives', 'Competitors'],
    ['price increases', 'Pricing'],
    ['who decided', 'Decision Maker'],
  ])('maps "%s" to a synonym group whatever the word form', (text, tracker) => {
    const parsed = parseSearchText(text);
    if (parsed.kind !== 'question') throw new Error(parsed.kind);
    expect(parsed.concepts).toHaveLength(1);
    expect(parsed.concepts[0].trackers).toContain(tracker);
  });
});
