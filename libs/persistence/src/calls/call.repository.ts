import { createHash } from 'node:crypto';
import type { Database } from '../database/database.js';
import type { Transaction } from '../database/transaction.js';
import type { AccountRecord, CallRecord, TranscriptRecord } from './call-record.js';

export interface UpsertResult {
  inserted: string[];
  updated: string[];
  unchanged: string[];
}

type Row = Record<string, unknown>;

/** Stable JSON (sorted keys) so equal records hash equally whatever the key order. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Row)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function contentHash(call: CallRecord): string {
  return createHash('sha256').update(stableStringify(call)).digest('hex');
}

/**
 * Calls with their parties, CRM context, accounts, topics and trackers; transcripts. Upserts are
 * idempotent: a call whose content did not change is left alone, and a changed call's rows are
 * replaced together, in the batch's single transaction, or not at all.
 */
export class CallRepository {
  constructor(private readonly db: Database) {}

  /**
   * Stores calls with every child row. Pass `tx` to join a transaction of the caller's (commit a page
   * of calls, its transcripts and a sync position together); otherwise the batch is its own
   * transaction. A stored or changed call gets a new event version (see `pendingEvents`).
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

  /**
   * Calls whose latest change has not been announced yet (the event outbox): of `ids` when given,
   * otherwise the oldest changes first. `withoutTranscriptBefore` holds back calls without a
   * transcript that changed after it (their transcript may still come).
   */
  async pendingEvents(options: { ids?: readonly string[]; limit?: number; withoutTranscriptBefore?: Date } = {}): Promise<PendingCallEvent[]> {
    const rows: { id: string; workspace_id: string | null; source: string; version: number; has_transcript: boolean; updated_at: Date }[] =
      await this.db.query(
        `SELECT c.id, c.workspace_id, c.source, c.event_version AS version, c.updated_at,
                EXISTS (SELECT 1 FROM call_transcripts t WHERE t.call_id = c.id) AS has_transcript
         FROM calls c
         WHERE c.event_version > c.published_version
           AND ($1::text[] IS NULL OR c.id = ANY($1::text[]))
           AND ($2::timestamptz IS NULL OR c.updated_at < $2
                OR EXISTS (SELECT 1 FROM call_transcripts t WHERE t.call_id = c.id))
         ORDER BY c.updated_at, c.id
         LIMIT $3`,
        [options.ids ? [...options.ids] : null, options.withoutTranscriptBefore?.toISOString() ?? null, options.limit ?? 1000],
      );
    return rows.map((r) => ({
      callId: r.id,
      workspaceId: r.workspace_id,
      source: r.source,
      version: r.version,
      hasTranscript: r.has_transcript,
      changedAt: new Date(r.updated_at).toISOString(),
    }));
  }

