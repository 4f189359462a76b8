import { describe, expect, it } from '@jest/globals';
import { compareBytes, diversify } from './search-diversity.js';

const c = (chunkId: string, callId: string, score: number, fingerprint: string | null = chunkId) => ({ chunkId, callId, score, fingerprint });

describe('diversify', () => {
  it('lets a call show three hits per round, the rest in later rounds, each round by score', () => {
    const out = diversify([
      c('a1', 'A', 9), c('a2', 'A', 8), c('a3', 'A', 7), c('a4', 'A', 6), c('a5', 'A', 5),
      c('b1', 'B', 2), c('c1', 'C', 1),
    ]);
    expect(out.map((x) => `${x.chunkId}:${x.bucket}`)).toEqual(['a1:0', 'a2:0', 'a3:0', 'b1:0', 'c1:0', 'a4:1', 'a5:1']);
  });

  it('keeps only the best of chunks with one fingerprint (ties by chunk id), and null fingerprints all', () => {
    const out = diversify([c('x2', 'X', 1, 'f'), c('y1', 'Y', 3, 'f'), c('x1', 'X', 1, 'g'), c('z1', 'Z', 1, 'g'), c('n1', 'N', 1, null), c('n2', 'N', 1, null)]);
    expect(out.map((x) => x.chunkId)).toEqual(['y1', 'n1', 'n2', 'x1']);
  });

  it('orders chunk ids by bytes, as PostgreSQL COLLATE "C" does', () => {
    expect(['9000000077:0:0', '90000000770:0:0', '9000000071:0:0'].sort(compareBytes)).toEqual(['9000000071:0:0', '90000000770:0:0', '9000000077:0:0']);
    expect(diversify([c('b', 'X', 1), c('a', 'Y', 1)]).map((x) => x.chunkId)).toEqual(['a', 'b']);
  });
});
