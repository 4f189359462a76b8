const START = '\u0001int64:';
const END = '\u0001';
const MARKED = /"\\u0001int64:(-?\d+)\\u0001"/g;
const PROBE = '\\u0001int64:';

/**
 * A value the spec types as an int64 JSON number. Gong's ids do not fit a double, so they are kept
 * as digit strings and written out as raw JSON numbers (a plain JSON.parse on the client corrupts
 * them, exactly as with the real API).
 */
export class Int64 {
  constructor(readonly value: string) {
    if (!/^-?\d+$/.test(value)) throw new Error(`not an integer: ${value}`);
  }

  toJSON(): string {
    return `${START}${this.value}${END}`;
  }

  toString(): string {
    return this.value;
  }
}

export function int64(digits: string): Int64 {
  return new Int64(digits);
}

/** JSON.stringify that writes Int64 values as raw JSON numbers; no per-key cost for other bodies. */
export function serializeGongJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.includes(PROBE) ? text.replace(MARKED, '$1') : text;
}
