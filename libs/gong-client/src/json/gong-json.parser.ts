import { parse } from 'lossless-json';

const INTEGER = /^-?\d+$/;
/**
 * An integer beyond 2^53 has at least 16 digits, and in valid JSON a number literal always follows
 * `:`, `[` or `,` (plus whitespace). Text without this pattern holds no unsafe integer, so the native
 * parser gives exactly the lossless result; with it (even a false alarm inside a string) we parse
 * losslessly.
 */
const MAYBE_UNSAFE_INTEGER = /[:[,]\s*-?\d{16}/;

/**
 * Numbers: integers beyond Number.MAX_SAFE_INTEGER stay exact as their decimal string (Gong's
 * 19-digit ids sent as JSON numbers); every other number becomes a JS number. Schemas then turn id
 * fields that arrived as numbers into strings.
 */
export function parseGongNumber(text: string): number | string {
  if (INTEGER.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
  }
  return Number(text);
}

/**
 * Parses a Gong response body without losing precision on big integers. Throws SyntaxError on
 * invalid or truncated JSON (and on duplicate keys with different values).
 */
export function parseGongJson(text: string): unknown {
  if (!MAYBE_UNSAFE_INTEGER.test(text)) return JSON.parse(text) as unknown;
  return parse(text, null, parseGongNumber);
}
