import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { chunkCall } from './call.chunker.js';
import type { Chunk, ChunkSentence } from './chunk.model.js';
import type { ChunkInput, ChunkInputMonologue } from '../input/chunk-input.schema.js';
import { ChunkInputBuilder } from '../testing/chunk-input.builder.js';
import { normalizeSentenceText } from '../text/sentence-text.normalizer.js';
import { countEmbeddingTokens } from '../tokens/embedding-token.counter.js';

const { SAM, JANE } = ChunkInputBuilder;

const word = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('pricing', 'Kubernetes', 'we', "we'll", "'s", 'SOC', '2', '1,200', '$50k', 'naïve', '日本語', '—', '"quoted"', '...', 'ok?', '\n', '  ') },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }) },
);
const rawSentence = fc.record({
  text: fc.array(word, { minLength: 0, maxLength: 30 }).map((ws) => ws.join(' ')),
  gapMs: fc.integer({ min: 0, max: 3000 }),
  durationMs: fc.integer({ min: 0, max: 9000 }),
});
const rawMonologue = fc.record({
  speakerId: fc.constantFrom<string | null>(SAM, JANE, '404', null),
  topic: fc.option(fc.constantFrom('Pricing', 'Objections', 'Next Steps'), { nil: null }),
  sentences: fc.array(rawSentence, { minLength: 0, maxLength: 25 }),
});
/** A call whose sentence times never go backwards (as in Gong transcripts). */
const callInput = fc.array(rawMonologue, { minLength: 0, maxLength: 10 }).map((raw): ChunkInput => {
  const base = new ChunkInputBuilder().build();
  let clock = 0;
  const monologues: ChunkInputMonologue[] = raw.map((m) => ({
    speakerId: m.speakerId,
    topic: m.topic,
    sentences: m.sentences.map((s) => {
      const start = clock + s.gapMs;
      clock = start + s.durationMs;
      return { start, end: clock, text: s.text };
    }),
  }));
  return { ...base, monologues };
});
const options = fc.record({ maxTokens: fc.integer({ min: 1, max: 160 }), overlapSentences: fc.integer({ min: 0, max: 4 }) });

const expectedSentences = (m: ChunkInputMonologue): ChunkSentence[] =>
  m.sentences.map((s) => ({ startMs: s.start, endMs: s.end, text: normalizeSentenceText(s.text) })).filter((s) => s.text !== '');

const byMonologue = (chunks: Chunk[]): Map<number, Chunk[]> => {
  const out = new Map<number, Chunk[]>();
  for (const c of chunks) out.set(c.position.monologueIndex, [...(out.get(c.position.monologueIndex) ?? []), c]);
  return out;
};

const sameSentences = (a: readonly ChunkSentence[], b: readonly ChunkSentence[]): boolean =>
  a.length === b.length && a.every((s, i) => s.startMs === b[i].startMs && s.endMs === b[i].endMs && s.text === b[i].text);

