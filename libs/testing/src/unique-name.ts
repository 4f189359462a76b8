import { randomBytes } from 'node:crypto';

/** A name unique to this test run: for schemas, streams, durables and subjects. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase();
}
