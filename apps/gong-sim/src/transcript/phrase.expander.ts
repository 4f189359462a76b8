import type { SeededRandom } from '../company/seeded.random.js';

export interface ExpandedPhrase {
  /** The whole sentence, as said without interruption. */
  text: string;
  objection: boolean;
  /** Where the template allows an interruption (`~`): the two halves as said in two turns. */
  parts: [string, string] | null;
}

/** A template parsed once: literal text, a choice among alternatives, a variable, the split point. */
type Piece = string | { choose: readonly string[] } | { variable: string } | { split: true };

interface CompiledTemplate {
  objection: boolean;
  pieces: readonly Piece[];
  hasSplit: boolean;
}

const compiled = new Map<string, CompiledTemplate>();

/**
 * Expands one script template (syntax in sales-script.data.ts): alternatives, variables, the
 * objection mark and the interruption point. Pure: the same template, variables and random
 * sequence give the same sentence. Templates are parsed once and cached (a company's transcripts
 * expand millions of sentences).
 */
export class PhraseExpander {
  static expand(template: string, vars: Readonly<Record<string, string>>, rng: SeededRandom): ExpandedPhrase {
    const t = compile(template);
    let first = '';
    let second: string | null = null;
    for (const piece of t.pieces) {
      let s: string;
      if (typeof piece === 'string') s = piece;
      else if ('choose' in piece) {
        s = rng.pick(piece.choose);
        if (s.includes('{')) s = s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? k);
      }
      else if ('variable' in piece) s = vars[piece.variable] ?? piece.variable;
      else {
        second = '';
        continue;
      }
      if (second === null) first += s;
      else second += s;
    }
    if (second === null) return { text: capitalize(tidy(first)), objection: t.objection, parts: null };
    const a = tidy(first);
    const b = tidy(second);
    const whole = capitalize(tidy(`${a} ${b}`));
    if (a === '' || b === '') return { text: whole, objection: t.objection, parts: null };
    return { text: whole, objection: t.objection, parts: [`${capitalize(a.replace(/[,;]$/, ''))}...`, b] };
  }
}

function compile(template: string): CompiledTemplate {
  const hit = compiled.get(template);
  if (hit) return hit;
  const objection = template.startsWith('!');
  const body = objection ? template.slice(1) : template;
  const pieces: Piece[] = [];
  const pattern = /\[([^[\]]*)\]|\{(\w+)\}|~/g;
  let last = 0;
  let m: RegExpExecArray | null;
  let hasSplit = false;
  while ((m = pattern.exec(body)) !== null) {
    if (m.index > last) pieces.push(body.slice(last, m.index));
    if (m[1] !== undefined) pieces.push({ choose: m[1].split('|') });
    else if (m[2] !== undefined) pieces.push({ variable: m[2] });
    else if (!hasSplit) {
      pieces.push({ split: true });
      hasSplit = true;
    }
    last = pattern.lastIndex;
  }
  if (last < body.length) pieces.push(body.slice(last));
  const out = { objection, pieces, hasSplit };
  compiled.set(template, out);
  return out;
}

function tidy(text: string): string {
  if (!/ [ ,.?!]|^ | $|,,/.test(text)) return text;
  return text
    .replace(/ {2,}/g, ' ')
    .replace(/ ([,.?!])/g, '$1')
    .replace(/,,/g, ',')
    .trim();
}

function capitalize(text: string): string {
  return text.length === 0 || (text.charCodeAt(0) >= 65 && text.charCodeAt(0) <= 90) ? text : text[0].toUpperCase() + text.slice(1);
}
