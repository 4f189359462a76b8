import type { Database } from '../database/database.js';
import type { Transaction } from '../database/transaction.js';
import type { DealCallLink, DealCallObservation, DealHistoryEntry, DealOutcome, DealOutcomeRecord, DealRecord } from './deal-records.js';

type Row = Record<string, unknown>;

/** Which deals a listing may return: every owner's, or those owned by these Gong users. */
export type DealOwners = 'everyone' | readonly string[];

export interface DealListQuery {
  /** Only deals whose `ownerUserId` is listed (deals without an owner only with 'everyone'). */
  owners: DealOwners;
  /** Only deals with this outcome (or one of these). */
  outcome?: DealOutcome | readonly DealOutcome[];
  accountId?: string;
  /** Ids after this one (the cursor), in byte order. */
  afterId?: string;
  limit: number;
}

/**
 * Deals (CRM opportunities) as stored calls' CRM context shows them, with their call links and the
 * stage and close date histories. `recordCalls` replaces what the given calls say and re-derives the
 * deals they touch, so storing the same calls again changes nothing. Readers: deal risk, meeting
 * prep, competitor win rates.
 */
export class DealRepository {
  constructor(private readonly db: Database) {}

  /**
   * Replaces the deal links of these calls with `observations` (each must be of one of `callIds`;
   * a call now without an opportunity loses its links) and re-derives every deal touched, in the
   * caller's transaction when `tx` is given. Idempotent. Returns the touched deal ids.
   */
  async recordCalls(callIds: readonly string[], observations: readonly DealCallObservation[], tx?: Transaction): Promise<string[]> {
    if (callIds.length === 0) return [];
    return tx ? this.recordCallsIn(tx, callIds, observations) : this.db.transaction((own) => this.recordCallsIn(own, callIds, observations));
  }

