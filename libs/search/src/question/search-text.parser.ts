import { QUESTION_STOP_WORDS, QUESTION_WRAPPER_PHRASES } from './question-stop-words.data.js';
import { QUESTION_WORD_CONCEPTS } from './question-word-concepts.data.js';
import { SALES_SYNONYM_GROUPS, type SynonymGroup } from './sales-synonyms.data.js';
import { CONCEPT_ACT_WORDS, TIMING_GROUP } from './concept-act-words.data.js';
import { QUALIFIER_GROUPS } from './qualifier-groups.data.js';

/** One thing the question asks about: its own words, the group's other words, and trackers that signal it. */
export interface QuestionConcept {
  /** The words as the question has them (one entry per word or phrase of the question). */
  exact: string[];
  /** The synonym group's other terms (empty when the word is in no group). */
  synonyms: string[];
  /** Tracker names whose firing signals the concept. */
  trackers: string[];
  /**
   * Where the concept comes from: a term of the sales vocabulary (`vocabulary`), a word it does not
   * know (`word`), or a group a question word implies (`question-word`, with no `exact` words).
   */
  source: 'vocabulary' | 'word' | 'question-word';
  /**
   * How much the concept counts: 1, except a word the vocabulary does not know beside a concept
   * of the vocabulary (`FREE_WORD_WEIGHT`): the question's sales concept is what it asks about, a
   * stray word ("asking", "controls") only ranks among its passages; and a group a question word
   * implies beside a group the question names (`IMPLIED_CONCEPT_WEIGHT`): "when is the next
   * meeting" asks about the next meeting, its timing only ranks among its passages. The PostgreSQL adapter also caps such a concept's rarity weight at the vocabulary
   * concepts' (a rare stray word must not outrank the question's topic).
   */
  weight: number;
  /**
   * Phrases of other groups that hold one of the concept's one-word terms ("owns the budget" holds
   * the pricing term "budget"): a passage saying one uses the word in that group's sense, so the
   * concept's terms do not count in it. Absent when there are none (and for a word of the question).
   */
  claimedBy?: string[];
}

/** The weight of a word the sales vocabulary does not know beside a concept of the vocabulary. */
export const FREE_WORD_WEIGHT = 0.5;
/** The weight of a group a question word implies beside a group the question names by its words. */
export const IMPLIED_CONCEPT_WEIGHT = 0.5;
/** The weight of a qualifier group (`QUALIFIER_GROUPS`: an objection's words) beside a topic the question names. */
export const QUALIFIER_CONCEPT_WEIGHT = 0.5;

/**
 * What a search text means:
 *
 * - `syntax`: the user wrote search syntax (a `"quote"`, an upper-case `OR`, or a `-word`): it is
 *   honoured exactly as web-search syntax, every term required;
 * - `question`: natural language: ranked by how many concepts a passage covers (at least
 *   `minimumShouldMatch` of them), each concept matched by its own words first and its synonyms
 *   second, with `phrases` (adjacent words of the question) and `trackers` ranking up;
 *   `customerSide` is set when the question is about what the customer says ("they", "the
 *   customer", "their"): customer-side passages rank up (they are not required);
 * - `empty`: nothing searchable was left (only stop words or punctuation): matches nothing.
 */
export type ParsedSearchText =
  | { kind: 'syntax'; text: string }
  | { kind: 'question'; concepts: QuestionConcept[]; phrases: string[]; trackers: string[]; minimumShouldMatch: number; customerSide: boolean }
  | { kind: 'empty' };

/** Most concepts a question is read for; words after these are ignored. */
export const MAX_QUESTION_CONCEPTS = 10;
/** Most adjacent-word phrases boosted. */
export const MAX_QUESTION_PHRASES = 4;

interface GroupTerm {
  group: SynonymGroup;
  tokens: string[];
}

const TERMS_BY_FIRST_TOKEN = indexTerms(SALES_SYNONYM_GROUPS);
const CLAIMED_BY_GROUP = claimedPhrases(SALES_SYNONYM_GROUPS);
const WRAPPERS = QUESTION_WRAPPER_PHRASES.map(tokenize);
const ACT_KEYS = new Set(CONCEPT_ACT_WORDS.map((w) => key(normalizeTerm(w))));

/** Words by which a question asks about the customer's side of the call. */
const CUSTOMER_WORDS = new Set(['they', 'them', 'their', 'theirs', 'customer', 'customers', 'client', 'clients', 'prospect', 'prospects', 'buyer', 'buyers']);