  /** Records that these versions were announced (a later version stays pending). */
  async markPublished(events: readonly Pick<PendingCallEvent, 'callId' | 'version'>[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.query(
      `UPDATE calls c SET published_version = GREATEST(c.published_version, r.version)
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, version integer)
       WHERE c.id = r.id`,
      [JSON.stringify(events.map((e) => ({ id: e.callId, version: e.version })))],
    );
  }

  /** CRM accounts known by these (lower-case) domains, one per domain (the lowest id wins). */
  async crmAccountsByDomain(domains: readonly string[]): Promise<Map<string, AccountRecord>> {
    const out = new Map<string, AccountRecord>();
    if (domains.length === 0) return out;
    const rows: Row[] = await this.db.query(
      `SELECT DISTINCT ON (domain) id, name, domain, system, crm_object_id, fields FROM accounts
       WHERE domain = ANY($1::text[]) AND crm_object_id IS NOT NULL ORDER BY domain, id`,
      [[...new Set(domains)]],
    );
    for (const r of rows) {
      out.set(r.domain as string, {
        id: r.id as string,
        name: r.name as string,
        domain: r.domain as string,
        system: r.system as string | null,
        crmObjectId: r.crm_object_id as string | null,
        fields: r.fields as Record<string, unknown>,
      });
    }
    return out;
  }

  async getCall(id: string): Promise<CallRecord | undefined> {
    return (await this.getCalls([id]))[0];
  }

  /** Calls with every child row, in the order of `ids` (missing ones left out). */
  async getCalls(ids: readonly string[]): Promise<CallRecord[]> {
    if (ids.length === 0) return [];
    const q = (sql: string): Promise<Row[]> => this.db.query(sql, [ids]);
    const [calls, parties, context, accounts, topics, trackers] = await Promise.all([
      q(`SELECT *, to_char(started AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS started_iso,
                to_char(scheduled AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS scheduled_iso
         FROM calls WHERE id = ANY($1::text[])`),
      q('SELECT * FROM call_parties WHERE call_id = ANY($1::text[]) ORDER BY call_id, ordinal'),
      q('SELECT * FROM call_context_objects WHERE call_id = ANY($1::text[]) ORDER BY call_id, ordinal'),
      q(`SELECT ca.call_id, ca.source, a.* FROM call_accounts ca JOIN accounts a ON a.id = ca.account_id
         WHERE ca.call_id = ANY($1::text[]) ORDER BY ca.call_id, a.id`),
      q('SELECT * FROM call_topics WHERE call_id = ANY($1::text[]) ORDER BY call_id, name'),
      q('SELECT * FROM call_trackers WHERE call_id = ANY($1::text[]) ORDER BY call_id, tracker_id'),
    ]);
    const group = (rows: Row[]): Map<string, Row[]> => {
      const m = new Map<string, Row[]>();
      for (const r of rows) m.set(r.call_id as string, [...(m.get(r.call_id as string) ?? []), r]);
      return m;
    };
    const [gp, gc, ga, gt, gk] = [group(parties), group(context), group(accounts), group(topics), group(trackers)];
    const byId = new Map(
      calls.map((r) => {
        const id = r.id as string;
        const record: CallRecord = {
          id,
          workspaceId: (r.workspace_id as string | null) ?? null,
          url: r.url as string | null,
          title: r.title as string,
          scheduled: (r.scheduled_iso as string | null) ?? null,
          started: r.started_iso as string,
          durationS: r.duration_s as number,
          primaryUserId: r.primary_user_id as string | null,
          direction: r.direction as string | null,
          system: r.system as string | null,
          scope: r.scope as string | null,
          media: r.media as string | null,
          language: r.language as string | null,
          purpose: r.purpose as string | null,
          meetingUrl: r.meeting_url as string | null,
          calendarEventId: r.calendar_event_id as string | null,
          clientUniqueId: r.client_unique_id as string | null,
          customData: r.custom_data as string | null,
          sdrDisposition: r.sdr_disposition as string | null,
          isPrivate: r.is_private as boolean,
          brief: r.brief as string | null,
          keyPoints: r.key_points as unknown[],
          highlights: r.highlights as unknown[],
          outline: r.outline as unknown[],
          structure: r.structure as unknown[],
          callOutcome: (r.call_outcome as unknown) ?? null,
          interaction: (r.interaction as unknown) ?? null,
          parties: (gp.get(id) ?? []).map((p) => ({
            partyId: p.party_id as string | null,
            speakerId: p.speaker_id as string | null,
            userId: p.user_id as string | null,
            email: p.email as string | null,
            name: p.name as string | null,
            title: p.title as string | null,
            affiliation: p.affiliation as 'Internal' | 'External' | 'Unknown',
            phoneNumber: p.phone_number as string | null,
            methods: p.methods as string[],
            context: p.context as unknown[],
          })),
          context: (gc.get(id) ?? []).map((o) => ({
            system: o.system as string,
            objectType: o.object_type as string,
            objectId: o.object_id as string,
            name: o.name as string | null,
            timing: o.timing as string | null,
            fields: o.fields as { name: string; value: unknown }[],
          })),
          accounts: (ga.get(id) ?? []).map((a) => ({
            source: a.source as 'crm' | 'domain',
            account: {
              id: a.id as string,
              name: a.name as string,
              domain: a.domain as string | null,
              system: a.system as string | null,
              crmObjectId: a.crm_object_id as string | null,
              fields: a.fields as Record<string, unknown>,
            },
          })),
          topics: (gt.get(id) ?? []).map((t) => ({ name: t.name as string, durationS: t.duration_s as number })),
          trackers: (gk.get(id) ?? []).map((t) => ({
            trackerId: t.tracker_id as string,
            name: t.name as string,
            type: t.type as string | null,
            count: t.count as number,
            occurrences: t.occurrences as TrackerOccurrence[],
            phrases: t.phrases as { phrase: string; count: number; occurrences: TrackerOccurrence[] }[],
          })),
        };
        return [id, record] as const;
      }),
    );
    return ids.map((id) => byId.get(id)).filter((c): c is CallRecord => c !== undefined);
  }

  async getTranscript(callId: string): Promise<TranscriptRecord | undefined> {
    const rows: Row[] = await this.db.query(
      'SELECT call_id, monologues, fetched_at FROM call_transcripts WHERE call_id = $1',
      [callId],
    );
    const r = rows[0];
    return r
      ? { callId: r.call_id as string, monologues: r.monologues as TranscriptRecord['monologues'], fetchedAt: new Date(r.fetched_at as string).toISOString() }
      : undefined;
  }

  /** Of `ids`, those already stored. */
  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.db.query('SELECT id FROM calls WHERE id = ANY($1::text[])', [ids]);
    return new Set(rows.map((r) => r.id));
  }

  /** Of `ids`, those stored with a transcript. */
  async idsWithTranscript(ids: readonly string[]): Promise<Set<string>> {
    const rows: { call_id: string }[] = await this.db.query(
      'SELECT call_id FROM call_transcripts WHERE call_id = ANY($1::text[])',
      [ids],
    );
    return new Set(rows.map((r) => r.call_id));
  }

  async count(): Promise<{ calls: number; transcripts: number }> {
    const rows: { calls: string; transcripts: string }[] = await this.db.query(
      'SELECT (SELECT count(*) FROM calls)::text AS calls, (SELECT count(*) FROM call_transcripts)::text AS transcripts',
    );
    return { calls: Number(rows[0]!.calls), transcripts: Number(rows[0]!.transcripts) };
  }
}

type TrackerOccurrence = { startTime: number; speakerId: string | null };

/** A call change not yet announced on `ingest.call.fetched.v1`. */
export interface PendingCallEvent {
  callId: string;
  workspaceId: string | null;
  /** Where the latest stored version came from (webhook, sync, backfill, live). */
  source: string;
  /** Grows with every change of the call or its transcript. */
  version: number;
  hasTranscript: boolean;
  changedAt: string;
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
