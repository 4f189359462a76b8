import { returningRows } from '../database/returning-rows.js';
import type { Database } from '../database/database.js';
import type { Transaction } from '../database/transaction.js';
import { contentHash, stableStringify } from './call-content.hash.js';
import type { AccountRecord, CallRecord, TranscriptRecord } from './call-record.js';

export interface UpsertResult {
  inserted: string[];
  updated: string[];
  unchanged: string[];
}

type Row = Record<string, unknown>;

/**
 * Writes calls with their parties, CRM context, accounts, topics and trackers; transcripts. Upserts
 * are idempotent: a call whose content did not change is left alone, and a changed call's rows are
 * replaced together, in the batch's single transaction, or not at all. Every stored change gives
 * the call a new event version (the outbox, see CallOutboxRepository).
 */
export class CallWriteRepository {
  constructor(private readonly db: Database) {}

  /**
   * Stores calls with every child row. Pass `tx` to join a transaction of the caller's (commit a page
   * of calls, its transcripts and a sync position together); otherwise the batch is its own
   * transaction. A stored or changed call gets a new event version (see CallOutboxRepository).
   */
  async upsertCalls(calls: readonly CallRecord[], source: string, tx?: Transaction): Promise<UpsertResult> {
    if (calls.length === 0) return { inserted: [], updated: [], unchanged: [] };
    return tx ? this.upsertCallsIn(tx, calls, source) : this.db.transaction((own) => this.upsertCallsIn(own, calls, source));
  }