/**
 * Reads a search text (pure; the synonym groups and stop words are data). Quotes, `OR` and `-word`
 * mean syntax; anything else is a question. Question words are matched to synonym groups by a
 * light suffix-stripping key (so "discounts" finds the group of "discount"); the adapters match
 * every term with their own English stemming.
 */
export function parseSearchText(text: string): ParsedSearchText {
  if (isSyntax(text)) return { kind: 'syntax', text };
  const tokens = tokenize(text);
  const concepts: QuestionConcept[] = [];
  const byGroup = new Map<SynonymGroup, QuestionConcept>();
  const kept: { token: string; at: number }[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < tokens.length; ) {
    const wrapper = WRAPPERS.find((w) => w.every((t, j) => tokens[i + j] === t));
    if (wrapper !== undefined) {
      i += wrapper.length;
      continue;
    }
    const match = longestTermAt(tokens, i);
    if (match !== null) {
      addToGroup(match.term.group, match.words.join(' '));
      if (match.term.tokens.length === 1) kept.push({ token: tokens[i], at: i });
      i = match.end;
      continue;
    }
    const token = tokens[i];
    if (!QUESTION_STOP_WORDS.has(token) && !seen.has(token) && concepts.length < MAX_QUESTION_CONCEPTS) {
      seen.add(token);
      concepts.push({ exact: [token], synonyms: [], trackers: [], source: 'word', weight: 1 });
      kept.push({ token, at: i });
    }
    i++;
  }
  for (const token of new Set(tokens)) {
    const group = SALES_SYNONYM_GROUPS.find((g) => g.name === QUESTION_WORD_CONCEPTS[token]);
    if (group === undefined || byGroup.has(group) || concepts.length >= MAX_QUESTION_CONCEPTS || concepts.length === 0) continue;
    const concept: QuestionConcept = { exact: [], synonyms: group.terms.map(normalizeTerm), trackers: [...group.trackers], source: 'question-word', weight: 1 };
    byGroup.set(group, concept);
    concepts.push(concept);
  }
  if (concepts.length === 0) return { kind: 'empty' };
  for (const timed of readActsOfConcepts(byGroup)) concepts.splice(concepts.indexOf(timed), 1);
  for (const [group, concept] of byGroup) {
    const claimed = CLAIMED_BY_GROUP.get(group) ?? [];
    if (concept.source !== 'word' && claimed.length > 0) concept.claimedBy = [...claimed];
  }
  if (concepts.some((c) => c.source === 'vocabulary')) for (const c of concepts) if (c.source === 'question-word') c.weight = IMPLIED_CONCEPT_WEIGHT;
  readQualifiers(byGroup);
  if (concepts.some((c) => c.source !== 'word')) for (const c of concepts) if (c.source === 'word') c.weight = FREE_WORD_WEIGHT;

  const phrases: string[] = [];
  for (let k = 1; k < kept.length && phrases.length < MAX_QUESTION_PHRASES; k++) {
    if (kept[k].at === kept[k - 1].at + 1) phrases.push(`${kept[k - 1].token} ${kept[k].token}`);
  }
  const trackers = [...new Set(concepts.flatMap((c) => c.trackers))];
  const customerSide = tokens.some((t) => CUSTOMER_WORDS.has(t));
  return { kind: 'question', concepts, phrases, trackers, minimumShouldMatch: minimumShouldMatch(concepts.length), customerSide };

  function addToGroup(group: SynonymGroup, written: string): void {
    let concept = byGroup.get(group);
    if (concept === undefined) {
      if (concepts.length >= MAX_QUESTION_CONCEPTS) return;
      concept = { exact: [], synonyms: [], trackers: [...group.trackers], source: 'vocabulary', weight: 1 };
      byGroup.set(group, concept);
      concepts.push(concept);
    }
    if (!concept.exact.includes(written)) concept.exact.push(written);
    concept.synonyms = group.terms.map(normalizeTerm).filter((t) => !concept.exact.some((e) => key(e) === key(t)));
  }
}

/**
 * Qualifiers (`QUALIFIER_GROUPS`): a qualifier group named by the question's words beside a group of
 * another kind it also names by its words ("compliance concerns") weighs `QUALIFIER_CONCEPT_WEIGHT`
 * and signals nothing by its trackers. Alone, or beside only free words or implied groups, it is
 * the question's topic and is left as it is.
 */
function readQualifiers(byGroup: ReadonlyMap<SynonymGroup, QuestionConcept>): void {
  const named = [...byGroup].filter(([, c]) => c.source === 'vocabulary');
  const isQualifier = (g: SynonymGroup) => QUALIFIER_GROUPS.includes(g.name);
  if (!named.some(([g]) => !isQualifier(g))) return;
  for (const [group, concept] of named) {
    if (!isQualifier(group)) continue;
    concept.weight = QUALIFIER_CONCEPT_WEIGHT;
    concept.trackers = [];
  }
}