describe('chunkCall properties', () => {
  it('puts every sentence, whole and in order, in chunks of its own monologue and speaker', () => {
    fc.assert(
      fc.property(callInput, options, (input, opts) => {
        const groups = byMonologue(chunkCall(input, opts));
        input.monologues.forEach((m, mi) => {
          const expected = expectedSentences(m);
          const parts = groups.get(mi) ?? [];
          if (expected.length === 0) {
            expect(parts).toHaveLength(0);
            return;
          }
          let covered = 0;
          let prevStart = -1;
          parts.forEach((chunk, part) => {
            expect(chunk.position.part).toBe(part);
            expect(chunk.speaker.speakerId).toBe(m.speakerId ?? null);
            expect(chunk.topic).toBe(m.topic ?? null);
            expect(chunk.body).toBe(chunk.sentences.map((s) => s.text).join(' '));
            expect(chunk.text).toBe(`${chunk.speakerLine}\n${chunk.body}`);
            // the chunk is a contiguous run of the monologue's sentences, starting after the previous
            // part's start and no later than where it ended, and reaching past that end
            const n = chunk.sentences.length;
            const candidates = part === 0 ? [0] : Array.from({ length: covered - prevStart }, (_, k) => prevStart + 1 + k);
            const start = candidates.find((a) => a + n > covered && sameSentences(expected.slice(a, a + n), chunk.sentences));
            expect(start).toBeDefined();
            prevStart = start!;
            covered = start! + n;
          });
          expect(covered).toBe(expected.length);
        });
        for (const mi of groups.keys()) expect(mi).toBeLessThan(input.monologues.length);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps the token budget, except for a chunk of a single sentence, and counts tokens exactly', () => {
    fc.assert(
      fc.property(callInput, options, (input, opts) => {
        for (const chunk of chunkCall(input, opts)) {
          expect(chunk.tokenCount).toBe(countEmbeddingTokens(chunk.text));
          if (chunk.sentenceCount > 1) expect(chunk.tokenCount).toBeLessThanOrEqual(opts.maxTokens);
          expect(chunk.sentenceCount).toBe(chunk.sentences.length);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('counts tokens exactly whatever the party names, titles and time stamps', () => {
    const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 6 }));
    const party = fc.record({
      name: fc.option(text, { nil: undefined }),
      emailAddress: fc.option(text, { nil: undefined }),
      title: fc.option(text, { nil: null }),
      affiliation: fc.constantFrom<'Internal' | 'External' | 'Unknown'>('Internal', 'External', 'Unknown'),
    });
    fc.assert(
      fc.property(party, fc.array(fc.integer({ min: 0, max: 20_000_000 }), { minLength: 1, maxLength: 6 }), (p, starts) => {
        const builder = new ChunkInputBuilder().withParty({ id: 'x', speakerId: '31337', ...p });
        [...starts].sort((a, b) => a - b).forEach((startMs) => builder.withMonologue('31337', ['Fine.', 'We can sign today.'], startMs));
        for (const chunk of chunkCall(builder.build(), { maxTokens: 1 })) {
          expect(chunk.speakerLine.split('\n')).toHaveLength(1);
          expect(chunk.tokenCount).toBe(countEmbeddingTokens(chunk.text));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives unique, stable ids and consistent positions', () => {
    fc.assert(
      fc.property(callInput, options, (input, opts) => {
        const chunks = chunkCall(input, opts);
        const again = chunkCall(structuredClone(input), opts);
        expect(again).toEqual(chunks);
        expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
        chunks.forEach((c, i) => {
          expect(c.id).toBe(`${input.call.id}:${c.position.monologueIndex}:${c.position.part}`);
          expect(c.position.chunkIndex).toBe(i);
          expect(c.position.chunkCount).toBe(chunks.length);
          expect(c.position.callFraction).toBeGreaterThanOrEqual(0);
          expect(c.position.callFraction).toBeLessThanOrEqual(1);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('keeps spans monotone within a monologue, overlaps bounded by overlapSentences', () => {
    fc.assert(
      fc.property(callInput, options, (input, opts) => {
        for (const parts of byMonologue(chunkCall(input, opts)).values()) {
          parts.forEach((c, k) => {
            expect(c.startMs).toBe(c.sentences[0].startMs);
            expect(c.endMs).toBe(c.sentences[c.sentences.length - 1].endMs);
            expect(c.endMs).toBeGreaterThanOrEqual(c.startMs);
            expect(c.position.partCount).toBe(parts.length);
            if (k === 0) return;
            const prev = parts[k - 1];
            expect(c.startMs).toBeGreaterThanOrEqual(prev.startMs);
            expect(c.endMs).toBeGreaterThanOrEqual(prev.endMs);
            const shared = prev.sentences.filter((s) => c.sentences.includes(s)).length;
            expect(shared).toBeLessThanOrEqual(opts.overlapSentences);
          });
        }
      }),
      { numRuns: 100 },
    );
  });
});
