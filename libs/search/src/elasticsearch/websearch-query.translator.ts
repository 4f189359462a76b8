/**
 * Translates web-search syntax, as PostgreSQL's `websearch_to_tsquery` reads it, into
 * Elasticsearch `simple_query_string` syntax, so both adapters understand the same query text:
 *
 * - words are ANDed; `"quoted words"` are a phrase (an unterminated quote runs to the end);
 * - `or` (any case) between two operands makes them alternatives: `a b or c` is `a AND (b OR c)`;
 * - `-word` or `-"a phrase"` excludes.
 *
 * Characters that are operators in simple_query_string (`+ | - " * ( ) ~ \`) never pass through
 * from a word: they split it (a hyphenated word becomes a phrase of its parts, as PostgreSQL's
 * parser splits it). Returns null when nothing searchable is left: the query matches nothing.
 */
export function toSimpleQueryString(text: string): string | null {
  const groups: string[][] = [];
  let pendingOr = false;
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    let negated = false;
    if (text[i] === '-' && i + 1 < text.length && !/\s/.test(text[i + 1])) {
      negated = true;
      i++;
    }
    let operand: string | null;
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      const inner = text.slice(i + 1, end === -1 ? text.length : end);
      i = end === -1 ? text.length : end + 1;
      const words = wordsOf(inner);
      operand = words.length === 0 ? null : `"${words.join(' ')}"`;
    } else {
      let end = i;
      while (end < text.length && !/\s/.test(text[end]) && text[end] !== '"') end++;
      const raw = text.slice(i, end);
      i = end;
      if (!negated && raw.toLowerCase() === 'or') {
        pendingOr = groups.length > 0;
        continue;
      }
      const words = wordsOf(raw);
      operand = words.length === 0 ? null : words.length === 1 ? words[0] : `"${words.join(' ')}"`;
    }
    if (operand === null) continue;
    const rendered = negated ? `-${operand}` : operand;
    if (pendingOr && groups.length > 0) groups[groups.length - 1].push(rendered);
    else groups.push([rendered]);
    pendingOr = false;
  }
  if (groups.length === 0) return null;
  return groups.map((g) => (g.length === 1 ? g[0] : `(${g.join(' | ')})`)).join(' ');
}

function wordsOf(raw: string): string[] {
  return raw
    .replace(/[+|\-"*()~\\]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '');
}