/**
 * An act of another concept (`CONCEPT_ACT_WORDS`): a concept named only by act words ("decide",
 * "approve") beside a concept of another group ("infosec" names security) is that concept's act,
 * read as a word of its own (its forms, no group synonyms or trackers), not as its group (who
 * decides). Beside the timing group ("when" implies it, "how fast" names it) it is the event being
 * timed and is returned, to be dropped. Alone, it keeps its group.
 */
function readActsOfConcepts(byGroup: ReadonlyMap<SynonymGroup, QuestionConcept>): QuestionConcept[] {
  const isAct = (c: QuestionConcept) => c.source === 'vocabulary' && c.exact.every((e) => ACT_KEYS.has(key(e)));
  const acts = [...byGroup.values()].filter(isAct);
  if (acts.length === 0 || acts.length === byGroup.size) return [];
  if ([...byGroup.keys()].some((g) => g.name === TIMING_GROUP)) return acts;
  for (const concept of acts) Object.assign(concept, { synonyms: [], trackers: [], source: 'word' });
  return [];
}

/**
 * How many concepts a passage must cover: any one of a short question's (up to three), about a
 * third of a longer one's. A passage covering more ranks higher either way.
 */
export function minimumShouldMatch(conceptCount: number): number {
  return conceptCount <= 3 ? 1 : Math.ceil(conceptCount / 3);
}

/** Search syntax: a double quote, an upper-case OR between words, or a word with a leading minus. */
export function isSyntax(text: string): boolean {
  return text.includes('"') || /(^|\s)OR(\s|$)/.test(text) || /(^|\s)-[^\s-]/.test(text);
}

function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’`](s|re|ll|ve|d|m|t)\b/g, '')
    .replace(/['’`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '');
}

function normalizeTerm(term: string): string {
  return tokenize(term).join(' ');
}

/** A light stemming key for matching question words to group terms (the indexes stem for real). */
function key(word: string): string {
  return word
    .split(' ')
    .map((w) => (w.length > 4 ? w.replace(/(ing|ed|es|s)$/, '').replace(/e$/, '') : w))
    .join(' ');
}

/** Per group, the phrases of the other groups holding one of its one-word terms (by stemming key). */
function claimedPhrases(groups: readonly SynonymGroup[]): Map<SynonymGroup, string[]> {
  const byGroup = new Map<SynonymGroup, string[]>();
  for (const group of groups) {
    const words = new Set(group.terms.map((t) => tokenize(t).map(key)).filter((t) => t.length === 1).map((t) => t[0]));
    const claimed = groups
      .filter((other) => other !== group)
      .flatMap((other) => other.terms.map(normalizeTerm))
      .filter((phrase) => phrase.includes(' ') && phrase.split(' ').some((w) => words.has(key(w))));
    byGroup.set(group, [...new Set(claimed)]);
  }
  return byGroup;
}

function indexTerms(groups: readonly SynonymGroup[]): Map<string, GroupTerm[]> {
  const byFirst = new Map<string, GroupTerm[]>();
  for (const group of groups) {
    for (const term of group.terms) {
      const tokens = tokenize(term).map(key);
      if (tokens.length === 0) continue;
      const list = byFirst.get(tokens[0]) ?? [];
      if (!list.some((t) => t.tokens.join(' ') === tokens.join(' '))) list.push({ group, tokens });
      byFirst.set(tokens[0], list);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  return byFirst;
}

/**
 * The longest group term starting at `at`: its words in order, with the question's stop words
 * allowed between them ("where will the data be stored" names "data stored"); `words` are the
 * question's words of the term (stop words between them left out), `end` the index after it.
 */
function longestTermAt(tokens: readonly string[], at: number): { term: GroupTerm; words: string[]; end: number } | null {
  for (const term of TERMS_BY_FIRST_TOKEN.get(key(tokens[at])) ?? []) {
    const words: string[] = [];
    let i = at;
    for (const [j, t] of term.tokens.entries()) {
      if (j > 0) while (i < tokens.length && key(tokens[i]) !== t && QUESTION_STOP_WORDS.has(tokens[i])) i++;
      if (i >= tokens.length || key(tokens[i]) !== t) break;
      words.push(tokens[i++]);
    }
    if (words.length === term.tokens.length) return { term, words, end: i };
  }
  return null;
}
