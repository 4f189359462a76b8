const WHITESPACE_RUN = /\s+/g;

/**
 * Collapses every whitespace run (newlines, tabs, repeated spaces) to one space and trims.
 * Sentences are then joined with single spaces, which keeps per-sentence token counts additive.
 */
export function normalizeSentenceText(text: string): string {
  return text.replace(WHITESPACE_RUN, ' ').trim();
}