  private async recordCallsIn(tx: Transaction, callIds: readonly string[], observations: readonly DealCallObservation[]): Promise<string[]> {
    const ids = [...new Set(callIds)];
    const wanted = new Set(ids);
    const unique = [...new Map(observations.filter((o) => wanted.has(o.callId)).map((o) => [`${o.dealId}\u0000${o.callId}`, o])).values()];
    const before: Row[] = await tx.query('SELECT DISTINCT deal_id FROM deal_calls WHERE call_id = ANY($1::text[])', [ids]);
    const touched = [...new Set([...before.map((r) => r.deal_id as string), ...unique.map((o) => o.dealId)])].sort(compareText);
    if (touched.length === 0) return [];
    // Deals are re-derived from all their links: serialize writers of the same deal (in id order, no deadlock).
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('deal:' || d)) FROM unnest($1::text[]) AS d ORDER BY d COLLATE "C"`, [touched]);
    await tx.query('DELETE FROM deal_calls WHERE call_id = ANY($1::text[])', [ids]);
    if (unique.length > 0) {
      await tx.query(
        `INSERT INTO deal_calls (deal_id, call_id, system, started, primary_user_id, account_id, account_name, stage_at_call,
           close_date_at_call, amount_at_call, now_seen, now_name, now_stage, now_amount, now_close_date, now_outcome, now_crm_owner_id)
         SELECT r.deal_id, r.call_id, r.system, r.started, r.primary_user_id, r.account_id, r.account_name, r.stage_at_call,
           r.close_date_at_call, r.amount_at_call, r.now_seen, r.now_name, r.now_stage, r.now_amount, r.now_close_date, r.now_outcome, r.now_crm_owner_id
         FROM jsonb_to_recordset($1::jsonb) AS r(deal_id text, call_id text, system text, started timestamptz, primary_user_id text,
           account_id text, account_name text, stage_at_call text, close_date_at_call date, amount_at_call numeric, now_seen boolean,
           now_name text, now_stage text, now_amount numeric, now_close_date date, now_outcome text, now_crm_owner_id text)
         WHERE EXISTS (SELECT 1 FROM calls c WHERE c.id = r.call_id)`,
        [
          JSON.stringify(
            unique.map((o) => ({
              deal_id: o.dealId,
              call_id: o.callId,
              system: o.system,
              started: o.started,
              primary_user_id: o.primaryUserId,
              account_id: o.accountId,
              account_name: o.accountName,
              stage_at_call: o.atCall?.stage ?? null,
              close_date_at_call: o.atCall?.closeDate ?? null,
              amount_at_call: o.atCall?.amount ?? null,
              now_seen: o.now !== null,
              now_name: o.now?.name ?? null,
              now_stage: o.now?.stage ?? null,
              now_amount: o.now?.amount ?? null,
              now_close_date: o.now?.closeDate ?? null,
              now_outcome: o.now?.outcome ?? null,
              now_crm_owner_id: o.now?.crmOwnerId ?? null,
            })),
          ),
        ],
      );
    }
    await this.rederive(tx, touched);
    return touched;
  }

  /** Re-derives these deals and their histories from their links (a deal without links is removed). */
  private async rederive(tx: Transaction, dealIds: readonly string[]): Promise<void> {
    const ids = [...dealIds];
    await tx.query('DELETE FROM deals d WHERE d.id = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM deal_calls dc WHERE dc.deal_id = d.id)', [ids]);
    await tx.query(
      `WITH agg AS (
         SELECT deal_id, min(started) AS first_call_at, max(started) AS last_call_at, count(*)::int AS call_count
         FROM deal_calls WHERE deal_id = ANY($1::text[]) GROUP BY deal_id),
       cur AS (
         SELECT DISTINCT ON (deal_id) * FROM deal_calls WHERE deal_id = ANY($1::text[])
         ORDER BY deal_id, now_seen DESC, started DESC, call_id COLLATE "C" DESC),
       at_call AS (
         SELECT DISTINCT ON (deal_id) deal_id, stage_at_call, close_date_at_call, amount_at_call FROM deal_calls
         WHERE deal_id = ANY($1::text[]) AND stage_at_call IS NOT NULL ORDER BY deal_id, started DESC, call_id COLLATE "C" DESC),
       host AS (
         SELECT DISTINCT ON (deal_id) deal_id, primary_user_id FROM deal_calls
         WHERE deal_id = ANY($1::text[]) AND primary_user_id IS NOT NULL ORDER BY deal_id, started DESC, call_id COLLATE "C" DESC),
       acct AS (
         SELECT DISTINCT ON (deal_id) deal_id, account_id, account_name FROM deal_calls
         WHERE deal_id = ANY($1::text[]) AND account_id IS NOT NULL ORDER BY deal_id, started DESC, call_id COLLATE "C" DESC)
       INSERT INTO deals (id, system, name, stage, amount, close_date, outcome, owner_user_id, crm_owner_id, account_id, account_name,
         first_call_at, last_call_at, call_count, updated_at)
       SELECT agg.deal_id, cur.system,
         CASE WHEN cur.now_seen THEN cur.now_name END,
         CASE WHEN cur.now_seen THEN cur.now_stage ELSE at_call.stage_at_call END,
         CASE WHEN cur.now_seen THEN cur.now_amount ELSE at_call.amount_at_call END,
         CASE WHEN cur.now_seen THEN cur.now_close_date ELSE at_call.close_date_at_call END,
         COALESCE(CASE WHEN cur.now_seen THEN cur.now_outcome END, 'open'),
         host.primary_user_id, CASE WHEN cur.now_seen THEN cur.now_crm_owner_id END, acct.account_id, acct.account_name,
         agg.first_call_at, agg.last_call_at, agg.call_count, now()
       FROM agg JOIN cur USING (deal_id) LEFT JOIN at_call USING (deal_id) LEFT JOIN host USING (deal_id) LEFT JOIN acct USING (deal_id)
       ON CONFLICT (id) DO UPDATE SET system = EXCLUDED.system, name = EXCLUDED.name, stage = EXCLUDED.stage, amount = EXCLUDED.amount,
         close_date = EXCLUDED.close_date, outcome = EXCLUDED.outcome, owner_user_id = EXCLUDED.owner_user_id,
         crm_owner_id = EXCLUDED.crm_owner_id, account_id = EXCLUDED.account_id, account_name = EXCLUDED.account_name,
         first_call_at = EXCLUDED.first_call_at, last_call_at = EXCLUDED.last_call_at, call_count = EXCLUDED.call_count,
         updated_at = CASE WHEN (deals.name, deals.stage, deals.amount, deals.close_date, deals.outcome, deals.owner_user_id, deals.account_id,
             deals.last_call_at, deals.call_count) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.stage, EXCLUDED.amount, EXCLUDED.close_date,
             EXCLUDED.outcome, EXCLUDED.owner_user_id, EXCLUDED.account_id, EXCLUDED.last_call_at, EXCLUDED.call_count)
           THEN now() ELSE deals.updated_at END`,
      [ids],
    );
    for (const [table, column, source] of [
      ['deal_stage_history', 'stage', 'stage_at_call'],
      ['deal_close_date_history', 'close_date', 'close_date_at_call'],
    ] as const) {
      await tx.query(`DELETE FROM ${table} WHERE deal_id = ANY($1::text[])`, [ids]);
      await tx.query(
        `INSERT INTO ${table} (deal_id, since, ${column}, call_id)
         SELECT deal_id, started, v, call_id FROM (
           SELECT deal_id, started, call_id, ${source} AS v,
             lag(${source}) OVER (PARTITION BY deal_id ORDER BY started, call_id COLLATE "C") AS prev
           FROM deal_calls WHERE deal_id = ANY($1::text[]) AND ${source} IS NOT NULL) x
         WHERE prev IS DISTINCT FROM v AND EXISTS (SELECT 1 FROM deals d WHERE d.id = x.deal_id)`,
        [ids],
      );
    }
  }

  async get(id: string): Promise<DealRecord | undefined> {
    const rows: Row[] = await this.db.query(`SELECT ${DEAL_COLUMNS} FROM deals WHERE id = $1`, [id]);
    return rows[0] ? toDeal(rows[0]) : undefined;
  }

  /** Deals in id order (byte order), bounded by `limit`; page on with `afterId` = the last id. */
  async list(query: DealListQuery): Promise<DealRecord[]> {
    if (query.owners !== 'everyone' && query.owners.length === 0) return [];
    const params: unknown[] = [Math.max(1, Math.min(query.limit, 1000))];
    const where: string[] = [];
    if (query.owners !== 'everyone') where.push(`owner_user_id = ANY($${params.push([...query.owners])}::text[])`);
    if (query.outcome) where.push(`outcome = ANY($${params.push(typeof query.outcome === 'string' ? [query.outcome] : [...query.outcome])}::text[])`);
    if (query.accountId) where.push(`account_id = $${params.push(query.accountId)}`);
    if (query.afterId !== undefined) where.push(`id COLLATE "C" > $${params.push(query.afterId)}`);
    const rows: Row[] = await this.db.query(
      `SELECT ${DEAL_COLUMNS} FROM deals ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id COLLATE "C" LIMIT $1`,
      params,
    );
    return rows.map(toDeal);
  }

  /** The calls of these deals, oldest first per deal. */
  async callLinks(dealIds: readonly string[]): Promise<Map<string, DealCallLink[]>> {
    const out = new Map<string, DealCallLink[]>();
    if (dealIds.length === 0) return out;
    const rows: Row[] = await this.db.query(
      `SELECT deal_id, call_id, started, stage_at_call, to_char(close_date_at_call, 'YYYY-MM-DD') AS close_date_at_call
       FROM deal_calls WHERE deal_id = ANY($1::text[]) ORDER BY deal_id, started, call_id COLLATE "C"`,
      [[...new Set(dealIds)]],
    );
    for (const r of rows) {
      const list = out.get(r.deal_id as string) ?? [];
      list.push({
        dealId: r.deal_id as string,
        callId: r.call_id as string,
        started: iso(r.started),
        stageAtCall: (r.stage_at_call as string | null) ?? null,
        closeDateAtCall: (r.close_date_at_call as string | null) ?? null,
      });
      out.set(r.deal_id as string, list);
    }
    return out;
  }

  /** The deal ids of each of these calls (a call may belong to several opportunities). */
  async dealsOfCalls(callIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (callIds.length === 0) return out;
    const rows: Row[] = await this.db.query('SELECT call_id, deal_id FROM deal_calls WHERE call_id = ANY($1::text[]) ORDER BY call_id, deal_id COLLATE "C"', [
      [...new Set(callIds)],
    ]);
    for (const r of rows) out.set(r.call_id as string, [...(out.get(r.call_id as string) ?? []), r.deal_id as string]);
    return out;
  }

  /** The stage each time the deal's calls, in start order, showed it change (at the time of the call). */
  async stageHistory(dealId: string): Promise<Array<DealHistoryEntry<string>>> {
    const rows: Row[] = await this.db.query('SELECT stage, since, call_id FROM deal_stage_history WHERE deal_id = $1 ORDER BY since, call_id COLLATE "C"', [dealId]);
    return rows.map((r) => ({ value: r.stage as string, since: iso(r.since), callId: r.call_id as string }));
  }

  /** The close date each time the deal's calls, in start order, showed it change (`YYYY-MM-DD`). */
  async closeDateHistory(dealId: string): Promise<Array<DealHistoryEntry<string>>> {
    const rows: Row[] = await this.db.query(
      `SELECT to_char(close_date, 'YYYY-MM-DD') AS close_date, since, call_id FROM deal_close_date_history WHERE deal_id = $1 ORDER BY since, call_id COLLATE "C"`,
      [dealId],
    );
    return rows.map((r) => ({ value: r.close_date as string, since: iso(r.since), callId: r.call_id as string }));
  }

  /** Closed deals (won or lost) with their calls, in id order; only those of `owners` when listed. */
  async closedOutcomes(owners: DealOwners = 'everyone'): Promise<DealOutcomeRecord[]> {
    if (owners !== 'everyone' && owners.length === 0) return [];
    const rows: Row[] = await this.db.query(
      `SELECT d.id, d.outcome, to_char(d.close_date, 'YYYY-MM-DD') AS close_date, d.account_id, d.owner_user_id,
         COALESCE(array_agg(dc.call_id ORDER BY dc.started, dc.call_id COLLATE "C") FILTER (WHERE dc.call_id IS NOT NULL), '{}') AS call_ids
       FROM deals d LEFT JOIN deal_calls dc ON dc.deal_id = d.id
       WHERE d.outcome IN ('won', 'lost') ${owners === 'everyone' ? '' : 'AND d.owner_user_id = ANY($1::text[])'}
       GROUP BY d.id ORDER BY d.id COLLATE "C"`,
      owners === 'everyone' ? [] : [[...owners]],
    );
    return rows.map((r) => ({
      dealId: r.id as string,
      outcome: r.outcome as 'won' | 'lost',
      closeDate: (r.close_date as string | null) ?? null,
      accountId: (r.account_id as string | null) ?? null,
      ownerUserId: (r.owner_user_id as string | null) ?? null,
      callIds: r.call_ids as string[],
    }));
  }

  /**
   * The company's median days in each stage, from the stage histories of every deal: a stage lasts
   * until the next one, a current stage until `asOf` (what DealRiskScorer.stageMedianDays computes
   * from calls).
   */
  async stageMedianDays(asOf: string): Promise<Record<string, number>> {
    const rows: Row[] = await this.db.query(
      `SELECT stage, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median FROM (
         SELECT stage, GREATEST(0, EXTRACT(EPOCH FROM (COALESCE(lead(since) OVER w, $1::timestamptz) - since)) / 86400) AS days
         FROM deal_stage_history WHERE since <= $1::timestamptz
         WINDOW w AS (PARTITION BY deal_id ORDER BY since, call_id COLLATE "C")) s
       GROUP BY stage`,
      [asOf],
    );
    return Object.fromEntries(rows.map((r) => [r.stage as string, Number(r.median)]));
  }

  /**
   * Stored calls whose CRM context names an opportunity they are not linked to yet (calls stored
   * before the deals replica), in id order after `afterCallId`: what a backfill of deals reads.
   */
  async callIdsToLink(afterCallId: string | null, limit: number): Promise<string[]> {
    const rows: Row[] = await this.db.query(
      `SELECT o.call_id FROM call_context_objects o
       WHERE o.object_type = 'Opportunity' AND ($1::text IS NULL OR o.call_id COLLATE "C" > $1)
         AND NOT EXISTS (SELECT 1 FROM deal_calls dc WHERE dc.call_id = o.call_id AND dc.deal_id = o.object_id)
       GROUP BY o.call_id ORDER BY o.call_id COLLATE "C" LIMIT $2`,
      [afterCallId, limit],
    );
    return rows.map((r) => r.call_id as string);
  }

  async count(): Promise<{ deals: number; links: number }> {
    const [r]: Row[] = await this.db.query('SELECT (SELECT count(*)::int FROM deals) AS deals, (SELECT count(*)::int FROM deal_calls) AS links');
    return { deals: r!.deals as number, links: r!.links as number };
  }
}

const DEAL_COLUMNS = `id, system, name, stage, amount, to_char(close_date, 'YYYY-MM-DD') AS close_date, outcome, owner_user_id, crm_owner_id,
  account_id, account_name, first_call_at, last_call_at, call_count`;

function toDeal(r: Row): DealRecord {
  return {
    id: r.id as string,
    system: r.system as string,
    name: (r.name as string | null) ?? null,
    stage: (r.stage as string | null) ?? null,
    amount: r.amount === null || r.amount === undefined ? null : Number(r.amount),
    closeDate: (r.close_date as string | null) ?? null,
    outcome: r.outcome as DealOutcome,
    ownerUserId: (r.owner_user_id as string | null) ?? null,
    crmOwnerId: (r.crm_owner_id as string | null) ?? null,
    accountId: (r.account_id as string | null) ?? null,
    accountName: (r.account_name as string | null) ?? null,
    firstCallAt: iso(r.first_call_at),
    lastCallAt: iso(r.last_call_at),
    callCount: r.call_count as number,
  };
}

function iso(v: unknown): string {
  return v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString();
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
