import type { CallSource, Clock } from '@gong-connector/contracts';
import type { CallData, CallTranscript, ContentSelector, GongClient } from '@gong-connector/gong-client';
import type {
  AccountRecord,
  CallReadRepository,
  CallRecord,
  CallWriteRepository,
  Database,
  DealRepository,
  PersonErasureRepository,
  Transaction,
  TranscriptRecord,
  UpsertResult,
} from '@gong-connector/persistence';
import type { Logger } from '@gong-connector/platform';
import { CallRecordMapper } from './call-record.mapper.js';
import { ExtensiveContentSelector } from './extensive-content.selector.js';
import { PersonScrubber } from '../erasure/person.scrubber.js';
import { DealRecordMapper } from '../deals/deal-record.mapper.js';

export interface StoreCallsInput {
  calls: readonly CallData[];
  transcripts: readonly CallTranscript[];
  source: CallSource;
  /** More writes of the same transaction (a sync checkpoint, a backfill position). */
  alsoInTransaction?: (tx: Transaction, result: StoreCallsResult) => Promise<void>;
}

export interface StoreCallsResult extends UpsertResult {
  /** Calls of the batch that were written (mapped without error). */
  records: CallRecord[];
  /** Transcripts of the batch as stored (empty ones and those of left-out calls are not). */
  transcripts: TranscriptRecord[];
  /** Calls whose transcript was stored or changed. */
  transcriptsChanged: string[];
  /** Calls that could not be mapped (logged and left out). */
  skipped: string[];
}

export interface CallStoreDeps {
  database: Database;
  writes: CallWriteRepository;
  reads: CallReadRepository;
  /** Past erasures, re-applied to every call before it is stored (a sync or webhook never brings an erased person back). */
  erasures: Pick<PersonErasureRepository, 'subjects'>;
  clock: Clock;
  logger: Logger;
  /** The deals replica, kept in the same transaction from the stored calls' CRM context (left alone when absent). */
  deals?: Pick<DealRepository, 'recordCalls'>;
}

const RETRYABLE_SQL_STATES = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 3;

/**
 * Stores Gong calls in the replica: the one use case every path that stores a call shares (ingest's
 * webhook pipeline, sync and backfill; agent-api's live fallback). One content selector, so a call
 * stored by one path and seen again by another is unchanged; one mapping (accounts from CRM Account
 * objects and external email domains, resolved against CRM accounts already known by domain); one
 * transaction for calls, parties, CRM context, accounts, transcripts and the outbox version, with
 * the caller's own writes in it when asked, retried when it lost a deadlock. Empty transcripts
 * (not processed yet) are not stored. Announcing is the outbox's job (CallReadyOutbox).
 */
export class CallStore {
  /** What every path asks `/v2/calls/extensive` for. */
  static readonly contentSelector: ContentSelector = ExtensiveContentSelector.selector;

  constructor(private readonly deps: CallStoreDeps) {}

