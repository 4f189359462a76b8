import type { ChunkInput } from '@gong-connector/chunking';
import { SeededRandom } from './seeded.random.js';
import { buildSyntheticOrg, generateSyntheticCall, SYNTHETIC_START_MS, type SyntheticOrg } from './synthetic-company.generator.js';

/**
 * Time between two calls of the streamed company: 100,000 calls over two years (about 137 a day
 * for its ~100 reps), so a bigger index is a longer history of the same org.
 */
export const STREAM_CALL_SPACING_MS = Math.floor((2 * 365 * 86_400_000) / 100_000);

/**
 * The synthetic company's calls one at a time, in bounded memory: the org is drawn once from the
 * seed and call `c` from a generator of its own (seed and `c`), so call `c` is the same whatever
 * the run's size, and a load can stop at 10,000 and go on to 100,000 later. No planted phrases
 * (recall is `bench:relevance`'s and `bench:search`'s).
 */
export class SyntheticCallStream {
  readonly org: SyntheticOrg;

  constructor(private readonly seed: number) {
    this.org = buildSyntheticOrg(new SeededRandom(seed));
  }

  call(c: number): ChunkInput {
    const r = new SeededRandom((Math.imul(this.seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(c + 1, 0xc2b2ae35)) >>> 0);
    return generateSyntheticCall(r, this.org, c, [], c * STREAM_CALL_SPACING_MS).input;
  }

  /** When call `c` started at the latest (its day plus up to 10 hours). */
  static latestStart(c: number): number {
    return SYNTHETIC_START_MS + c * STREAM_CALL_SPACING_MS + 10 * 3_600_000;
  }
}
