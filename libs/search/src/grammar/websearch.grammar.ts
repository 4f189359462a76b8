import { ENGLISH_STOP_WORDS } from './english-stop-words.data.js';

/** One operand: a word (split into its parts, e.g. `SOC-2` is `soc 2`) or a quoted phrase; `negated` for `-word`. */
export interface WebsearchOperand {
  /** Lower-cased words in order; more than one is a phrase (adjacent, in this order). */
  words: string[];
  negated: boolean;
}

/**
 * Search syntax read the way PostgreSQL's `websearch_to_tsquery` reads it, for every adapter:
 * an OR of AND-groups (`a b or c` is `(a AND b) OR c`: AND binds tighter than OR, as `&` binds
 * tighter than `|` in a tsquery). Each group holds its operands, every one required (or, when
 * negated, excluded). An empty list of groups matches nothing.
 */
export interface WebsearchQuery {
  groups: WebsearchOperand[][];
}

/**
 * Parses web-search syntax (pure):
 *
 * - whitespace-separated words are ANDed; `"quoted words"` are a phrase (an unterminated quote
 *   runs to the end; a word glued to a closing quote starts a new operand);
 * - `or` (any case) between two operands starts a new OR group; a leading, trailing or repeated
 *   `or` is ignored;
 * - `-` before an operand excludes it, also when a space follows the dash (`pricing - discount`
 *   excludes discount, as PostgreSQL does); a dash at the end is ignored;
 * - every other punctuation character separates the parts of a word, and a word of several parts
 *   is a phrase of them (`SOC-2`, `follow-up`), its stop-word parts left out (`customer's`);
 * - an operand whose words are all English stop words (PostgreSQL's list) is dropped, as
 *   PostgreSQL drops it: `the or pricing` is `pricing`, `about renewal` is `renewal`.
 *
 * Checked against PostgreSQL 15's `websearch_to_tsquery('english', ...)` on the cases of the spec.
 */
export function parseWebsearch(text: string): WebsearchQuery {
  const groups: WebsearchOperand[][] = [[]];
  let i = 0;
  let negated = false;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '-') {
      negated = true;
      i++;
      continue;
    }
    let raw: string;
    let quoted = false;
    if (ch === '"') {
      const end = text.indexOf('"', i + 1);
      raw = text.slice(i + 1, end === -1 ? text.length : end);
      i = end === -1 ? text.length : end + 1;
      quoted = true;
    } else {
      let end = i;
      while (end < text.length && !/\s/.test(text[end]) && text[end] !== '"') end++;
      raw = text.slice(i, end);
      i = end;
    }
    if (!quoted && !negated && raw.toLowerCase() === 'or') {
      if (groups[groups.length - 1].length > 0) groups.push([]);
      continue;
    }
    // A word's stop-word parts go (`customer's` is `customer`); a phrase keeps its words in place.
    const words = quoted ? wordsOf(raw) : wordsOf(raw).filter((w) => !ENGLISH_STOP_WORDS.has(w));
    if (words.length > 0 && !words.every((w) => ENGLISH_STOP_WORDS.has(w))) groups[groups.length - 1].push({ words, negated });
    negated = false;
  }
  return { groups: groups.filter((g) => g.length > 0) };
}

/** The query back as web-search text (canonical: lower case, phrases quoted, groups joined by ` or `). */
export function formatWebsearch(query: WebsearchQuery): string {
  return query.groups
    .map((group) => group.map((o) => `${o.negated ? '-' : ''}${o.words.length > 1 ? `"${o.words.join(' ')}"` : o.words[0]}`).join(' '))
    .join(' or ');
}

function wordsOf(raw: string): string[] {
  return raw
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}
