import type { AccessFilter } from '@gong-connector/contracts';
import type { Database } from '../database/database.js';
import { callAccessClause } from './call-access.clause.js';

/** Whose deals count for deal figures: everyone's, or the deals whose visible calls one of these users hosted. */
export interface DealAudience {
  everyone: boolean;
  userIds: readonly string[];
}

export interface CompetitorMentionsQuery {
  filter: AccessFilter;
  /** Inclusive, ISO date-time. */
  startedFrom: string;
  /** Exclusive, ISO date-time. */
  startedTo: string;
  /** The trackers whose mentions count, by id or name (case-insensitive); undefined: every tracker whose name says "competit…". */
  trackers?: readonly string[] | undefined;
  /**
   * `phrase`: each phrase of a tracker is a competitor (one "Competitors" tracker listing every
   * competitor); `tracker`: each tracker is one competitor (a tracker per competitor).
   */
  groupBy: 'phrase' | 'tracker';
  /** Only these competitors (case-insensitive names); undefined: every one. */
  competitors?: readonly string[] | undefined;
  /** Deals counted for the deal figures (the profile's deals access). */
  deals: DealAudience;
}

export interface CompetitorMentionRows {
  /** Calls the user may see in the range (the denominator of call shares). */
  visibleCalls: number;
  /** Deals (CRM opportunity ids) of those calls that the deal audience covers (the denominator of deal shares). */
  dealIds: string[];
  competitors: {
    name: string;
    trackers: { id: string; name: string }[];
    mentions: number;
    calls: number;
    /** Monday of each ISO week (UTC, `YYYY-MM-DD`) with its mentions and calls; weeks without mentions left out. */
    weeks: { week: string; mentions: number; calls: number }[];
    /** Deals (within the deal audience) with at least one visible call mentioning it. */
    dealIds: string[];
  }[];
}

export interface CompetitorQuoteRow {
  competitor: string;
  callId: string;
  title: string;
  started: string;
  url: string | null;
  atSeconds: number;
  text: string | null;
  speaker: { name: string | null; affiliation: string | null; title: string | null };
}

/**
 * Competitor (tracker) mentions over the calls a user may see: the AccessFilter is a clause of every
 * statement (like search), so counts, shares and quotes only ever cover visible calls.
 */
export class CompetitorMentionsRepository {
  constructor(private readonly db: Database) {}

  /** Counts by competitor and week, their deals, and the totals, in one statement. */
  async trends(q: CompetitorMentionsQuery): Promise<CompetitorMentionRows> {
    const { params, visible, mentions } = this.mentionsSql(q);
    const add = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const dealUser = q.deals.everyone ? 'TRUE' : `v.primary_user_id = ANY(${add([...q.deals.userIds])}::text[])`;
    const sql = `WITH v AS (${visible}), m AS (${mentions}),
      d AS (SELECT DISTINCT o.object_id AS deal_id, v.id AS call_id FROM v JOIN call_context_objects o ON o.call_id = v.id AND o.object_type = 'Opportunity' WHERE ${dealUser}),
      per AS (SELECT m.competitor, sum(m.mentions)::int AS mentions, count(DISTINCT m.call_id)::int AS calls,
                     json_agg(DISTINCT jsonb_build_object('id', m.tracker_id, 'name', m.tracker_name)) AS trackers
              FROM m GROUP BY m.competitor),
      wk AS (SELECT w.competitor, json_agg(json_build_object('week', w.week, 'mentions', w.mentions, 'calls', w.calls) ORDER BY w.week) AS weeks
             FROM (SELECT m.competitor, to_char(date_trunc('week', m.started AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week,
                          sum(m.mentions)::int AS mentions, count(DISTINCT m.call_id)::int AS calls
                   FROM m GROUP BY 1, 2) w GROUP BY w.competitor),
      dm AS (SELECT m.competitor, array_agg(DISTINCT d.deal_id) AS deal_ids FROM m JOIN d ON d.call_id = m.call_id GROUP BY m.competitor)
      SELECT (SELECT count(*)::int FROM v) AS visible_calls,
             (SELECT COALESCE(array_agg(DISTINCT deal_id), '{}') FROM d) AS deal_ids,
             COALESCE((SELECT json_agg(json_build_object('name', per.competitor, 'trackers', per.trackers, 'mentions', per.mentions, 'calls', per.calls,
                                                         'weeks', COALESCE(wk.weeks, '[]'), 'dealIds', COALESCE(dm.deal_ids, '{}'))
                                       ORDER BY per.mentions DESC, per.competitor)
                       FROM per LEFT JOIN wk ON wk.competitor = per.competitor LEFT JOIN dm ON dm.competitor = per.competitor), '[]') AS competitors`;
    const rows: { visible_calls: number; deal_ids: string[]; competitors: CompetitorMentionRows['competitors'] }[] = await this.queryWithoutJit(sql, params);
    const r = rows[0]!;
    return {
      visibleCalls: r.visible_calls,
      dealIds: [...r.deal_ids].sort(),
      competitors: r.competitors.map((c) => ({ ...c, trackers: [...c.trackers].sort((a, b) => a.id.localeCompare(b.id)), dealIds: [...c.dealIds].sort() })),
    };
  }

