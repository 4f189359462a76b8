import { createHash } from 'node:crypto';
import type { CallRecord } from './call-record.js';

type Row = Record<string, unknown>;

/** Stable JSON (sorted keys) so equal records hash equally whatever the key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Row)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function contentHash(call: CallRecord): string {
  return createHash('sha256').update(stableStringify(call)).digest('hex');
}