  async store(input: StoreCallsInput): Promise<StoreCallsResult> {
    const { reads, clock, logger } = this.deps;
    const domains = [...new Set(input.calls.flatMap((c) => CallRecordMapper.externalDomains(c)))];
    const known = await reads.crmAccountsByDomain(domains);
    const internalTitles = input.calls.filter((c) => !(c.parties ?? []).some((p) => p.affiliation === 'External')).map((c) => c.metaData.title ?? '');
    // CRM accounts an internal call's title may name: those stored already and those of this batch's own calls.
    const titled = internalTitles.length === 0 ? [] : [...(await reads.crmAccountsNamedIn(internalTitles)), ...CallStore.crmAccountsOf(input.calls)];
    const byOpportunity = await CallStore.opportunityAccounts(reads, input.calls);
    const records: CallRecord[] = [];
    const skipped: string[] = [];
    for (const call of input.calls) {
      try {
        records.push(CallRecordMapper.toCallRecord(call, { crmAccountsByDomain: known, crmAccountsForTitles: titled, crmAccountsByOpportunity: byOpportunity }));
      } catch (error) {
        skipped.push(call.metaData.id);
        logger.warn({ callId: call.metaData.id, err: error instanceof Error ? error.message : String(error) }, 'call left out: cannot be stored');
      }
    }
    const fetchedAt = new Date(clock.now()).toISOString();
    let transcripts: TranscriptRecord[] = input.transcripts
      .filter((t) => t.transcript.length > 0 && !skipped.includes(t.callId))
      .map((t) => CallRecordMapper.toTranscriptRecord(t, fetchedAt));
    const erased = await this.deps.erasures.subjects();
    if (erased.emailHashes.size + erased.phoneHashes.size > 0) {
      const people = PersonScrubber.fromSubjects(erased);
      const byCall = new Map(transcripts.map((t) => [t.callId, t]));
      for (const [i, record] of records.entries()) {
        const result = PersonScrubber.scrub(record, byCall.get(record.id), people);
        if (!result.changed) continue;
        records[i] = result.record;
        if (result.transcript) byCall.set(record.id, result.transcript);
      }
      transcripts = transcripts.map((t) => byCall.get(t.callId) ?? t);
    }

    for (let attempt = 1; ; attempt++) {
      try {
        return await this.deps.database.transaction(async (tx) => {
          const upsert = await this.deps.writes.upsertCalls(records, input.source, tx);
          const transcriptsChanged = await this.deps.writes.upsertTranscripts(transcripts, tx);
          if (this.deps.deals) {
            const changed = new Set([...upsert.inserted, ...upsert.updated]);
            const stored = records.filter((r) => changed.has(r.id));
            await this.deps.deals.recordCalls(
              stored.map((r) => r.id),
              stored.flatMap((r) => DealRecordMapper.observations(r)),
              tx,
            );
          }
          const result: StoreCallsResult = { ...upsert, records, transcripts, transcriptsChanged, skipped };
          await input.alsoInTransaction?.(tx, result);
          return result;
        });
      } catch (error) {
        const state = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
        if (attempt >= MAX_ATTEMPTS || !state || !RETRYABLE_SQL_STATES.has(state)) throw error;
        logger.warn({ attempt, state }, 'replica write lost a deadlock; retrying');
      }
    }
  }

  /**
   * The account of each opportunity that a call of the batch has in its CRM context without an
   * Account object: from this batch's own contexts (an opportunity beside one Account object), else
   * from the stored calls' (`crmAccountsByOpportunity`).
   */
  private static async opportunityAccounts(reads: CallReadRepository, calls: readonly CallData[]): Promise<Map<string, AccountRecord>> {
    const plain: CallRecord[] = [];
    for (const call of calls) {
      try {
        plain.push(CallRecordMapper.toCallRecord(call));
      } catch {
        // A call that cannot be mapped is left out by store() itself.
      }
    }
    const wanted = [...new Set(plain.flatMap((r) => CallRecordMapper.opportunityKeys(r.context)))];
    if (wanted.length === 0) return new Map();
    const batch = CallRecordMapper.opportunityAccounts(plain);
    const stored = await reads.crmAccountsByOpportunity(wanted.filter((k) => !batch.has(k)));
    const out = new Map<string, AccountRecord>();
    for (const key of wanted) {
      const account = batch.get(key) ?? stored.get(key);
      if (account) out.set(key, account);
    }
    return out;
  }

  /** The CRM accounts of these calls' CRM context (as the mapper derives them), once each. */
  private static crmAccountsOf(calls: readonly CallData[]): AccountRecord[] {
    const out = new Map<string, AccountRecord>();
    for (const call of calls) {
      try {
        for (const link of CallRecordMapper.toCallRecord(call).accounts) if (link.source === 'crm') out.set(link.account.id, link.account);
      } catch {
        // A call that cannot be mapped is left out by store() itself.
      }
    }
    return [...out.values()];
  }

  /**
   * Fetches these calls from Gong with the content selector every path uses, then the transcripts
   * of those Gong knows, and stores them (`store`). Calls Gong does not know are absent from the
   * result's records, and cost no transcript request. `gong` carries the caller's priority.
   */
  async fetchAndStore(gong: GongClient, callIds: readonly string[], source: CallSource): Promise<StoreCallsResult> {
    const wanted = new Set(callIds);
    const calls: CallData[] = [];
    for await (const page of gong.extensiveForCalls([...wanted], CallStore.contentSelector)) {
      calls.push(...page.items.filter((c) => wanted.has(c.metaData.id)));
    }
    if (calls.length === 0) return { inserted: [], updated: [], unchanged: [], records: [], transcripts: [], transcriptsChanged: [], skipped: [] };
    const found = new Set(calls.map((c) => c.metaData.id));
    const transcripts: CallTranscript[] = [];
    for await (const page of gong.transcriptsForCalls([...found])) {
      transcripts.push(...page.items.filter((t) => found.has(t.callId)));
    }
    return this.store({ calls, transcripts, source });
  }
}
