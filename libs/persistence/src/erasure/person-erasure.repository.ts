import type { Database } from '../database/database.js';
import type { Transaction } from '../database/transaction.js';
import type { ErasedSubjects, PersonErasureRecord } from './person-erasure.record.js';

interface ErasureRow {
  id: string;
  subject_kind: 'email' | 'phone';
  requested_by: string;
  requested_at: Date;
  calls_affected: number;
  parties_removed: number;
  monologues_removed: number;
  mentions_redacted: number;
  context_objects_removed: number;
  deliveries_scrubbed: number;
  gong_forward: 'off' | 'sent' | 'failed';
  gong_forward_error: string | null;
}

const toRecord = (r: ErasureRow): PersonErasureRecord => ({
  id: r.id,
  subjectKind: r.subject_kind,
  requestedBy: r.requested_by,
  requestedAt: new Date(r.requested_at).toISOString(),
  callsAffected: r.calls_affected,
  partiesRemoved: r.parties_removed,
  monologuesRemoved: r.monologues_removed,
  mentionsRedacted: r.mentions_redacted,
  contextObjectsRemoved: r.context_objects_removed,
  deliveriesScrubbed: r.deliveries_scrubbed,
  gongForward: r.gong_forward,
  gongForwardError: r.gong_forward_error,
});

/** A stored outbound delivery's id and body, for scrubbing. */
export interface DeliveryPayloadRow {
  id: string;
  payload: unknown;
}

/**
 * Erasure records, the hashed identifiers every stored call is matched against, and the lookups an
 * erasure needs (calls that reference a person, stored webhook bodies that mention them).
 */
export class PersonErasureRepository {
  constructor(private readonly db: Database) {}

  async record(r: Omit<PersonErasureRecord, 'requestedAt'> & { subjectHash: string; requestedAt: Date }, tx?: Transaction): Promise<PersonErasureRecord> {
    const rows: ErasureRow[] = await (tx ?? this.db).query(
      `INSERT INTO person_erasures (id, subject_kind, subject_hash, requested_by, requested_at, calls_affected, parties_removed,
         monologues_removed, mentions_redacted, context_objects_removed, deliveries_scrubbed, gong_forward, gong_forward_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
      [
        r.id,
        r.subjectKind,
        r.subjectHash,
        r.requestedBy,
        r.requestedAt,
        r.callsAffected,
        r.partiesRemoved,
        r.monologuesRemoved,
        r.mentionsRedacted,
        r.contextObjectsRemoved,
        r.deliveriesScrubbed,
        r.gongForward,
        r.gongForwardError,
      ],
    );
    return toRecord(rows[0]!);
  }

  async setGongForward(id: string, outcome: 'sent' | 'failed', error: string | null): Promise<void> {
    await this.db.query('UPDATE person_erasures SET gong_forward = $2, gong_forward_error = $3 WHERE id = $1', [id, outcome, error]);
  }

  async list(limit = 100): Promise<PersonErasureRecord[]> {
    const rows: ErasureRow[] = await this.db.query('SELECT * FROM person_erasures ORDER BY requested_at DESC, id LIMIT $1', [limit]);
    return rows.map(toRecord);
  }

  async get(id: string): Promise<PersonErasureRecord | undefined> {
    const rows: ErasureRow[] = await this.db.query('SELECT * FROM person_erasures WHERE id = $1', [id]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** Every erased identifier, hashed: what each stored call is matched against. */
  async subjects(tx?: Transaction): Promise<ErasedSubjects> {
    const rows: { subject_kind: string; subject_hash: string }[] = await (tx ?? this.db).query('SELECT DISTINCT subject_kind, subject_hash FROM person_erasures');
    return {
      emailHashes: new Set(rows.filter((r) => r.subject_kind === 'email').map((r) => r.subject_hash)),
      phoneHashes: new Set(rows.filter((r) => r.subject_kind === 'phone').map((r) => r.subject_hash)),
    };
  }

  /**
   * Calls that reference the person: a party with the email address (or phone number, compared on
   * its `+` and digits), or a CRM context object with a field holding it. Ordered by id.
   */
  async callIdsReferencing(subject: { email: string } | { phone: string }): Promise<string[]> {
    const rows: { call_id: string }[] =
      'email' in subject
        ? await this.db.query(
            `SELECT call_id FROM call_parties WHERE lower(email) = $1
             UNION SELECT call_id FROM call_context_objects WHERE strpos(lower(fields::text), $2) > 0
             UNION SELECT call_id FROM call_parties WHERE strpos(lower(context::text), $2) > 0
             ORDER BY 1`,
            [subject.email, JSON.stringify(subject.email).slice(1, -1)],
          )
        : await this.db.query(
            `SELECT call_id FROM call_parties WHERE regexp_replace(coalesce(phone_number, ''), '[^0-9+]', '', 'g') = $1 ORDER BY 1`,
            [subject.phone],
          );
    return rows.map((r) => r.call_id);
  }

  /** Where each call came from (`calls.source`), to store a scrubbed call under the same source. */
  async sourcesOf(callIds: readonly string[], tx?: Transaction): Promise<Map<string, string>> {
    const rows: { id: string; source: string }[] = await (tx ?? this.db).query('SELECT id, source FROM calls WHERE id = ANY($1::text[])', [[...callIds]]);
    return new Map(rows.map((r) => [r.id, r.source]));
  }

  /** Outbound webhook bodies (any status) whose text contains one of `needles` (case-insensitive). */
  async deliveriesMentioning(needles: readonly string[], tx?: Transaction): Promise<DeliveryPayloadRow[]> {
    const wanted = needles.map((n) => n.toLowerCase()).filter((n) => n.length > 0);
    if (wanted.length === 0) return [];
    const rows: DeliveryPayloadRow[] = await (tx ?? this.db).query(
      `SELECT id, payload FROM outbound_webhook_deliveries WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) n WHERE strpos(lower(payload::text), n) > 0) ORDER BY id`,
      [wanted],
    );
    return rows;
  }

  async replaceDeliveryPayload(id: string, payload: unknown, tx?: Transaction): Promise<void> {
    await (tx ?? this.db).query('UPDATE outbound_webhook_deliveries SET payload = $2::jsonb WHERE id = $1', [id, JSON.stringify(payload)]);
  }
}
