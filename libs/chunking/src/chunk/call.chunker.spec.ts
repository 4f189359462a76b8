import { describe, expect, it } from '@jest/globals';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { chunkCall } from './call.chunker.js';
import type { Chunk } from './chunk.model.js';
import type { ChunkingOptions } from '../options/chunking.options.js';
import { ChunkInputBuilder } from '../testing/chunk-input.builder.js';
import { countEmbeddingTokens } from '../tokens/embedding-token.counter.js';

const { SAM, JANE } = ChunkInputBuilder;
const CALL_ID = '7782342274025937895';

/** One token per whitespace-separated word: makes split points easy to compute by hand. */
const countWords = (text: string): number => text.split(/\s+/).filter((w) => w !== '').length;

/** `n` sentences of exactly ten words, numbered so they are easy to tell apart. */
function tenWordSentences(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `Sentence ${i} has exactly ten words in it, you see.`);
}

const sentenceTexts = (chunk: Chunk): string[] => chunk.sentences.map((s) => s.text);

describe('chunkCall', () => {
  it('makes one chunk of a single short monologue, with the speaker line, body, times and metadata', () => {
    const input = new ChunkInputBuilder()
      .withMonologue(JANE, ['We run Kubernetes on three clouds.', 'Pricing is our main concern.'], 462_000, 3000, 'Pricing')
      .build();

    const [chunk, ...rest] = chunkCall(input);

    expect(rest).toHaveLength(0);
    expect(chunk.id).toBe(`${CALL_ID}:0:0`);
    expect(chunk.speakerLine).toBe('[SPEAKER: Jane Smith (External, VP Engineering)] [07:42]');
    expect(chunk.body).toBe('We run Kubernetes on three clouds. Pricing is our main concern.');
    expect(chunk.text).toBe(`${chunk.speakerLine}\n${chunk.body}`);
    expect(chunk.tokenCount).toBe(countEmbeddingTokens(chunk.text));
    expect(chunk).toMatchObject({
      callId: CALL_ID,
      sentenceCount: 2,
      startMs: 462_000,
      endMs: 468_000,
      topic: 'Pricing',
      trackers: [],
      sentences: [
        { startMs: 462_000, endMs: 465_000, text: 'We run Kubernetes on three clouds.' },
        { startMs: 465_000, endMs: 468_000, text: 'Pricing is our main concern.' },
      ],
      speaker: {
        speakerId: JANE,
        known: true,
        name: 'Jane Smith',
        email: 'jane@initech.example',
        title: 'VP Engineering',
        affiliation: 'External',
        userId: null,
      },
      position: { monologueIndex: 0, part: 0, partCount: 1, chunkIndex: 0, chunkCount: 1, callFraction: 462 / 1800 },
    });
    expect(chunk.call).toEqual({
      callId: CALL_ID,
      title: 'Acme / Initech: pricing review',
      started: '2024-03-05T15:00:00Z',
      durationSeconds: 1800,
      workspaceId: '623457276584334',
      primaryUserId: '234599484848423',
      participantUserIds: ['234599484848423'],
      accountIds: ['0011Q00000Initech'],
      accountNames: ['Initech'],
      opportunityIds: ['0061Q00000mkU1fQAE'],
      opportunityStages: ['Negotiation'],
      opportunities: [{ id: '0061Q00000mkU1fQAE', name: 'Initech expansion', stage: 'Negotiation' }],
      isPrivate: false,
    });
  });

  it.each<{ name: string; words: number[]; maxTokens: number; overlap: number; expected: number[][] }>([
    // unknown speaker line "[SPEAKER: Unknown speaker] [mm:ss]" is 4 words: a chunk costs 4 + its words
    { name: 'fits exactly', words: [10, 10, 10], maxTokens: 34, overlap: 1, expected: [[0, 1, 2]] },
    { name: 'split, one sentence overlap', words: [10, 10, 10, 10, 10, 10, 10], maxTokens: 34, overlap: 1, expected: [[0, 1, 2], [2, 3, 4], [4, 5, 6]] },
    { name: 'split, no overlap', words: [10, 10, 10, 10, 10, 10, 10], maxTokens: 34, overlap: 0, expected: [[0, 1, 2], [3, 4, 5], [6]] },
    { name: 'split, two sentences overlap', words: [10, 10, 10, 10, 10, 10], maxTokens: 44, overlap: 2, expected: [[0, 1, 2, 3], [2, 3, 4, 5]] },
    { name: 'overlap shrinks so the next new sentence fits', words: [10, 10, 10, 20], maxTokens: 34, overlap: 2, expected: [[0, 1, 2], [2, 3]] },
    { name: 'overlap dropped when the next sentence needs the whole budget', words: [10, 10, 30], maxTokens: 34, overlap: 1, expected: [[0, 1], [2]] },
    { name: 'overlap never repeats a whole part', words: [10, 10, 10, 10], maxTokens: 24, overlap: 3, expected: [[0, 1], [1, 2], [2, 3]] },
    { name: 'budget below one sentence: one sentence each', words: [10, 10, 10], maxTokens: 10, overlap: 1, expected: [[0], [1], [2]] },
  ])('splits a long monologue at sentence boundaries: $name', ({ words, maxTokens, overlap, expected }) => {
    const texts = words.map((n, i) => [`S${i}`, ...Array.from({ length: n - 1 }, () => 'word')].join(' '));
    const input = new ChunkInputBuilder().withMonologue('999', texts).build();

    const chunks = chunkCall(input, { maxTokens, overlapSentences: overlap, countTokens: countWords });

    expect(chunks.map(sentenceTexts)).toEqual(expected.map((ids) => ids.map((i) => texts[i])));
    expect(chunks.map((c) => c.id)).toEqual(expected.map((_, part) => `${CALL_ID}:0:${part}`));
    for (const c of chunks) {
      expect(c.tokenCount).toBe(countWords(c.text));
      if (c.sentenceCount > 1) expect(c.tokenCount).toBeLessThanOrEqual(maxTokens);
      expect(c.position.partCount).toBe(expected.length);
    }
  });

  it('splits with the real tokenizer: budget kept, one sentence of overlap, parts timed at their first sentence', () => {
    const texts = Array.from({ length: 40 }, (_, i) => `Point ${i}: our security team needs SOC 2 reports before procurement signs anything.`);
    const input = new ChunkInputBuilder().withMonologue(SAM, texts, 3_590_000, 1500).build();

    const chunks = chunkCall(input, { maxTokens: 120 });

    expect(chunks.length).toBeGreaterThan(3);
    for (const [i, c] of chunks.entries()) {
      expect(c.tokenCount).toBe(countEmbeddingTokens(c.text));
      expect(c.tokenCount).toBeLessThanOrEqual(120);
      expect(c.speakerLine).toMatch(/^\[SPEAKER: Sam Rep \(Internal, Account Executive\)\] \[(\d\d:\d\d|\d\d:\d\d:\d\d)\]$/);
      expect(c.startMs).toBe(c.sentences[0].startMs);
      if (i > 0) expect(c.sentences[0]).toEqual(chunks[i - 1].sentences[chunks[i - 1].sentences.length - 1]);
    }
    expect(chunks[0].speakerLine.endsWith('[59:50]')).toBe(true);
    expect(chunks[chunks.length - 1].speakerLine).toMatch(/\[01:00:\d\d\]$/);
    expect(chunks.flatMap(sentenceTexts).filter((t, i, all) => all.indexOf(t) === i)).toEqual(texts);
  });

  it.each<{ name: string; speakerId: string | null; extraParty?: Parameters<ChunkInputBuilder['withParty']>[0]; line: string; userId: string | null; known: boolean }>([
    { name: 'known internal', speakerId: SAM, line: '[SPEAKER: Sam Rep (Internal, Account Executive)] [00:05]', userId: '234599484848423', known: true },
    { name: 'known external with title', speakerId: JANE, line: '[SPEAKER: Jane Smith (External, VP Engineering)] [00:05]', userId: null, known: true },
    {
      name: 'missing title',
      speakerId: '77',
      extraParty: { id: '1', speakerId: '77', name: 'Bob Buyer', affiliation: 'External', title: null },
      line: '[SPEAKER: Bob Buyer (External)] [00:05]',
      userId: null,
      known: true,
    },
    {
      name: 'no name: the email',
      speakerId: '78',
      extraParty: { id: '2', speakerId: '78', emailAddress: 'cfo@initech.example', affiliation: 'External', title: 'CFO' },
      line: '[SPEAKER: cfo@initech.example (External, CFO)] [00:05]',
      userId: null,
      known: true,
    },
    {
      name: 'no name nor email, unknown affiliation',
      speakerId: '79',
      extraParty: { id: '3', speakerId: '79', affiliation: 'Unknown' },
      line: '[SPEAKER: Unnamed participant (Unknown affiliation)] [00:05]',
      userId: null,
      known: true,
    },
    {
      name: 'brackets and newlines in party data are neutralised',
      speakerId: '80',
      extraParty: { id: '4', speakerId: '80', name: 'Ann [Ops]\nLead', affiliation: 'Internal', userId: '42', title: '  ' },
      line: '[SPEAKER: Ann (Ops) Lead (Internal)] [00:05]',
      userId: '42',
      known: true,
    },
    { name: 'unknown speakerId', speakerId: '404', line: '[SPEAKER: Unknown speaker] [00:05]', userId: null, known: false },
    { name: 'no speakerId', speakerId: null, line: '[SPEAKER: Unknown speaker] [00:05]', userId: null, known: false },
  ])('labels the speaker: $name', ({ speakerId, extraParty, line, userId, known }) => {
    const builder = new ChunkInputBuilder();
    if (extraParty) builder.withParty(extraParty);
    const [chunk] = chunkCall(builder.withMonologue(speakerId, ['Hello.'], 5_400).build());

    expect(chunk.speakerLine).toBe(line);
    expect(chunk.text.startsWith(`${line}\n`)).toBe(true);
    expect(chunk.speaker.userId).toBe(userId);
    expect(chunk.speaker.known).toBe(known);
    expect(chunk.speaker.speakerId).toBe(speakerId);
    if (!known) expect(chunk.speaker).toMatchObject({ name: null, email: null, title: null, affiliation: null });
  });

  it.each([
    { startMs: 0, stamp: '00:00' },
    { startMs: 59_999, stamp: '00:59' },
    { startMs: 3_599_999, stamp: '59:59' },
    { startMs: 3_600_000, stamp: '01:00:00' },
    { startMs: 3_723_000, stamp: '01:02:03' },
    { startMs: 36_000_000, stamp: '10:00:00' },
  ])('stamps a chunk starting at $startMs ms as [$stamp]', ({ startMs, stamp }) => {
    const input = new ChunkInputBuilder().withCall({ duration: 40_000 }).withMonologue(SAM, ['Right.'], startMs).build();
    expect(chunkCall(input)[0].speakerLine).toBe(`[SPEAKER: Sam Rep (Internal, Account Executive)] [${stamp}]`);
  });

  describe('trackers', () => {
    // Jane speaks 10 s .. 20 s, Sam 20 s .. 30 s.
    const build = (tracker: Parameters<ChunkInputBuilder['withTracker']>[0]) =>
      new ChunkInputBuilder()
        .withTracker(tracker)
        .withMonologue(JANE, ['We also looked at Globex.', 'Their price was lower.'], 10_000, 5000)
        .withMonologue(SAM, ['Understood, let me check the discount.', 'Budget approval is next.'], 20_000, 5000)
        .build();

    it.each<{ name: string; tracker: Parameters<ChunkInputBuilder['withTracker']>[0]; options?: ChunkingOptions; jane: unknown[]; sam: unknown[] }>([
      {
        name: 'occurrence inside the span (seconds)',
        tracker: { id: 't1', name: 'Competitors', type: 'KEYWORD', occurrences: [{ startTime: 12.56, speakerId: JANE }] },
        jane: [{ id: 't1', name: 'Competitors', type: 'KEYWORD', matchedBy: 'occurrence', occurrenceCount: 1, phrases: [] }],
        sam: [],
      },
      {
        name: 'occurrence outside every span',
        tracker: { id: 't1', name: 'Competitors', occurrences: [{ startTime: 45, speakerId: JANE }] },
        jane: [],
        sam: [],
      },
      {
        name: 'occurrence in the span but said by another speaker',
        tracker: { id: 't1', name: 'Competitors', occurrences: [{ startTime: 15, speakerId: SAM }] },
        jane: [],
        sam: [],
      },
      {
        name: 'occurrence just before the span start is absorbed by the slack',
        tracker: { id: 't2', name: 'Pricing', type: 'SMART', occurrences: [{ startTime: 19.8 }] },
        jane: [{ id: 't2', matchedBy: 'occurrence', occurrenceCount: 1 }],
        sam: [{ id: 't2', matchedBy: 'occurrence', occurrenceCount: 1 }],
      },
      {
        name: 'no slack: the boundary occurrence lands only where it lies',
        tracker: { id: 't2', name: 'Pricing', occurrences: [{ startTime: 20.2 }] },
        options: { trackerSlackMs: 0 },
        jane: [],
        sam: [{ id: 't2', occurrenceCount: 1 }],
      },
      {
        name: 'phrase occurrences, same moment listed at tracker level too',
        tracker: {
          id: 't3',
          name: 'Competitors',
          occurrences: [{ startTime: 11, speakerId: JANE }],
          phrases: [
            { phrase: 'Globex', count: 1, occurrences: [{ startTime: 11, speakerId: JANE }] },
            { phrase: 'Hooli', count: 1, occurrences: [{ startTime: 26, speakerId: SAM }] },
          ],
        },
        jane: [{ id: 't3', matchedBy: 'occurrence', occurrenceCount: 1, phrases: ['Globex'] }],
        sam: [{ id: 't3', matchedBy: 'occurrence', occurrenceCount: 1, phrases: ['Hooli'] }],
      },
      {
        name: 'no occurrence data: phrases matched in the body, whole words, any case',
        tracker: { id: 't4', name: 'Budget', phrases: [{ phrase: 'budget approval' }, { phrase: 'price' }, { phrase: 'disc' }] },
        jane: [{ id: 't4', matchedBy: 'phrase', occurrenceCount: 0, phrases: ['price'] }],
        sam: [{ id: 't4', matchedBy: 'phrase', phrases: ['budget approval'] }],
      },
      {
        name: 'no occurrence data and phrase matching off',
        tracker: { id: 't4', name: 'Budget', phrases: [{ phrase: 'price' }] },
        options: { trackerPhraseMatching: 'never' },
        jane: [],
        sam: [],
      },
      {
        name: 'Gong counted zero hits: no phrase match',
        tracker: { id: 't4', name: 'Budget', count: 0, phrases: [{ phrase: 'price' }] },
        jane: [],
        sam: [],
      },
    ])('$name', ({ tracker, options, jane, sam }) => {
      const [janeChunk, samChunk] = chunkCall(build(tracker), options);
      expect(janeChunk.trackers).toMatchObject(jane);
      expect(janeChunk.trackers).toHaveLength(jane.length);
      expect(samChunk.trackers).toMatchObject(sam);
      expect(samChunk.trackers).toHaveLength(sam.length);
    });
  });

  it.each<{ name: string; monologues: { speakerId: string; texts: string[] }[]; ids: string[] }>([
    { name: 'empty transcript', monologues: [], ids: [] },
    { name: 'a monologue with no sentences keeps its index', monologues: [{ speakerId: SAM, texts: [] }, { speakerId: JANE, texts: ['Yes.'] }], ids: [`${CALL_ID}:1:0`] },
    {
      name: 'blank sentences are dropped, a monologue of blanks yields nothing',
      monologues: [{ speakerId: SAM, texts: ['  ', '\n'] }, { speakerId: JANE, texts: ['Yes.', ' '] }, { speakerId: SAM, texts: ['Good.'] }],
      ids: [`${CALL_ID}:1:0`, `${CALL_ID}:2:0`],
    },
  ])('handles $name', ({ monologues, ids }) => {
    const builder = new ChunkInputBuilder();
    monologues.forEach((m, i) => builder.withMonologue(m.speakerId, m.texts, i * 60_000));
    const chunks = chunkCall(builder.build());
    expect(chunks.map((c) => c.id)).toEqual(ids);
    expect(chunks.map((c) => c.position.chunkIndex)).toEqual(ids.map((_, i) => i));
    for (const c of chunks) expect(c.position.chunkCount).toBe(ids.length);
  });

  it('keeps a single sentence longer than the budget whole, in a chunk of its own', () => {
    const long = `Let me walk you through it: ${'the integration syncs every object, '.repeat(20)}and that is all.`;
    const input = new ChunkInputBuilder().withMonologue(SAM, ['First short one.', long, 'Then a short one.']).build();

    const chunks = chunkCall(input, { maxTokens: 64 });

    expect(chunks.map(sentenceTexts)).toEqual([['First short one.'], [long], ['Then a short one.']]);
    expect(chunks[1].tokenCount).toBeGreaterThan(64);
    expect(chunks[1].tokenCount).toBe(countEmbeddingTokens(chunks[1].text));
  });

  it('normalises whitespace inside sentences and counts special-token text as plain text', () => {
    const input = new ChunkInputBuilder().withMonologue(SAM, ['  Send it\n\tto   legal. ', 'The string <|endoftext|> is just text.']).build();
    const [chunk] = chunkCall(input);
    expect(chunk.body).toBe('Send it to legal. The string <|endoftext|> is just text.');
    expect(chunk.tokenCount).toBe(countEmbeddingTokens(chunk.text));
  });

  it.each([
    { name: 'fraction of the call duration', duration: 100, startMs: 25_000, fraction: 0.25 },
    { name: 'clamped to 1 past the stated duration', duration: 10, startMs: 25_000, fraction: 1 },
    { name: 'zero duration falls back to the transcript end', duration: 0, startMs: 25_000, fraction: 25_000 / 27_000 },
  ])('positions a chunk in the call: $name', ({ duration, startMs, fraction }) => {
    const input = new ChunkInputBuilder().withCall({ duration }).withMonologue(SAM, ['Okay.'], startMs).build();
    expect(chunkCall(input)[0].position.callFraction).toBeCloseTo(fraction, 10);
  });

  it('collects participants, accounts and opportunities once per call, and shares them across chunks', () => {
    const input = new ChunkInputBuilder()
      .withCall({
        workspaceId: null,
        title: null,
        isPrivate: true,
        accounts: [
          { id: 'a1', name: 'Initech' },
          { id: 'a2', name: 'Initech EU' },
        ],
        opportunities: [
          { id: 'o1', stage: 'Discovery' },
          { id: 'o2', name: 'Renewal', stage: null },
          { id: 'o3', stage: 'Discovery' },
        ],
      })
      .withParty({ id: '9', speakerId: null, userId: '555', name: 'Silent Manager', affiliation: 'Internal' })
      .withParty({ id: '10', userId: '234599484848423', affiliation: 'Internal' })
      .withParty({ id: '11', userId: '777', affiliation: 'External' })
      .withMonologue(SAM, ['One.'])
      .withMonologue(JANE, ['Two.'], 10_000)
      .build();

    const [a, b] = chunkCall(input);

    expect(a.call).toBe(b.call);
    expect(Object.isFrozen(a.call)).toBe(true);
    expect(a.call).toMatchObject({
      title: '',
      workspaceId: null,
      isPrivate: true,
      participantUserIds: ['234599484848423', '555'],
      accountIds: ['a1', 'a2'],
      accountNames: ['Initech', 'Initech EU'],
      opportunityIds: ['o1', 'o2', 'o3'],
      opportunityStages: ['Discovery'],
      opportunities: [
        { id: 'o1', name: null, stage: 'Discovery' },
        { id: 'o2', name: 'Renewal', stage: null },
        { id: 'o3', name: null, stage: 'Discovery' },
      ],
    });
  });

  it('is deterministic', () => {
    const input = new ChunkInputBuilder()
      .withTracker({ id: 't', name: 'Pricing', phrases: [{ phrase: 'price' }] })
      .withMonologue(SAM, tenWordSentences(30))
      .withMonologue(JANE, ['What is the price?'], 100_000)
      .build();
    expect(chunkCall(input, { maxTokens: 60 })).toEqual(chunkCall(structuredClone(input), { maxTokens: 60 }));
  });

  it.each<{ options: ChunkingOptions; path: string }>([
    { options: { maxTokens: 0 }, path: 'maxTokens' },
    { options: { maxTokens: 12.5 }, path: 'maxTokens' },
    { options: { overlapSentences: -1 }, path: 'overlapSentences' },
    { options: { trackerSlackMs: Number.NaN }, path: 'trackerSlackMs' },
    { options: { trackerPhraseMatching: 'always' as 'never' }, path: 'trackerPhraseMatching' },
    { options: { countTokens: 'cl100k' as unknown as (t: string) => number }, path: 'countTokens' },
  ])('rejects bad options ($path) with VALIDATION_FAILED', ({ options, path }) => {
    const input = new ChunkInputBuilder().withMonologue(SAM, ['Hi.']).build();
    let error: unknown;
    try {
      chunkCall(input, options);
    } catch (e) {
      error = e;
    }
    expect(AppError.is(error, ErrorCode.VALIDATION_FAILED)).toBe(true);
    expect((error as AppError).details.map((d) => d.path)).toContain(path);
  });

  describe('summary', () => {
    const summary = {
      brief: '  Jane reviewed pricing.  ',
      callOutcome: 'Meeting booked',
      keyPoints: ['Budget is tight.', ' '],
      highlights: [{ title: 'Next steps', items: ['Send the proposal.', 'Book a security review.'] }, { title: 'Empty', items: [''] }],
      outline: [{ title: 'Pricing', items: ['Discount discussed.'] }],
    };

    it('makes one summary chunk per non-empty part, after the transcript chunks, with stable ids', () => {
      const input = { ...new ChunkInputBuilder().withMonologue(JANE, ['Hello there.'], 0).build(), summary };
      const chunks = chunkCall(input);
      expect(chunks.map((c) => [c.id, c.section, c.topic])).toEqual([
        [`${CALL_ID}:0:0`, 'transcript', null],
        [`${CALL_ID}:s:0`, 'summary', 'Brief'],
        [`${CALL_ID}:s:1`, 'summary', 'Key points'],
        [`${CALL_ID}:s:2`, 'summary', 'Next steps'],
        [`${CALL_ID}:s:3`, 'summary', 'Outline: Pricing'],
      ]);
      const next = chunks[3];
      expect(next.body).toBe('Send the proposal. Book a security review.');
      expect(next.text).toBe('[SUMMARY: Next steps]\nSend the proposal. Book a security review.');
      expect(next.speaker).toMatchObject({ known: false, label: 'Gong summary', affiliation: null, userId: null });
      expect(next.tokenCount).toBe(countEmbeddingTokens(next.text));
      expect(chunks[1].body).toBe('Jane reviewed pricing. Call outcome: Meeting booked.');
      expect(chunks.map((c) => c.position.chunkIndex)).toEqual([0, 1, 2, 3, 4]);
      for (const c of chunks) expect(c.position.chunkCount).toBe(5);
      expect(chunkCall(input)).toEqual(chunks);
    });

    it('makes none for an absent or empty summary', () => {
      const input = new ChunkInputBuilder().withMonologue(JANE, ['Hello there.'], 0).build();
      expect(chunkCall({ ...input, summary: null }).map((c) => c.section)).toEqual(['transcript']);
      expect(chunkCall({ ...input, summary: { brief: ' ', keyPoints: [], highlights: null } }).map((c) => c.section)).toEqual(['transcript']);
    });
  });
});
