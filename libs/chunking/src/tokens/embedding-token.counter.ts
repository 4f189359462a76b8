import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';

/** Counts the tokens an embedding model sees in `text`. */
export type TokenCounter = (text: string) => number;

// Transcript text is data: a literal "<|endoftext|>" in a sentence is counted as plain text
// instead of making the tokenizer throw.
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * Tokens of `text` in cl100k_base, the BPE encoding of OpenAI's embedding models
 * (text-embedding-3-small/-large, ada-002). Also a fair estimate for other BPE models.
 */
export function countEmbeddingTokens(text: string): number {
  return text.length === 0 ? 0 : countTokens(text, AS_PLAIN_TEXT);
}
