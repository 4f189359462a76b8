const WHITESPACE_RUN = /\s+/g;
// Anything but single spaces between words: a run of 2+ whitespace, or one that is not a space.
const NEEDS_COLLAPSE = /\s\s|[^\S ]/;

/**
 * Collapses every whitespace run (newlines, tabs, repeated spaces) to one space and trims.
 * Sentences are then joined with single spaces, which keeps per-sentence token counts additive.
 */
export function normalizeSentenceText(text: string): string {
  const trimmed = text.trim();
  return NEEDS_COLLAPSE.test(trimmed) ? trimmed.replace(WHITESPACE_RUN, ' ') : trimmed;
}