  /**
   * The newest `perCompetitor` mentions of each competitor, newest call first, each with the
   * transcript sentence said at that moment (null when the transcript is not replicated) and its speaker.
   */
  async newestQuotes(q: CompetitorMentionsQuery, perCompetitor: number): Promise<CompetitorQuoteRow[]> {
    if (perCompetitor <= 0) return [];
    const { params, visible, mentions } = this.mentionsSql(q, true);
    params.push(perCompetitor);
    const limit = `$${params.length}`;
    const sql = `WITH v AS (${visible}), m AS (${mentions}),
      o AS (SELECT m.competitor, m.call_id, m.started, (occ->>'startTime')::float8 AS at_s, occ->>'speakerId' AS speaker_id,
                   row_number() OVER (PARTITION BY m.competitor ORDER BY m.started DESC, m.call_id DESC, (occ->>'startTime')::float8) AS n
            FROM m CROSS JOIN LATERAL jsonb_array_elements(m.occurrences) occ)
      SELECT o.competitor, o.call_id, c.title, c.started, c.url, o.at_s,
             (SELECT s->>'text' FROM call_transcripts t CROSS JOIN LATERAL jsonb_array_elements(t.monologues) mo CROSS JOIN LATERAL jsonb_array_elements(mo->'sentences') s
              WHERE t.call_id = o.call_id AND (s->>'start')::float8 <= o.at_s * 1000 + 1 AND o.at_s * 1000 <= (s->>'end')::float8
                AND (o.speaker_id IS NULL OR mo->>'speakerId' = o.speaker_id)
              ORDER BY (s->>'start')::float8 LIMIT 1) AS text,
             p.name AS speaker_name, p.affiliation AS speaker_affiliation, p.title AS speaker_title
      FROM o JOIN calls c ON c.id = o.call_id
      LEFT JOIN LATERAL (SELECT cp.name, cp.affiliation, cp.title FROM call_parties cp WHERE cp.call_id = o.call_id AND cp.speaker_id = o.speaker_id LIMIT 1) p ON TRUE
      WHERE o.n <= ${limit}
      ORDER BY o.competitor, o.n`;
    const rows: {
      competitor: string;
      call_id: string;
      title: string;
      started: Date;
      url: string | null;
      at_s: number;
      text: string | null;
      speaker_name: string | null;
      speaker_affiliation: string | null;
      speaker_title: string | null;
    }[] = await this.queryWithoutJit(sql, params);
    return rows.map((r) => ({
      competitor: r.competitor,
      callId: r.call_id,
      title: r.title,
      started: new Date(r.started).toISOString(),
      url: r.url,
      atSeconds: Number(r.at_s),
      text: r.text,
      speaker: { name: r.speaker_name, affiliation: r.speaker_affiliation, title: r.speaker_title },
    }));
  }

  /**
   * Closed-deal outcomes from the deals replica (`deals.outcome`, kept by the replica layer as calls
   * are stored); a deal it does not hold yet (calls stored before it, not linked by its backfill
   * yet) falls back to the calls' CRM context (`crmDealOutcomes`). Open deals are left out.
   */
  async dealOutcomes(dealIds: readonly string[]): Promise<Map<string, 'won' | 'lost'>> {
    if (dealIds.length === 0) return new Map();
    const rows: { id: string; outcome: string }[] = await this.db.query('SELECT id, outcome FROM deals WHERE id = ANY($1::text[])', [[...dealIds]]);
    const out = new Map<string, 'won' | 'lost'>();
    for (const r of rows) if (r.outcome === 'won' || r.outcome === 'lost') out.set(r.id, r.outcome);
    const known = new Set(rows.map((r) => r.id));
    const rest = dealIds.filter((id) => !known.has(id));
    for (const [id, outcome] of await this.crmDealOutcomes(rest)) out.set(id, outcome);
    return out;
  }

