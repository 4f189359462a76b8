import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chunkCall } from '@gong-connector/chunking';
import { FakeClock } from '@gong-connector/testing';
import { CallReadRepository, CallWriteRepository, PersonErasureRepository } from '@gong-connector/persistence';
import { createLogger } from '@gong-connector/platform';
import { PostgresSearchIndex } from '@gong-connector/search';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { replicateSim } from '@gong-connector/testing/sim-replica';
import { ChunkInputMapper } from '../chunking/chunk-input.mapper.js';
import { CallReindexer } from './call.reindexer.js';
import { ErasureSubjects } from './erasure-subject.js';
import { PersonEraser } from './person.eraser.js';

/**
 * Erasure against a replicated gong-sim company: the contact who spoke on the most calls is erased
 * from the replica and the PostgreSQL index; a re-sync of the same (unchanged) Gong data does not
 * bring them back, since every stored call is scrubbed of erased people first.
 */
describe('PersonEraser', () => {
  let sim: GongSim;
  let db: TestDatabase;
  let index: PostgresSearchIndex;
  let reads: CallReadRepository;
  let eraser: PersonEraser;
  let contact: { email: string; name: string; calls: number };

  const left = async (): Promise<{ parties: number; chunks: number; texts: number; transcripts: number }> => {
    const [parties] = await db.database.query('SELECT count(*)::int AS n FROM call_parties WHERE lower(email) = $1 OR lower(name) = lower($2)', [contact.email, contact.name]);
    const [chunks] = await db.database.query(
      `SELECT count(*)::int AS n FROM search_chunk_texts WHERE strpos(lower(speaker_line || ' ' || body || ' ' || call_title || ' ' || metadata::text), lower($1)) > 0
          OR strpos(lower(speaker_line || ' ' || body || ' ' || metadata::text), $2) > 0`,
      [contact.name, contact.email],
    );
    const [texts] = await db.database.query(
      `SELECT count(*)::int AS n FROM calls c WHERE strpos(lower(c.title || coalesce(c.brief, '') || c.key_points::text || c.highlights::text || c.outline::text), lower($1)) > 0`,
      [contact.name],
    );
    const [transcripts] = await db.database.query('SELECT count(*)::int AS n FROM call_transcripts WHERE strpos(lower(monologues::text), lower($1)) > 0', [contact.name]);
    return { parties: parties.n, chunks: chunks.n, texts: texts.n, transcripts: transcripts.n };
  };

  beforeAll(async () => {
    [sim, db] = await Promise.all([startGongSim({ port: 0, seed: 'person-eraser-int', users: 12, accounts: 3, calls: 90, days: 30, workspaces: 1, transcriptDelayMs: 0 }), testDatabase()]);
    sim.setLimits({ ratePerSecond: 1_000 });
    await replicateSim(sim, db.database, { requestsPerSecond: 100 });
    reads = new CallReadRepository(db.database);
    index = new PostgresSearchIndex({ database: db.database });
    const ids: { id: string }[] = await db.database.query('SELECT id FROM calls');
    for (const { id } of ids) {
      const [call, transcript] = await Promise.all([reads.getCall(id), reads.getTranscript(id)]);
      if (call && transcript) await index.replaceCallChunks(id, chunkCall(ChunkInputMapper.toChunkInput(call, transcript)));
    }
    const rows: { email: string; name: string; calls: number }[] = await db.database.query(
      `SELECT lower(email) AS email, min(name) AS name, count(DISTINCT call_id)::int AS calls FROM call_parties
        WHERE affiliation = 'External' AND email IS NOT NULL AND speaker_id IS NOT NULL AND name IS NOT NULL
        GROUP BY lower(email) ORDER BY calls DESC, email LIMIT 1`,
    );
    contact = rows[0]!;
    const reindexer = new CallReindexer(reads, index);
    eraser = new PersonEraser({
      database: db.database,
      erasures: new PersonErasureRepository(db.database),
      reads,
      writes: new CallWriteRepository(db.database),
      reindex: (callIds) => reindexer.reindex(callIds),
      clock: new FakeClock(),
      logger: createLogger({ name: 'eraser-int', level: 'silent' }),
    });
  }, 180_000);

  afterAll(async () => {
    await Promise.all([sim?.close(), db?.close()]);
  });

  it('removes the person from the replica and the index, records counts and never the address, and a re-sync does not restore them', async () => {
    expect(contact.calls).toBeGreaterThanOrEqual(3);
    const before = await left();
    expect(before.parties).toBeGreaterThanOrEqual(contact.calls);
    expect(before.chunks).toBeGreaterThan(0);

    const [onCalls] = await db.database.query('SELECT count(*)::int AS n FROM call_parties WHERE lower(email) = $1', [contact.email]);
    const subject = ErasureSubjects.email(contact.email.toUpperCase());
    const { erasure, callIds } = await eraser.erase(subject, 'privacy officer (ticket 42)', ErasureSubjects.hash(subject));
    expect(callIds.length).toBeGreaterThanOrEqual(contact.calls);
    expect(erasure).toMatchObject({ subjectKind: 'email', requestedBy: 'privacy officer (ticket 42)', callsAffected: callIds.length, partiesRemoved: onCalls.n });
    expect(erasure.monologuesRemoved).toBeGreaterThanOrEqual(contact.calls);
    expect(await left()).toEqual({ parties: 0, chunks: 0, texts: 0, transcripts: 0 });
    const stored: unknown[] = await db.database.query('SELECT * FROM person_erasures');
    expect(JSON.stringify(stored).toLowerCase()).not.toContain(contact.email);
    expect(JSON.stringify(stored)).toContain(ErasureSubjects.hash({ kind: 'email', value: contact.email }));

    // Gong still has the person: a re-sync stores the same calls again, scrubbed on the way in.
    await replicateSim(sim, db.database, { requestsPerSecond: 100 });
    expect(await left()).toMatchObject({ parties: 0, texts: 0, transcripts: 0 });
    // Other people on those calls are still there.
    const [others] = await db.database.query('SELECT count(*)::int AS n FROM call_parties WHERE call_id = ANY($1::text[])', [callIds]);
    expect(others.n).toBeGreaterThan(0);
  }, 180_000);

  it('refuses identifiers that are not an email address or a phone number, naming the field', () => {
    expect(() => ErasureSubjects.email('not an address')).toThrow(/email/);
    expect(() => ErasureSubjects.email('a@b.c\u0000')).toThrow(/email/);
    expect(() => ErasureSubjects.phone('425 555 2671')).toThrow(/phone/);
    expect(ErasureSubjects.phone('+1 (425) 555-2671')).toEqual({ kind: 'phone', value: '+14255552671' });
  });
});
