import { HITS_PER_CALL_PER_PAGE } from './search-query.schema.js';

/** A ranked hit as diversity sees it. */
export interface RankedCandidate {
  chunkId: string;
  callId: string;
  /** `body_fingerprint`; null counts as unique. */
  fingerprint: string | null;
  score: number;
}

export interface DiversifiedCandidate extends RankedCandidate {
  /** The hit's round: a call's n-th hit (from 1, best first) is in round floor((n - 1) / perCall). */
  bucket: number;
}

/**
 * The diversity of a text search, as the PostgreSQL statement computes it in SQL (and the
 * Elasticsearch adapter over its ranking window): of the candidates with one fingerprint only the
 * best stays (score desc, then chunk id), each call's hits are numbered best first and put in
 * rounds of `perCall`, and the result is ordered by round, score desc, chunk id (byte order).
 */
export function diversify(candidates: readonly RankedCandidate[], perCall = HITS_PER_CALL_PER_PAGE): DiversifiedCandidate[] {
  const ranked = [...candidates].sort(byScore);
  const fingerprints = new Set<string>();
  const perCallSeen = new Map<string, number>();
  const out: DiversifiedCandidate[] = [];
  for (const c of ranked) {
    if (c.fingerprint !== null) {
      if (fingerprints.has(c.fingerprint)) continue;
      fingerprints.add(c.fingerprint);
    }
    const n = perCallSeen.get(c.callId) ?? 0;
    perCallSeen.set(c.callId, n + 1);
    out.push({ ...c, bucket: Math.floor(n / perCall) });
  }
  return out.sort(compareDiversified);
}

/** Score desc, then chunk id in byte order (the raw ranking). */
export function byScore(a: { score: number; chunkId: string }, b: { score: number; chunkId: string }): number {
  return b.score - a.score || compareBytes(a.chunkId, b.chunkId);
}

/** Round asc, then score desc, then chunk id in byte order (the order hits are served in). */
export function compareDiversified(a: { bucket: number; score: number; chunkId: string }, b: { bucket: number; score: number; chunkId: string }): number {
  return a.bucket - b.bucket || byScore(a, b);
}

/** Compares as PostgreSQL's `COLLATE "C"` and Elasticsearch's keyword sort do: by UTF-8 bytes. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
