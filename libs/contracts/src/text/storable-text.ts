import { z } from 'zod';

/**
 * PostgreSQL refuses NUL (U+0000) in text (`invalid byte sequence for encoding "UTF8": 0x00`), and
 * an unpaired UTF-16 surrogate is no character at all (it would be stored as U+FFFD and never match).
 * Free text from outside (query strings, tool arguments, cursors) is checked against this at the edge,
 * so it never reaches the database unvalidated.
 */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What a caller reads when text holds an unstorable character. */
export const UNSTORABLE_TEXT_MESSAGE = 'must not contain NUL (U+0000) or unpaired surrogate characters';

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** A string PostgreSQL can store and compare: no NUL, no unpaired surrogate. */
export const StorableTextSchema = z.string().refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);
