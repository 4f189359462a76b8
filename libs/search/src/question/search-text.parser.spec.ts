import { describe, expect, it } from '@jest/globals';
import { FREE_WORD_WEIGHT, IMPLIED_CONCEPT_WEIGHT, QUALIFIER_CONCEPT_WEIGHT, isSyntax, minimumShouldMatch, parseSearchText, type ParsedSearchText } from './search-text.parser.js';
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
    expect(parsed.concepts[1]).toEqual({ exact: ['contoso'], synonyms: [], trackers: [], source: 'word', weight: FREE_WORD_WEIGHT });
    expect(pricing).toMatchObject({ source: 'vocabulary', weight: 1 });
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

describe('parseSearchText question wording', () => {
  const question = (text: string) => {
    const parsed: ParsedSearchText = parseSearchText(text);
    if (parsed.kind !== 'question') throw new Error(`${text}: ${parsed.kind}`);
    return parsed;
  };

  it.each([
    ['are they asking for a discount', [['discount']]],
    ['who makes the sign-off', [['sign off']]],
    ['do they want a pilot', [['pilot']]],
    ['is legal going to need redlines', [['legal'], ['redlines']]],
    ['who is the buyer inviting', [['inviting']]],
  ])('drops the light verbs a question is phrased with, and names of the customer side: "%s"', (text, exact) => {
    expect(question(text).concepts.map((c) => c.exact)).toEqual(exact);
  });

  it.each([
    ['who holds the purse strings over there', 'holds the purse strings'],
    ['who controls the budget', 'controls the budget'],
    ['how do they make buying decisions', 'buying decisions'],
    ['who calls the shots', 'calls the shots'],
  ])('reads the idiom in "%s" as the decision-makers concept, not its words', (text, written) => {
    const parsed = question(text);
    expect(parsed.concepts).toHaveLength(1);
    expect(parsed.concepts[0]).toMatchObject({ exact: [written], source: 'vocabulary' });
    expect(parsed.concepts[0].trackers).toContain('Decision Process');
    expect(parsed.concepts[0].synonyms).toEqual(expect.arrayContaining(['economic buyer', 'sign off']));
  });

  it('weighs a word the vocabulary does not know below the concept it knows, and fully when alone', () => {
    const mixed = question('onboarding webinar feedback');
    expect(mixed.concepts.map((c) => [c.exact, c.source, c.weight])).toEqual([
      [['onboarding'], 'vocabulary', 1],
      [['webinar'], 'word', FREE_WORD_WEIGHT],
      [['feedback'], 'word', FREE_WORD_WEIGHT],
    ]);
    expect(question('webinar feedback').concepts.map((c) => c.weight)).toEqual([1, 1]);
  });

  it('reads months as timeline words, but not the modal "may", and drops "both sides ... afterwards"', () => {
    expect(question('anything planned for september').concepts.find((c) => c.exact.includes('september'))?.trackers).toContain('Timeline');
    expect(question('they may cancel').concepts.map((c) => c.exact)).toEqual([['cancel']]);
    expect(question('what did both sides agree to afterwards').concepts.map((c) => c.exact)).toEqual([['agree']]);
  });

  it('reads losing the champion as churn risk, and the champion alone as the decision makers', () => {
    expect(question('did we lose our champion').concepts.map((c) => [c.exact, c.trackers.includes('Churn Risk')])).toEqual([[['lose our champion'], true]]);
    expect(question('who is our champion').concepts[0].trackers).toContain('Decision Maker');
  });

  it('adds the group a question word implies ("when" asks for a timeline), once', () => {
    const parsed = question('when will they decide');
    expect(parsed.concepts.map((c) => c.source)).toEqual(['question-word']);
    const implied = parsed.concepts[0];
    expect(implied.exact).toEqual([]);
    expect(implied.synonyms).toEqual(expect.arrayContaining(['deadline', 'go live', 'close date']));
    expect(implied.trackers).toContain('Timeline');
    expect(implied.weight).toBe(1);
    // The question already names the group: nothing is added.
    expect(question('when is the go-live').concepts.map((c) => c.exact)).toEqual([['go live']]);
    // Question words alone still mean nothing.
    expect(parseSearchText('when?')).toEqual({ kind: 'empty' });
  });

  it.each([
    ['when will they decide', ['decide'], null],
    ['how fast can we get them signed', ['signed'], ['how fast']],
    ['how soon will they sign off', ['sign off'], ['how soon']],
    ['what is the timeline for their decision', ['decision'], ['timeline']],
    ['by when do they need approval', ['approval'], ['by when']],
  ])('drops the act a timing question times (the event, not its group): "%s"', (text, act, timing) => {
    const parsed = question(text);
    expect(parsed.concepts.find((c) => c.exact.join() === act.join())).toBeUndefined();
    const asked = parsed.concepts.filter((c) => c.source !== 'word');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ source: timing === null ? 'question-word' : 'vocabulary', weight: 1 });
    if (timing !== null) expect(asked[0].exact).toEqual(timing);
    expect(asked[0].trackers).toContain('Timeline');
    expect(parsed.trackers).not.toContain('Decision Maker');
  });

  it.each([
    ['does infosec need to approve us', ['infosec'], ['approve']],
    ['will legal and security sign off on it', ['security'], ['sign off']],
    ['can they sign the security questionnaire', ['security', 'questionnaire'], ['sign']],
  ])('reads an act beside another concept as that concept\'s act: "%s"', (text, asked, act) => {
    const parsed = question(text);
    expect(parsed.concepts.find((c) => c.source === 'vocabulary' && c.exact.join() === asked.join())?.weight).toBe(1);
    expect(parsed.concepts.find((c) => c.exact.join() === act.join())).toEqual({ exact: act, synonyms: [], trackers: [], source: 'word', weight: FREE_WORD_WEIGHT });
  });

  it('keeps the decision group when the act is alone, or named with a role of the group', () => {
    expect(question('who needs to approve this').concepts[0]).toMatchObject({ exact: ['approve'], source: 'vocabulary' });
    expect(question('is our contact the one who decides').concepts.find((c) => c.source === 'vocabulary')?.exact).toEqual(['who decides']);
    expect(question('how do they make purchasing decisions').concepts[0].trackers).toContain('Decision Maker');
    const cfo = question('when will the cfo sign');
    expect(cfo.concepts.map((c) => [c.exact, c.source, c.weight])).toEqual([
      [['cfo', 'sign'], 'vocabulary', 1],
      [[], 'question-word', IMPLIED_CONCEPT_WEIGHT],
    ]);
  });

  it('weighs the group a question word implies below a group the question names ("when is the next meeting" asks for the meeting)', () => {
    const parsed = question('when is the next meeting');
    expect(parsed.concepts.map((c) => [c.exact, c.source, c.weight])).toEqual([
      [['next meeting'], 'vocabulary', 1],
      [[], 'question-word', IMPLIED_CONCEPT_WEIGHT],
    ]);
    expect(question('when do we follow up').concepts.map((c) => c.weight)).toEqual([1, IMPLIED_CONCEPT_WEIGHT]);
  });

  it('weighs an objection\'s words below the topic they judge, without their trackers ("compliance concerns" asks about compliance)', () => {
    const parsed = question('compliance concerns');
    expect(parsed.concepts.map((c) => [c.exact, c.source, c.weight])).toEqual([
      [['compliance'], 'vocabulary', 1],
      [['concerns'], 'vocabulary', QUALIFIER_CONCEPT_WEIGHT],
    ]);
    expect(parsed.concepts[1].trackers).toEqual([]);
    expect(parsed.trackers).toContain('Compliance');
    expect(parsed.trackers).not.toContain('Objections');
    expect(question('are they worried about data privacy').concepts.map((c) => [c.exact, c.weight])).toEqual([
      [['worried'], QUALIFIER_CONCEPT_WEIGHT],
      [['data privacy'], 1],
    ]);
  });

  it('keeps an objection\'s words as the topic when they name nothing else', () => {
    expect(question('what objections came up').concepts[0]).toMatchObject({ exact: ['objections'], source: 'vocabulary', weight: 1 });
    expect(question('what objections came up').trackers).toContain('Objections');
    // a word the vocabulary does not know is no topic to judge: the objection stays the concept asked for
    const stray = question('webinar concerns');
    expect(stray.concepts.find((c) => c.source === 'vocabulary')).toMatchObject({ exact: ['concerns'], weight: 1 });
    expect(stray.trackers).toContain('Objections');
  });

  it('names the phrases of other groups that hold a concept\'s word ("owns the budget" is not pricing), never its own', () => {
    const pricing = question('can they afford it').concepts[0];
    expect(pricing.claimedBy).toEqual(expect.arrayContaining(['owns the budget', 'holds the budget', 'budget holder']));
    expect(pricing.claimedBy).not.toContain('price increase');
    expect(question('who needs to approve this').concepts[0].claimedBy).toEqual(expect.arrayContaining(['single sign on', 'signed by']));
    expect(question('what are the next steps').concepts[0].claimedBy).toBeUndefined();
    expect(question('webinar feedback').concepts.every((c) => c.claimedBy === undefined)).toBe(true);
  });

  it.each([
    ['where will their data be stored', ['data stored'], 'Security'],
    ['is the pen test done', ['pen test'], 'Security'],
    ['who is the buyer bringing into the next conversation', ['next conversation'], 'Next Steps'],
  ])('reads a term of several words with the question\'s stop words between them: "%s"', (text, exact, tracker) => {
    const parsed = question(text);
    expect(parsed.concepts.map((c) => c.exact)).toEqual([exact]);
    expect(parsed.trackers).toContain(tracker);
  });

  it('does not read across a word that is not a stop word', () => {
    expect(question('data was never stored').concepts.map((c) => c.exact)).toEqual([['data'], ['never'], ['stored']]);
  });

  it.each([
    ['any signs they might cancel', [['cancel']]],
    ['early signs of churn', [['churn']]],
    ['who signs', [['signs']]],
  ])('drops the phrases a question is wrapped in ("any signs" are signals, not signatures): "%s"', (text, exact) => {
    expect(question(text).concepts.map((c) => c.exact)).toEqual(exact);
  });
});
