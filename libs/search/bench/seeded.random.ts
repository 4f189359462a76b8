/** A seeded PRNG (mulberry32): the same seed gives the same synthetic company on every run. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Skewed towards the start of the list (rank r drawn with weight ~ 1/(r+1)). */
  pickSkewed<T>(items: readonly T[]): T {
    const r = Math.floor(items.length ** this.next()) - 1;
    return items[Math.max(0, Math.min(items.length - 1, r))];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}