  private async upsertCallsIn(tx: Transaction, calls: readonly CallRecord[], source: string): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: [], updated: [], unchanged: [] };
    // Last one wins when a batch repeats a call. Rows are locked in id order, so concurrent batches
    // that share calls wait for each other instead of deadlocking.
    const unique = [...new Map(calls.map((c) => [c.id, c])).values()].sort((a, b) => compareIds(a.id, b.id));
    const hashes = new Map(unique.map((c) => [c.id, contentHash(c)]));
    const existing: { id: string; content_hash: string }[] = await tx.query(
      'SELECT id, content_hash FROM calls WHERE id = ANY($1::text[]) ORDER BY id COLLATE "C" FOR UPDATE',
      [unique.map((c) => c.id)],
    );
    const known = new Map(existing.map((r) => [r.id, r.content_hash]));
    const changed = unique.filter((c) => {
      const before = known.get(c.id);
      if (before === undefined) result.inserted.push(c.id);
      else if (before !== hashes.get(c.id)) result.updated.push(c.id);
      else {
        result.unchanged.push(c.id);
        return false;
      }
      return true;
    });
    if (changed.length === 0) return result;
    await this.upsertAccounts(tx, changed.flatMap((c) => c.accounts.map((a) => a.account)));
    await tx.query(
      `INSERT INTO calls (id, workspace_id, url, title, scheduled, started, duration_s, primary_user_id, direction,
         system, scope, media, language, purpose, meeting_url, calendar_event_id, client_unique_id, custom_data,
         sdr_disposition, is_private, brief, key_points, highlights, outline, structure, call_outcome, interaction,
         source, content_hash, event_version)
       SELECT r.id, r.workspace_id, r.url, r.title, r.scheduled, r.started, r.duration_s, r.primary_user_id, r.direction,
         r.system, r.scope, r.media, r.language, r.purpose, r.meeting_url, r.calendar_event_id, r.client_unique_id,
         r.custom_data, r.sdr_disposition, r.is_private, r.brief, r.key_points, r.highlights, r.outline, r.structure,
         r.call_outcome, r.interaction, $2, r.content_hash, 1
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, workspace_id text, url text, title text, scheduled timestamptz,
         started timestamptz, duration_s integer, primary_user_id text, direction text, system text, scope text,
         media text, language text, purpose text, meeting_url text, calendar_event_id text, client_unique_id text,
         custom_data text, sdr_disposition text, is_private boolean, brief text, key_points jsonb, highlights jsonb,
         outline jsonb, structure jsonb, call_outcome jsonb, interaction jsonb, content_hash text)
       ON CONFLICT (id) DO UPDATE SET
         workspace_id = EXCLUDED.workspace_id, url = EXCLUDED.url, title = EXCLUDED.title,
         scheduled = EXCLUDED.scheduled, started = EXCLUDED.started, duration_s = EXCLUDED.duration_s,
         primary_user_id = EXCLUDED.primary_user_id, direction = EXCLUDED.direction, system = EXCLUDED.system,
         scope = EXCLUDED.scope, media = EXCLUDED.media, language = EXCLUDED.language, purpose = EXCLUDED.purpose,
         meeting_url = EXCLUDED.meeting_url, calendar_event_id = EXCLUDED.calendar_event_id,
         client_unique_id = EXCLUDED.client_unique_id, custom_data = EXCLUDED.custom_data,
         sdr_disposition = EXCLUDED.sdr_disposition, is_private = EXCLUDED.is_private, brief = EXCLUDED.brief,
         key_points = EXCLUDED.key_points, highlights = EXCLUDED.highlights, outline = EXCLUDED.outline,
         structure = EXCLUDED.structure, call_outcome = EXCLUDED.call_outcome, interaction = EXCLUDED.interaction,
         content_hash = EXCLUDED.content_hash, source = EXCLUDED.source, event_version = calls.event_version + 1,
         updated_at = now()`,
      [
        JSON.stringify(
          changed.map((c) => ({
            id: c.id,
            workspace_id: c.workspaceId,
            url: c.url,
            title: c.title,
            scheduled: c.scheduled,
            started: c.started,
            duration_s: c.durationS,
            primary_user_id: c.primaryUserId,
            direction: c.direction,
            system: c.system,
            scope: c.scope,
            media: c.media,
            language: c.language,
            purpose: c.purpose,
            meeting_url: c.meetingUrl,
            calendar_event_id: c.calendarEventId,
            client_unique_id: c.clientUniqueId,
            custom_data: c.customData,
            sdr_disposition: c.sdrDisposition,
            is_private: c.isPrivate,
            brief: c.brief,
            key_points: c.keyPoints,
            highlights: c.highlights,
            outline: c.outline,
            structure: c.structure,
            call_outcome: c.callOutcome,
            interaction: c.interaction,
            content_hash: hashes.get(c.id),
          })),
        ),
        source,
      ],
    );
    const ids = changed.map((c) => c.id);
    for (const table of ['call_parties', 'call_context_objects', 'call_accounts', 'call_topics', 'call_trackers']) {
      await tx.query(`DELETE FROM ${table} WHERE call_id = ANY($1::text[])`, [ids]);
    }
    await insertRows(
      tx,
      'call_parties',
      'call_id text, ordinal integer, party_id text, speaker_id text, user_id text, email text, name text, title text, affiliation text, phone_number text, methods text[], context jsonb',
      changed.flatMap((c) =>
        c.parties.map((p, i) => ({
          call_id: c.id,
          ordinal: i,
          party_id: p.partyId,
          speaker_id: p.speakerId,
          user_id: p.userId,
          email: p.email,
          name: p.name,
          title: p.title,
          affiliation: p.affiliation,
          phone_number: p.phoneNumber,
          methods: p.methods,
          context: p.context,
        })),
      ),
    );
    await insertRows(
      tx,
      'call_context_objects',
      'call_id text, ordinal integer, system text, object_type text, object_id text, name text, timing text, fields jsonb',
      changed.flatMap((c) =>
        c.context.map((o, i) => ({
          call_id: c.id,
          ordinal: i,
          system: o.system,
          object_type: o.objectType,
          object_id: o.objectId,
          name: o.name,
          timing: o.timing,
          fields: o.fields,
        })),
      ),
    );
    await insertRows(
      tx,
      'call_accounts',
      'call_id text, account_id text, source text',
      changed.flatMap((c) => dedupe(c.accounts.map((a) => ({ call_id: c.id, account_id: a.account.id, source: a.source })), (r) => r.account_id)),
    );
    await insertRows(
      tx,
      'call_topics',
      'call_id text, name text, duration_s real',
      changed.flatMap((c) => dedupe(c.topics.map((t) => ({ call_id: c.id, name: t.name, duration_s: t.durationS })), (r) => r.name)),
    );
    await insertRows(
      tx,
      'call_trackers',
      'call_id text, tracker_id text, name text, type text, count integer, occurrences jsonb, phrases jsonb',
      changed.flatMap((c) =>
        dedupe(
          c.trackers.map((t) => ({
            call_id: c.id,
            tracker_id: t.trackerId,
            name: t.name,
            type: t.type,
            count: t.count,
            occurrences: t.occurrences,
            phrases: t.phrases,
          })),
          (r) => r.tracker_id,
        ),
      ),
    );
    return result;
  }

  /**
   * Inserts new accounts and updates changed ones. Unchanged accounts are not written, so their rows
   * are not locked: calls of one account stored by concurrent transactions (a backfill page and a
   * webhook) do not wait for each other.
   */
  private async upsertAccounts(tx: Transaction, accounts: AccountRecord[]): Promise<void> {
    const unique = dedupe(accounts, (a) => a.id).sort((a, b) => compareIds(a.id, b.id));
    if (unique.length === 0) return;
    const existing: { id: string; name: string; domain: string | null; fields: Record<string, unknown> }[] = await tx.query(
      'SELECT id, name, domain, fields FROM accounts WHERE id = ANY($1::text[])',
      [unique.map((a) => a.id)],
    );
    const known = new Map(existing.map((r) => [r.id, r]));
    const changed = unique.filter((a) => {
      const k = known.get(a.id);
      return !k || k.name !== a.name || (a.domain !== null && k.domain !== a.domain) || stableStringify(k.fields) !== stableStringify(a.fields);
    });
    if (changed.length === 0) return;
    await tx.query(
      `INSERT INTO accounts (id, name, domain, system, crm_object_id, fields)
       SELECT r.id, r.name, r.domain, r.system, r.crm_object_id, r.fields
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, name text, domain text, system text, crm_object_id text, fields jsonb)
       ON CONFLICT (id) DO UPDATE SET
         name = EXCLUDED.name, domain = COALESCE(EXCLUDED.domain, accounts.domain), system = EXCLUDED.system,
         crm_object_id = EXCLUDED.crm_object_id, fields = EXCLUDED.fields, updated_at = now()
       WHERE (accounts.name, accounts.domain, accounts.fields) IS DISTINCT FROM (EXCLUDED.name, COALESCE(EXCLUDED.domain, accounts.domain), EXCLUDED.fields)`,
      [
        JSON.stringify(
          changed.map((a) => ({ id: a.id, name: a.name, domain: a.domain, system: a.system, crm_object_id: a.crmObjectId, fields: a.fields })),
        ),
      ],
    );
  }

  /**
   * Links internal calls stored before their account was known: a call with no external participant
   * and no account whose title names exactly one CRM account (as whole words; a name inside a longer
   * matching name yields to it) gets that account (source `title`), as `CallRecordMapper` links it at
   * store time, and a new outbox version so it is announced and re-indexed. Returns the calls linked.
   */
  async linkInternalCallsByTitle(tx?: Transaction): Promise<string[]> {
    const words = (col: string) => `trim(regexp_replace(lower(${col}), '[^[:alnum:]]+', ' ', 'g'))`;
    return this.linkAndAnnounce(
      `WITH candidates AS (
         SELECT c.id AS call_id, a.id AS account_id, lower(a.name) AS name
         FROM calls c JOIN accounts a ON a.crm_object_id IS NOT NULL AND length(a.name) >= 3
              AND (' ' || ${words('c.title')} || ' ') LIKE ('% ' || ${words('a.name')} || ' %')
         WHERE NOT EXISTS (SELECT 1 FROM call_accounts ca WHERE ca.call_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM call_parties p WHERE p.call_id = c.id AND p.affiliation = 'External')
       ),
       kept AS (
         SELECT x.* FROM candidates x
         WHERE NOT EXISTS (SELECT 1 FROM candidates y WHERE y.call_id = x.call_id AND y.account_id <> x.account_id
                             AND length(y.name) > length(x.name) AND position(x.name IN y.name) > 0)
       ),
       linked AS (
         INSERT INTO call_accounts (call_id, account_id, source)
         SELECT call_id, min(account_id), 'title' FROM kept GROUP BY call_id HAVING count(DISTINCT account_id) = 1
         ON CONFLICT DO NOTHING RETURNING call_id
       )`,
      tx,
    );
  }

  /**
   * Links calls stored before their opportunity's account was known: a call with no account whose
   * CRM context has Opportunity objects and no Account object gets the account each opportunity is
   * seen beside in other calls' context (exactly one account; source `opportunity`), as
   * `CallRecordMapper` links it at store time, and a new outbox version so it is announced and
   * re-indexed. Returns the calls linked.
   */
  async linkCallsByOpportunity(tx?: Transaction): Promise<string[]> {
    return this.linkAndAnnounce(
      `WITH waiting AS (
         SELECT o.call_id, o.system, o.object_id FROM call_context_objects o
         WHERE o.object_type = 'Opportunity'
           AND NOT EXISTS (SELECT 1 FROM call_accounts ca WHERE ca.call_id = o.call_id)
           AND NOT EXISTS (SELECT 1 FROM call_context_objects x WHERE x.call_id = o.call_id AND x.object_type = 'Account')
       ),
       owners AS (
         SELECT w.system, w.object_id, min(a.id) AS account_id
         FROM (SELECT DISTINCT system, object_id FROM waiting) w
              JOIN call_context_objects so ON so.object_type = 'Opportunity' AND so.object_id = w.object_id AND so.system = w.system
              JOIN call_context_objects sa ON sa.call_id = so.call_id AND sa.system = so.system AND sa.object_type = 'Account'
              JOIN accounts a ON a.crm_object_id = sa.object_id AND a.system = sa.system
         GROUP BY w.system, w.object_id HAVING count(DISTINCT a.id) = 1
       ),
       linked AS (
         INSERT INTO call_accounts (call_id, account_id, source)
         SELECT DISTINCT w.call_id, o.account_id, 'opportunity' FROM waiting w JOIN owners o ON o.system = w.system AND o.object_id = w.object_id
         ON CONFLICT DO NOTHING RETURNING call_id
       )`,
      tx,
    );
  }

  /**
   * Runs link CTEs ending in `linked` (the `call_accounts` rows inserted, RETURNING call_id), gives
   * each linked call a new event version (so it is announced and re-indexed), and returns the linked
   * calls' ids, sorted.
   */
  private async linkAndAnnounce(linkCtes: string, tx?: Transaction): Promise<string[]> {
    const result: unknown = await this.db.query(
      `${linkCtes}
       UPDATE calls SET event_version = event_version + 1, updated_at = now() WHERE id IN (SELECT call_id FROM linked) RETURNING id`,
      [],
      tx,
    );
    return returningRows<{ id: string }>(result)
      .map((r) => r.id)
      .sort();
  }

  /**
   * Stores transcripts; a transcript that did not change keeps its row (and fetched_at). A new or
   * changed transcript gives its call a new event version. Returns the call ids whose transcript was
   * stored or changed. Pass `tx` to join the caller's transaction (the calls must be stored first).
   */
  async upsertTranscripts(transcripts: readonly TranscriptRecord[], tx?: Transaction): Promise<string[]> {
    if (transcripts.length === 0) return [];
    return tx ? this.upsertTranscriptsIn(tx, transcripts) : this.db.transaction((own) => this.upsertTranscriptsIn(own, transcripts));
  }

  private async upsertTranscriptsIn(tx: Transaction, transcripts: readonly TranscriptRecord[]): Promise<string[]> {
    const unique = [...new Map(transcripts.map((t) => [t.callId, t])).values()].sort((a, b) => compareIds(a.callId, b.callId));
    const rows: { call_id: string }[] = await tx.query(
      `INSERT INTO call_transcripts (call_id, monologues, sentence_count, fetched_at)
       SELECT r.call_id, r.monologues, r.sentence_count, r.fetched_at
       FROM jsonb_to_recordset($1::jsonb) AS r(call_id text, monologues jsonb, sentence_count integer, fetched_at timestamptz)
       ON CONFLICT (call_id) DO UPDATE SET monologues = EXCLUDED.monologues, sentence_count = EXCLUDED.sentence_count,
         fetched_at = EXCLUDED.fetched_at
       WHERE call_transcripts.monologues IS DISTINCT FROM EXCLUDED.monologues
       RETURNING call_id`,
      [
        JSON.stringify(
          unique.map((t) => ({
            call_id: t.callId,
            monologues: t.monologues,
            sentence_count: t.monologues.reduce((n, m) => n + m.sentences.length, 0),
            fetched_at: t.fetchedAt,
          })),
        ),
      ],
    );
    const changed = rows.map((r) => r.call_id);
    if (changed.length > 0) {
      await tx.query(
        'UPDATE calls SET event_version = event_version + 1, updated_at = now() WHERE id = ANY($1::text[])',
        [changed],
      );
    }
    return changed;
  }
}

/** Byte order, as `ORDER BY id COLLATE "C"` sorts: one lock order for every batch. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedupe<T>(items: readonly T[], key: (t: T) => string): T[] {
  return [...new Map(items.map((i) => [key(i), i])).values()];
}

async function insertRows(tx: Transaction, table: string, columns: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.split(',').map((c) => c.trim().split(/\s+/)[0]).join(', ');
  await tx.query(
    `INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r(${columns})`,
    [JSON.stringify(rows)],
  );
}
