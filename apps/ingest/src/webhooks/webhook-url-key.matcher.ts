import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Gong's "URL includes key" option: the secret travels in the URL. Compared in constant time on
 * equal-length SHA-256 digests, so neither the content nor the length of the key leaks.
 */
export class WebhookUrlKeyMatcher {
  private readonly expected: Buffer | undefined;

  constructor(key: string | undefined) {
    this.expected = key === undefined ? undefined : digest(key);
  }

  get configured(): boolean {
    return this.expected !== undefined;
  }

  matches(given: string): boolean {
    return this.expected !== undefined && timingSafeEqual(digest(given), this.expected);
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
