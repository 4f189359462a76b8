/** A run of whole sentences `[start, end)` of one monologue and the tokens of its chunk text. */
export interface SentenceWindow {
  start: number;
  end: number;
  tokenCount: number;
}

export interface SentenceWindowInput {
  /** Sentences in the monologue. */
  count: number;
  maxTokens: number;
  overlapSentences: number;
  /** Tokens sentence i adds when it follows another sentence (leading space included). */
  followingTokens: ArrayLike<number>;
  /** Tokens of a chunk's fixed part plus sentence i when sentence i opens the chunk. */
  openingTokens: (i: number) => number;
}

/**
 * Cuts a monologue into windows of whole sentences, greedily, in one pass.
 *
 * - A window holds as many following sentences as fit `maxTokens`; a window of two or more
 *   sentences never exceeds it. A window of one sentence may (that sentence alone is too long).
 * - The next window starts `overlapSentences` before the previous end, but never at or before the
 *   previous start, and the overlap shrinks until the first new sentence fits with it: every window
 *   brings at least one new sentence, so there are at most `count` windows.
 * - `openingTokens` is asked at most once per sentence (windows starts and overlap candidates only),
 *   `followingTokens` is read through prefix sums: O(count) overall.
 */
export function planSentenceWindows(input: SentenceWindowInput): SentenceWindow[] {
  const { count, maxTokens, overlapSentences, followingTokens } = input;
  if (count <= 0) return [];

  // prefix[i] = sum of followingTokens[0..i-1]
  const prefix = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) prefix[i + 1] = prefix[i] + followingTokens[i];
  const opening = new Float64Array(count).fill(-1);
  const open = (i: number): number => {
    if (opening[i] < 0) opening[i] = input.openingTokens(i);
    return opening[i];
  };
  // Tokens of a window holding sentences first..last (inclusive).
  const cost = (first: number, last: number): number => open(first) + prefix[last + 1] - prefix[first + 1];

  const windows: SentenceWindow[] = [];
  let start = 0;
  for (;;) {
    let used = open(start);
    let end = start + 1;
    while (end < count && used + followingTokens[end] <= maxTokens) {
      used += followingTokens[end];
      end++;
    }
    windows.push({ start, end, tokenCount: used });
    if (end >= count) return windows;

    let next = Math.max(end - overlapSentences, start + 1);
    while (next < end && cost(next, end) > maxTokens) next++;
    start = next;
  }
}
