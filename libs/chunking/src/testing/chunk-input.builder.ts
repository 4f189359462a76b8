import type {
  ChunkInput,
  ChunkInputCall,
  ChunkInputMonologue,
  ChunkInputParty,
  ChunkInputTracker,
} from '../input/chunk-input.schema.js';

/** Spec helper: a plausible call, adjusted per test. Not exported from the lib. */
export class ChunkInputBuilder {
  private call: ChunkInputCall = {
    id: '7782342274025937895',
    title: 'Acme / Initech: pricing review',
    started: '2024-03-05T15:00:00Z',
    duration: 1800,
    workspaceId: '623457276584334',
    primaryUserId: '234599484848423',
    isPrivate: false,
    parties: [
      {
        id: '56825452554556',
        speakerId: '6432345678555530067',
        userId: '234599484848423',
        emailAddress: 'sam@acme.example',
        name: 'Sam Rep',
        title: 'Account Executive',
        affiliation: 'Internal',
      },
      {
        id: '56825452554557',
        speakerId: '6432345678555530068',
        emailAddress: 'jane@initech.example',
        name: 'Jane Smith',
        title: 'VP Engineering',
        affiliation: 'External',
      },
    ],
    accounts: [{ id: '0011Q00000Initech', name: 'Initech' }],
    opportunities: [{ id: '0061Q00000mkU1fQAE', name: 'Initech expansion', stage: 'Negotiation' }],
    trackers: [],
    topics: [{ name: 'Pricing', duration: 86 }],
  };
  private readonly monologues: ChunkInputMonologue[] = [];

  static readonly SAM = '6432345678555530067';
  static readonly JANE = '6432345678555530068';

  withCall(patch: Partial<ChunkInputCall>): this {
    this.call = { ...this.call, ...patch };
    return this;
  }

  withParty(party: ChunkInputParty): this {
    this.call = { ...this.call, parties: [...this.call.parties, party] };
    return this;
  }

  withTracker(tracker: ChunkInputTracker): this {
    this.call = { ...this.call, trackers: [...this.call.trackers, tracker] };
    return this;
  }

  /** Sentences laid out from `startMs`, each lasting `stepMs` (no gaps). */
  withMonologue(
    speakerId: string | null,
    texts: readonly string[],
    startMs = 0,
    stepMs = 2000,
    topic: string | null = null,
  ): this {
    this.monologues.push({
      speakerId,
      topic,
      sentences: texts.map((text, i) => ({ start: startMs + i * stepMs, end: startMs + (i + 1) * stepMs, text })),
    });
    return this;
  }

  build(): ChunkInput {
    return { call: this.call, monologues: [...this.monologues] };
  }
}
