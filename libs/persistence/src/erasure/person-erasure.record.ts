/** One erasure request as recorded: who asked, when, how much was removed; never the person's data. */
export interface PersonErasureRecord {
  id: string;
  subjectKind: 'email' | 'phone';
  requestedBy: string;
  requestedAt: string;
  callsAffected: number;
  partiesRemoved: number;
  monologuesRemoved: number;
  mentionsRedacted: number;
  contextObjectsRemoved: number;
  deliveriesScrubbed: number;
  gongForward: 'off' | 'sent' | 'failed';
  gongForwardError: string | null;
}

/** The hashed identifiers of every erased person (sha256 of the normalized email or phone). */
export interface ErasedSubjects {
  emailHashes: ReadonlySet<string>;
  phoneHashes: ReadonlySet<string>;
}
