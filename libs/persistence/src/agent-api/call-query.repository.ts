import type { AccessFilter } from '@gong-connector/contracts';
import type { DataSource } from 'typeorm';
import { callAccessClause } from './call-access.clause.js';

export interface CallListQuery {
  filter: AccessFilter;
  /** Inclusive, ISO date-time. */
  startedFrom?: string | undefined;
  /** Exclusive, ISO date-time. */
  startedTo?: string | undefined;
  accountId?: string | undefined;
  /** A participant's email (case-insensitive) or Gong user id. */
  participant?: string | undefined;
  /** Case-insensitive substring of the title. */
  text?: string | undefined;
  limit: number;
  /** Continue after this (started, id), newest first. */
  after?: { started: string; id: string } | undefined;
}

export interface CallListRow {
  id: string;
  title: string;
  started: string;
  durationS: number;
  workspaceId: string | null;
  primaryUserId: string | null;
  isPrivate: boolean;
  accounts: { id: string; name: string }[];
}

export interface AccountListRow {
  id: string;
  name: string;
  domain: string | null;
  callCount: number;
  lastCallAt: string;
}

export interface AccountTimelineRows {
  account: { id: string; name: string; domain: string | null; system: string | null; crmObjectId: string | null } | undefined;
  callCount: number;
  firstCallAt: string | null;
  lastCallAt: string | null;
  callsByMonth: { month: string; calls: number }[];
  recentCalls: CallListRow[];
  participants: { affiliation: string; userId: string | null; email: string | null; name: string | null; title: string | null; calls: number; lastCallAt: string }[];
  topicsByMonth: { month: string; name: string; calls: number; durationS: number }[];
  trackersByMonth: { month: string; name: string; calls: number; mentions: number }[];
}

const SUMMARY_COLUMNS = `c.id, c.title, c.started, c.duration_s, c.workspace_id, c.primary_user_id, c.is_private,
  COALESCE((SELECT json_agg(json_build_object('id', a.id, 'name', a.name) ORDER BY a.name, a.id)
            FROM call_accounts ca JOIN accounts a ON a.id = ca.account_id WHERE ca.call_id = c.id), '[]') AS accounts`;

interface SummaryRow {
  id: string;
  title: string;
  started: Date;
  duration_s: number;
  workspace_id: string | null;
  primary_user_id: string | null;
  is_private: boolean;
  accounts: { id: string; name: string }[];
}

const toSummary = (r: SummaryRow): CallListRow => ({
  id: r.id,
  title: r.title,
  started: new Date(r.started).toISOString(),
  durationS: r.duration_s,
  workspaceId: r.workspace_id,
  primaryUserId: r.primary_user_id,
  isPrivate: r.is_private,
  accounts: r.accounts,
});

/**
 * Read-side queries of the agent API over the replica, every one restricted by the asking user's
 * AccessFilter inside the SQL (totals and lists only ever count what the user may see).
 */
export class CallQueryRepository {
  constructor(private readonly ds: DataSource) {}

