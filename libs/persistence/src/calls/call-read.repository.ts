import type { Database } from '../database/database.js';
import type { AccountRecord, CallAccountRecord, CallRecord, TranscriptRecord } from './call-record.js';

type Row = Record<string, unknown>;

/** An `accounts` row (id, name, domain, system, crm_object_id, fields) as a record. */
function toAccountRecord(r: Row): AccountRecord {
  return {
    id: r.id as string,
    name: r.name as string,
    domain: r.domain as string | null,
    system: r.system as string | null,
    crmObjectId: r.crm_object_id as string | null,
    fields: r.fields as Record<string, unknown>,
  };
}

/** Reads calls as the replica stores them: whole records (every child row), transcripts, ids, counts. */
export class CallReadRepository {
  constructor(private readonly db: Database) {}

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
      out.set(r.domain as string, toAccountRecord(r));
    }
    return out;
  }

  /**
   * The CRM account of each of these opportunities (`system:objectId`), as stored calls' CRM context
   * shows it: an opportunity seen in the context of calls beside an Account object of exactly one
   * account. An opportunity seen with several accounts, or with none, is left out (the narrower reading).
   */
  async crmAccountsByOpportunity(opportunities: readonly string[]): Promise<Map<string, AccountRecord>> {
    const out = new Map<string, AccountRecord>();
    const wanted = [...new Set(opportunities)];
    if (wanted.length === 0) return out;
    const rows: Row[] = await this.db.query(
      `SELECT o.system || ':' || o.object_id AS opportunity, min(a.id) AS id
       FROM call_context_objects o
            JOIN call_context_objects ao ON ao.call_id = o.call_id AND ao.system = o.system AND ao.object_type = 'Account'
            JOIN accounts a ON a.crm_object_id = ao.object_id AND a.system = ao.system
       WHERE o.object_type = 'Opportunity' AND o.object_id = ANY($2::text[]) AND (o.system || ':' || o.object_id) = ANY($1::text[])
       GROUP BY o.system, o.object_id HAVING count(DISTINCT a.id) = 1`,
      [wanted, wanted.map((w) => w.slice(w.indexOf(':') + 1))],
    );
    if (rows.length === 0) return out;
    const accounts: Row[] = await this.db.query(`SELECT id, name, domain, system, crm_object_id, fields FROM accounts WHERE id = ANY($1::text[])`, [
      [...new Set(rows.map((r) => r.id as string))],
    ]);
    const byId = new Map(accounts.map((r) => [r.id as string, r]));
    for (const r of rows) {
      const a = byId.get(r.id as string);
      if (!a) continue;
      out.set(r.opportunity as string, toAccountRecord(a));
    }
    return out;
  }

  /**
   * CRM accounts whose name occurs in one of these titles (case-insensitive; names of at least three
   * characters), for linking internal calls ("Deal review: Harbor Logistics") to their account.
   */
  async crmAccountsNamedIn(titles: readonly string[]): Promise<AccountRecord[]> {
    const wanted = [...new Set(titles.filter((t) => t.trim() !== '').map((t) => t.toLowerCase()))];
    if (wanted.length === 0) return [];
    const rows: Row[] = await this.db.query(
      `SELECT id, name, domain, system, crm_object_id, fields FROM accounts a
       WHERE a.crm_object_id IS NOT NULL AND length(a.name) >= 3
         AND EXISTS (SELECT 1 FROM unnest($1::text[]) t(title) WHERE position(lower(a.name) IN t.title) > 0)
       ORDER BY id`,
      [wanted],
    );
    return rows.map(toAccountRecord);
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
            source: a.source as CallAccountRecord['source'],
            account: toAccountRecord(a),
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

  /** The stored transcripts of these calls (calls without one are absent). */
  async getTranscripts(callIds: readonly string[]): Promise<Map<string, TranscriptRecord>> {
    const out = new Map<string, TranscriptRecord>();
    if (callIds.length === 0) return out;
    const rows: Row[] = await this.db.query('SELECT call_id, monologues, fetched_at FROM call_transcripts WHERE call_id = ANY($1::text[])', [[...new Set(callIds)]]);
    for (const r of rows) {
      out.set(r.call_id as string, { callId: r.call_id as string, monologues: r.monologues as TranscriptRecord['monologues'], fetchedAt: new Date(r.fetched_at as string).toISOString() });
    }
    return out;
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
