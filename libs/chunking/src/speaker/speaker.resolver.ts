import type { ChunkSpeaker } from '../chunk/chunk.model.js';
import type { ChunkInputParty } from '../input/chunk-input.schema.js';

export const UNKNOWN_SPEAKER_LABEL = 'Unknown speaker';
const UNNAMED_PARTY_LABEL = 'Unnamed participant';

/**
 * Joins transcript speakerIds to the call's parties (Gong puts no names in transcripts).
 * A speakerId that no party carries is an unknown speaker: it is never guessed from anything else.
 * Resolutions are cached, so each distinct speaker is resolved once per call.
 */
export class SpeakerResolver {
  private readonly partiesBySpeakerId = new Map<string, ChunkInputParty>();
  private readonly resolved = new Map<string | null, ChunkSpeaker>();

  constructor(parties: readonly ChunkInputParty[]) {
    for (const party of parties) {
      const speakerId = party.speakerId;
      // The first party wins if Gong ever lists a speakerId twice.
      if (speakerId && !this.partiesBySpeakerId.has(speakerId)) this.partiesBySpeakerId.set(speakerId, party);
    }
  }

  resolve(speakerId: string | null | undefined): ChunkSpeaker {
    const key = speakerId ? speakerId : null;
    let speaker = this.resolved.get(key);
    if (speaker === undefined) {
      speaker = describe(key, key === null ? undefined : this.partiesBySpeakerId.get(key));
      this.resolved.set(key, speaker);
    }
    return speaker;
  }
}

function describe(speakerId: string | null, party: ChunkInputParty | undefined): ChunkSpeaker {
  if (party === undefined) {
    return {
      speakerId,
      known: false,
      label: UNKNOWN_SPEAKER_LABEL,
      name: null,
      email: null,
      title: null,
      affiliation: null,
      userId: null,
    };
  }
  const name = clean(party.name);
  const email = clean(party.emailAddress);
  const title = clean(party.title);
  const affiliationLabel = party.affiliation === 'Unknown' ? 'Unknown affiliation' : party.affiliation;
  const details = title === null ? affiliationLabel : `${affiliationLabel}, ${title}`;
  return {
    speakerId,
    known: true,
    label: `${name ?? email ?? UNNAMED_PARTY_LABEL} (${details})`,
    name,
    email,
    title,
    affiliation: party.affiliation,
    userId: party.affiliation === 'Internal' ? clean(party.userId) : null,
  };
}

/** Keeps the speaker line on one line and its brackets balanced; blank reads as absent. */
function clean(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const out = value.replace(/\s+/g, ' ').replace(/\[/g, '(').replace(/\]/g, ')').trim();
  return out === '' ? null : out;
}