  async listCalls(q: CallListQuery): Promise<CallListRow[]> {
    const params: unknown[] = [];
    const where = [callAccessClause(q.filter, params)];
    const add = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    if (q.startedFrom) where.push(`c.started >= ${add(q.startedFrom)}`);
    if (q.startedTo) where.push(`c.started < ${add(q.startedTo)}`);
    if (q.accountId) where.push(`EXISTS (SELECT 1 FROM call_accounts fa WHERE fa.call_id = c.id AND fa.account_id = ${add(q.accountId)})`);
    if (q.participant) {
      const p = add(q.participant);
      where.push(`EXISTS (SELECT 1 FROM call_parties fp WHERE fp.call_id = c.id AND (lower(fp.email) = lower(${p}) OR fp.user_id = ${p}))`);
    }
    if (q.text) where.push(`c.title ILIKE ${add(`%${q.text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`)}`);
    if (q.after) where.push(`(c.started, c.id) < (${add(q.after.started)}::timestamptz, ${add(q.after.id)}::text)`);
    const rows: SummaryRow[] = await this.ds.query(
      `SELECT ${SUMMARY_COLUMNS} FROM calls c WHERE ${where.join(' AND ')} ORDER BY c.started DESC, c.id DESC LIMIT ${add(q.limit)}`,
      params,
    );
    return rows.map(toSummary);
  }

  /** Accounts with at least one call the user may see, by name (case-insensitive substring) when `q` is given. */
  async listAccounts(filter: AccessFilter, options: { q?: string | undefined; limit: number; offset: number }): Promise<AccountListRow[]> {
    const params: unknown[] = [];
    const access = callAccessClause(filter, params);
    const add = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const nameClause = options.q ? `AND (a.name ILIKE ${add(`%${options.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`)} OR a.domain ILIKE ${add(`%${options.q}%`)})` : '';
    const rows: { id: string; name: string; domain: string | null; calls: number; last_call_at: Date }[] = await this.ds.query(
      `SELECT a.id, a.name, a.domain, count(*)::int AS calls, max(c.started) AS last_call_at
       FROM accounts a JOIN call_accounts ca ON ca.account_id = a.id JOIN calls c ON c.id = ca.call_id
       WHERE ${access} ${nameClause}
       GROUP BY a.id, a.name, a.domain
       ORDER BY max(c.started) DESC, a.id LIMIT ${add(options.limit)} OFFSET ${add(options.offset)}`,
      params,
    );
    return rows.map((r) => ({ id: r.id, name: r.name, domain: r.domain, callCount: r.calls, lastCallAt: new Date(r.last_call_at).toISOString() }));
  }

  /** Everything an account's research view needs, over the account's calls the user may see. */
  async accountTimeline(filter: AccessFilter, accountId: string, options: { recentCalls: number; participants: number }): Promise<AccountTimelineRows> {
    const params: unknown[] = [accountId];
    const access = callAccessClause(filter, params);
    const visible = `WITH v AS MATERIALIZED (
        SELECT c.id, c.started, date_trunc('month', c.started AT TIME ZONE 'UTC') AS month
        FROM calls c JOIN call_accounts ca ON ca.call_id = c.id WHERE ca.account_id = $1 AND ${access})`;
    const q = <T>(sql: string, extra: unknown[] = []): Promise<T[]> => this.ds.query(sql, [...params, ...extra]);
    const n = params.length;
    const [accounts, totals, months, recent, participants, topics, trackers] = await Promise.all([
      this.ds.query('SELECT id, name, domain, system, crm_object_id FROM accounts WHERE id = $1', [accountId]) as Promise<
        { id: string; name: string; domain: string | null; system: string | null; crm_object_id: string | null }[]
      >,
      q<{ calls: number; first: Date | null; last: Date | null }>(`${visible} SELECT count(*)::int AS calls, min(started) AS first, max(started) AS last FROM v`),
      q<{ month: Date; calls: number }>(`${visible} SELECT month, count(*)::int AS calls FROM v GROUP BY month ORDER BY month`),
      q<SummaryRow>(
        `${visible} SELECT ${SUMMARY_COLUMNS} FROM v JOIN calls c ON c.id = v.id ORDER BY c.started DESC, c.id DESC LIMIT $${n + 1}`,
        [options.recentCalls],
      ),
      q<{ affiliation: string; user_id: string | null; email: string | null; name: string | null; title: string | null; calls: number; last: Date }>(
        `${visible} SELECT p.affiliation, max(p.user_id) AS user_id, lower(p.email) AS email, max(p.name) AS name, max(p.title) AS title,
           count(DISTINCT p.call_id)::int AS calls, max(v.started) AS last
         FROM v JOIN call_parties p ON p.call_id = v.id
         GROUP BY p.affiliation, lower(p.email), CASE WHEN p.email IS NULL THEN coalesce(p.user_id, p.name) END
         ORDER BY count(DISTINCT p.call_id) DESC, max(v.started) DESC LIMIT $${n + 1}`,
        [options.participants],
      ),
      q<{ month: Date; name: string; calls: number; duration_s: number }>(
        `${visible} SELECT v.month, t.name, count(*)::int AS calls, round(sum(t.duration_s))::int AS duration_s
         FROM v JOIN call_topics t ON t.call_id = v.id GROUP BY v.month, t.name ORDER BY v.month, t.name`,
      ),
      q<{ month: Date; name: string; calls: number; mentions: number }>(
        `${visible} SELECT v.month, t.name, count(*)::int AS calls, sum(t.count)::int AS mentions
         FROM v JOIN call_trackers t ON t.call_id = v.id WHERE t.count > 0 GROUP BY v.month, t.name ORDER BY v.month, t.name`,
      ),
    ]);
    const month = (d: Date): string => new Date(d).toISOString().slice(0, 7);
    const a = accounts[0];
    const t = totals[0];
    return {
      account: a ? { id: a.id, name: a.name, domain: a.domain, system: a.system, crmObjectId: a.crm_object_id } : undefined,
      callCount: t?.calls ?? 0,
      firstCallAt: t?.first ? new Date(t.first).toISOString() : null,
      lastCallAt: t?.last ? new Date(t.last).toISOString() : null,
      callsByMonth: months.map((m) => ({ month: month(m.month), calls: m.calls })),
      recentCalls: recent.map(toSummary),
      participants: participants.map((p) => ({
        affiliation: p.affiliation,
        userId: p.user_id,
        email: p.email,
        name: p.name,
        title: p.title,
        calls: p.calls,
        lastCallAt: new Date(p.last).toISOString(),
      })),
      topicsByMonth: topics.map((r) => ({ month: month(r.month), name: r.name, calls: r.calls, durationS: r.duration_s })),
      trackersByMonth: trackers.map((r) => ({ month: month(r.month), name: r.name, calls: r.calls, mentions: r.mentions })),
    };
  }
}
