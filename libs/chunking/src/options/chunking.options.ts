import { z } from 'zod';
import { AppError, ErrorCode, validate } from '@gong-connector/contracts';
import type { TokenCounter } from '../tokens/embedding-token.counter.js';
import { countEmbeddingTokens } from '../tokens/embedding-token.counter.js';

/**
 * How the chunker cuts and labels.
 *
 * - `maxTokens` (default 256): the budget of a chunk's whole `text`, speaker line included, because
 *   that text is exactly what the embedding model sees. 256 cl100k tokens are about 190 words or a
 *   minute of speech: small enough for focused retrieval and to fit the input window of small local
 *   embedding models (MiniLM: 256 word pieces, bge/e5: 512), far under OpenAI's 8,191. A chunk goes
 *   over the budget only when it holds a single sentence that does not fit with its speaker line.
 * - `overlapSentences` (default 1): whole sentences that the next part of a split monologue repeats
 *   from the end of the previous part. Shrunk (down to 0) when the overlap plus the next new sentence
 *   would not fit the budget; every part holds at least one sentence the previous part did not.
 * - `countTokens` (default cl100k_base, `countEmbeddingTokens`): the tokenizer of the embedding model.
 *   The chunker counts each sentence once, with its leading space, and adds the pieces; for
 *   cl100k_base that sum equals the count of the joined text exactly.
 * - `trackerSlackMs` (default 500): a tracker occurrence (Gong gives seconds, e.g. 32.56) counts for
 *   a chunk when it lies within the chunk's span widened by this much on each side, to absorb rounding.
 * - `trackerPhraseMatching` (default `fallback`): for a tracker that has no occurrence data at all
 *   (calls recorded before 2023, or occurrences not requested), match its phrases in the chunk body;
 *   `never` turns that off.
 */
export interface ChunkingOptions {
  maxTokens?: number;
  overlapSentences?: number;
  countTokens?: TokenCounter;
  trackerSlackMs?: number;
  trackerPhraseMatching?: 'fallback' | 'never';
}

export type ResolvedChunkingOptions = Required<ChunkingOptions>;

export const DEFAULT_CHUNKING_OPTIONS: Readonly<ResolvedChunkingOptions> = Object.freeze({
  maxTokens: 256,
  overlapSentences: 1,
  countTokens: countEmbeddingTokens,
  trackerSlackMs: 500,
  trackerPhraseMatching: 'fallback',
});

const NumericOptionsSchema = z.object({
  maxTokens: z.number().int().positive().optional(),
  overlapSentences: z.number().int().nonnegative().optional(),
  trackerSlackMs: z.number().nonnegative().finite().optional(),
  trackerPhraseMatching: z.enum(['fallback', 'never']).optional(),
});

/** Fills in defaults; throws AppError VALIDATION_FAILED on a bad value. */
export function resolveChunkingOptions(options: ChunkingOptions = {}): ResolvedChunkingOptions {
  const { countTokens, ...rest } = options;
  const checked = validate(NumericOptionsSchema, rest, 'chunking options');
  if (countTokens !== undefined && typeof countTokens !== 'function') {
    throw new AppError(ErrorCode.VALIDATION_FAILED, 'Invalid chunking options: countTokens must be a function', {
      details: [{ path: 'countTokens', message: 'expected a function (text: string) => number' }],
    });
  }
  return {
    maxTokens: checked.maxTokens ?? DEFAULT_CHUNKING_OPTIONS.maxTokens,
    overlapSentences: checked.overlapSentences ?? DEFAULT_CHUNKING_OPTIONS.overlapSentences,
    countTokens: countTokens ?? DEFAULT_CHUNKING_OPTIONS.countTokens,
    trackerSlackMs: checked.trackerSlackMs ?? DEFAULT_CHUNKING_OPTIONS.trackerSlackMs,
    trackerPhraseMatching: checked.trackerPhraseMatching ?? DEFAULT_CHUNKING_OPTIONS.trackerPhraseMatching,
  };
}
