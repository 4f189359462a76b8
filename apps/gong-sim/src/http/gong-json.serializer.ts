import { LosslessNumber } from 'lossless-json';

const MARK = '\u0001int64:';
const MARKED = /"\\u0001int64:(-?\d+)\\u0001"/g;

/**
 * A value the spec types as an int64 JSON number. Gong's ids do not fit a double, so they are kept
 * as digit strings and written out as raw JSON numbers (a plain JSON.parse on the client corrupts
 * them, exactly as with the real API).
 */
export function int64(digits: string): LosslessNumber {
  if (!/^-?\d+$/.test(digits)) throw new Error(`not an integer: ${digits}`);
  return new LosslessNumber(digits);
}

/** JSON.stringify that writes LosslessNumber values as raw numbers; as fast as JSON.stringify otherwise. */
export function serializeGongJson(value: unknown): string {
  let marked = false;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof LosslessNumber) {
      marked = true;
      return `${MARK}${v.value}\u0001`;
    }
    return v;
  });
  return marked ? text.replace(MARKED, '$1') : text;
}