  /**
   * Closed-deal outcomes as the calls' CRM context shows them: each opportunity's stage in its
   * newest call's `Now` snapshot (else `TimeOfCall`), `Closed Won` → won, `Closed Lost` → lost;
   * open deals are left out. Read over every replicated call: a stage is deal data, not call content.
   */
  async crmDealOutcomes(dealIds: readonly string[]): Promise<Map<string, 'won' | 'lost'>> {
    if (dealIds.length === 0) return new Map();
    const rows: { deal_id: string; stage: string | null }[] = await this.db.query(
      `SELECT DISTINCT ON (o.object_id) o.object_id AS deal_id,
              (SELECT f->>'value' FROM jsonb_array_elements(o.fields) f WHERE f->>'name' = 'StageName' LIMIT 1) AS stage
       FROM call_context_objects o JOIN calls c ON c.id = o.call_id
       WHERE o.object_type = 'Opportunity' AND o.object_id = ANY($1::text[])
       ORDER BY o.object_id, c.started DESC, (o.timing = 'Now') DESC, c.id DESC`,
      [[...dealIds]],
    );
    const out = new Map<string, 'won' | 'lost'>();
    for (const r of rows) {
      const stage = (r.stage ?? '').trim().toLowerCase();
      if (stage === 'closed won') out.set(r.deal_id, 'won');
      else if (stage === 'closed lost') out.set(r.deal_id, 'lost');
    }
    return out;
  }

  /**
   * One read-only statement with PostgreSQL's JIT off: the planner's default guess of 100 elements
   * per `jsonb_array_elements` inflates the cost past `jit_above_cost`, and compiling then took
   * longer (about 90 ms) than the statement itself over 10,000 calls.
   */
  private queryWithoutJit<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.db.transaction(async (tx) => {
      await this.db.query('SET LOCAL jit = off', [], tx);
      return (await this.db.query(sql, params, tx)) as T[];
    });
  }

  /**
   * `v`: the visible calls in the range; `m`: one row per (visible call, competitor) with its
   * mentions (and, with `occurrences`, the occurrences).
   */
  private mentionsSql(q: CompetitorMentionsQuery, occurrences = false): { params: unknown[]; visible: string; mentions: string } {
    const params: unknown[] = [];
    const access = callAccessClause(q.filter, params);
    const add = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const visible = `SELECT c.id, c.started, c.primary_user_id FROM calls c WHERE ${access} AND c.started >= ${add(q.startedFrom)}::timestamptz AND c.started < ${add(q.startedTo)}::timestamptz`;
    const byTracker = q.groupBy === 'tracker';
    // A tracker without phrase detail (or grouped by tracker) counts as one competitor named like the tracker.
    const phrases = byTracker ? `'[]'::jsonb` : `t.phrases`;
    const name = `COALESCE(x->>'phrase', t.name)`;
    const only = q.competitors ? `AND lower(${name}) = ANY(${add(q.competitors.map((c) => c.toLowerCase()))}::text[])` : '';
    const chosen = q.trackers
      ? `(t.tracker_id = ANY(${add([...q.trackers])}::text[]) OR lower(t.name) = ANY(${add(q.trackers.map((x) => x.toLowerCase()))}::text[]))`
      : `t.name ~* 'competit'`;
    const mentions = `SELECT v.id AS call_id, v.started, ${name} AS competitor, t.tracker_id, t.name AS tracker_name,
        COALESCE((x->>'count')::int, t.count) AS mentions${occurrences ? `, COALESCE(x->'occurrences', t.occurrences) AS occurrences` : ''}
      FROM v JOIN call_trackers t ON t.call_id = v.id AND ${chosen} AND t.count > 0
      LEFT JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_array_length(${phrases}) > 0 THEN ${phrases} ELSE '[null]'::jsonb END) p(x) ON TRUE
      WHERE COALESCE((x->>'count')::int, t.count) > 0 ${only}`;
    return { params, visible, mentions };
  }
}
