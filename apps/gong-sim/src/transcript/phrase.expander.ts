import type { SeededRandom } from '../company/seeded.random.js';

export interface ExpandedPhrase {
  /** The whole sentence, as said without interruption. */
  text: string;
  objection: boolean;
  /** Where the template allows an interruption (`~`): the two halves as said in two turns. */
  parts: [string, string] | null;
}

const SPLIT = '\u0000';

/**
 * Expands one script template (syntax in sales-script.data.ts): alternatives, variables, the
 * objection mark and the interruption point. Pure: the same template, variables and random
 * sequence give the same sentence.
 */
export class PhraseExpander {
  static expand(template: string, vars: Readonly<Record<string, string>>, rng: SeededRandom): ExpandedPhrase {
    const objection = template.startsWith('!');
    let text = objection ? template.slice(1) : template;
    text = text.replace(/\[([^[\]]*)\]/g, (_, body: string) => rng.pick(body.split('|')));
    text = text.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? k);
    text = text.replace('~', SPLIT);
    text = tidy(text);
    const at = text.indexOf(SPLIT);
    if (at < 0) return { text: capitalize(text), objection, parts: null };
    const first = text.slice(0, at).trim();
    const second = text.slice(at + 1).trim();
    const whole = capitalize(tidy(`${first} ${second}`));
    if (first === '' || second === '') return { text: whole, objection, parts: null };
    return { text: whole, objection, parts: [`${capitalize(first.replace(/[,;]$/, ''))}...`, second] };
  }
}

function tidy(text: string): string {
  return text
    .replace(/[ \t]+/g, ' ')
    .replace(/ ([,.?!])/g, '$1')
    .replace(/,,/g, ',')
    .trim();
}

function capitalize(text: string): string {
  return text.length === 0 ? text : text[0].toUpperCase() + text.slice(1);
}
