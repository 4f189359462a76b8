import { canonicalJson } from '@gong-connector/contracts';
import { createHash } from 'node:crypto';

/** sha256 of a write's tool and exact arguments: what a confirmation and an idempotency key are bound to. */
export function writeArgumentsDigest(tool: string, args: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson({ tool, args })).digest('hex');
}
