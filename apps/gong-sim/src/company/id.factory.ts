import { SeededRandom } from './seeded.random.js';

/**
 * Gong ids: numeric strings of 18 or 19 digits, all beyond JavaScript's safe integers (2^53 has 16
 * digits) and all within a signed 64-bit long (19-digit ids start with 1..8). Unique per factory.
 */
export class IdFactory {
  private readonly used = new Set<string>();

  constructor(private readonly random: SeededRandom) {}

  next(): string {
    for (;;) {
      const length = this.random.chance(0.8) ? 19 : 18;
      const id = this.random.digits(length, 1, length === 19 ? 8 : 9);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  /** Marks ids made elsewhere as taken (e.g. ids of calls completed later). */
  reserve(id: string): void {
    this.used.add(id);
  }
}
