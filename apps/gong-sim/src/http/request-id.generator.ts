import { SeededRandom } from '../company/seeded.random.js';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * Gong-looking request ids (`4al018gzaztcr8nbukw`), drawn from the seed: the n-th request of a
 * simulator gets the same id on every run, so answers stay byte-identical.
 */
export class RequestIdGenerator {
  private readonly random: SeededRandom;

  constructor(seed: string) {
    this.random = SeededRandom.derive(seed, 'request-ids');
  }

  next(): string {
    return this.random.chars(19, ALPHABET);
  }
}
