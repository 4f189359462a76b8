import type { AccessFilter } from '@gong-connector/contracts';
import { createHash } from 'node:crypto';
import type { Database } from '../database/database.js';
import { callAccessClause } from './call-access.clause.js';

export interface CallListQuery {
  filter: AccessFilter;
  /** Inclusive, ISO date-time. */
  startedFrom?: string | undefined;
  /** Exclusive, ISO date-time. */
  startedTo?: string | undefined;
  /** Calls linked to any of these accounts (an account and the accounts merged with it). */
  accountIds?: readonly string[] | undefined;
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
  /** The call's page in Gong, as Gong gave it. */
  url: string | null;
  /** Only people of the company took part (Gong's scope `Internal`). */
  internal: boolean;
  accounts: { id: string; name: string }[];
}

/** An account as a reference resolves to it: a CRM account together with the email-domain accounts of its contacts. */
export interface ResolvedAccountRow {
  /** The group's id: the CRM account's, or the domain account's when no CRM account owns its domain. */
  id: string;
  name: string;
  /** Every account id of the group (the id itself included), for filters. */
  memberIds: string[];
  /** The group's email and web domains, lower-case. */
  domains: string[];
  /** How the reference matched: id, crm-id, domain, name, or partial-name. */
  matchedBy: 'id' | 'crm-id' | 'domain' | 'name' | 'partial-name';
  /** Calls of the group the user may see. */
  callCount: number;
  lastCallAt: string;
}

/** Every account id and, at the same index, the id of the group (merged account) it belongs to. */
export interface AccountGroups {
  accountIds: string[];
  groupIds: string[];
}

export interface AccountListRow {
  id: string;
  name: string;
  domain: string | null;
  /** Every domain of the account and of the domain accounts merged into it. */
  domains: string[];
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

const SUMMARY_COLUMNS = `c.id, c.title, c.started, c.duration_s, c.workspace_id, c.primary_user_id, c.is_private, c.url, c.scope,
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
  url: string | null;
  scope: string | null;
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
  url: r.url,
  internal: r.scope === 'Internal',
  accounts: r.accounts,
});

/**
 * Read-side queries of the agent API over the replica, every one restricted by the asking user's
 * AccessFilter inside the SQL (totals and lists only ever count what the user may see).
 */
export class CallQueryRepository {
  /** Prepared-statement name of each statement text (a handful: one per shape of access filter). */
  private readonly statementNames = new Map<string, string>();

  constructor(private readonly db: Database) {}

  async listCalls(q: CallListQuery): Promise<CallListRow[]> {
    const params: unknown[] = [];
    const where = [callAccessClause(q.filter, params)];
    const add = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    if (q.startedFrom) where.push(`c.started >= ${add(q.startedFrom)}`);
    if (q.startedTo) where.push(`c.started < ${add(q.startedTo)}`);
    if (q.accountIds) where.push(`EXISTS (SELECT 1 FROM call_accounts fa WHERE fa.call_id = c.id AND fa.account_id = ANY(${add([...q.accountIds])}::text[]))`);
    if (q.participant) {
      const p = add(q.participant);
      where.push(`EXISTS (SELECT 1 FROM call_parties fp WHERE fp.call_id = c.id AND (lower(fp.email) = lower(${p}) OR fp.user_id = ${p}))`);
    }
    if (q.text) where.push(`c.title ILIKE ${add(`%${q.text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`)}`);
    if (q.after) where.push(`(c.started, c.id) < (${add(q.after.started)}::timestamptz, ${add(q.after.id)}::text)`);
    const rows: SummaryRow[] = await this.db.query(
      `SELECT ${SUMMARY_COLUMNS} FROM calls c WHERE ${where.join(' AND ')} ORDER BY c.started DESC, c.id DESC LIMIT ${add(q.limit)}`,
      params,
    );
    return rows.map(toSummary);
  }

  /**
   * Accounts with at least one call the user may see, a CRM account merged with its contacts' domain
   * accounts (see `ACCOUNT_GROUPS`; listed once, under the CRM account, with every domain), by name or
   * domain of any member (case-insensitive substring) when `q` is given.
   */
  async listAccounts(filter: AccessFilter, options: { q?: string | undefined; limit: number; offset: number }): Promise<AccountListRow[]> {
    const params: unknown[] = [];
    const access = callAccessClause(filter, params);
    const add = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const like = options.q ? add(`%${options.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`) : undefined;
    const nameClause = like
      ? `AND g.group_id IN (SELECT f.group_id FROM groups f JOIN accounts fm ON fm.id = f.account_id WHERE fm.name ILIKE ${like} OR fm.domain ILIKE ${like})`
      : '';
    const rows: { id: string; name: string; domain: string | null; domains: string[] | null; calls: number; last_call_at: Date }[] = await this.db.query(
      `WITH ${ACCOUNT_GROUPS}
       SELECT g.group_id AS id, a.name, a.domain, count(DISTINCT c.id)::int AS calls, max(c.started) AS last_call_at,
              array_agg(DISTINCT lower(m.domain)) FILTER (WHERE m.domain IS NOT NULL) AS domains
       FROM groups g JOIN accounts a ON a.id = g.group_id JOIN accounts m ON m.id = g.account_id
            JOIN call_accounts ca ON ca.account_id = g.account_id JOIN calls c ON c.id = ca.call_id
       WHERE ${access} ${nameClause}
       GROUP BY g.group_id, a.name, a.domain
       ORDER BY max(c.started) DESC, g.group_id LIMIT ${add(options.limit)} OFFSET ${add(options.offset)}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      domain: r.domain,
      domains: r.domains ?? [],
      callCount: r.calls,
      lastCallAt: new Date(r.last_call_at).toISOString(),
    }));
  }

  /**
   * The accounts a reference names, among those with a call the user may see, best match first:
   * the account id, the bare CRM id, an email or web domain (`pioneerfoods.io`, `a@pioneerfoods.io`,
   * `domain:pioneerfoods.io`), the exact name, then a part of the name (case-insensitive). Only the
   * best tier that matched is returned. A CRM account and the domain accounts of its contacts'
   * email domains are one group (see `ACCOUNT_GROUPS`), answered once under the CRM account.
   *
   * Without `groups`, only the groups of the matched accounts are computed (`MATCHED_GROUPS`, by
   * index, in the same statement): the cost follows the matched accounts' calls, not the company's,
   * and a merge is seen as soon as the call that makes it is stored. `groups` (from `accountGroups`)
   * gives the same answer from every account's group computed at once.
   */
  async resolveAccounts(filter: AccessFilter, reference: string, limit = 10, groups?: AccountGroups): Promise<ResolvedAccountRow[]> {
    const ref = reference.trim();
    const domain = ref
      .toLowerCase()
      .replace(/^domain:/, '')
      .replace(/^https?:\/\//, '')
      .replace(/^[^@\s]*@/, '')
      .replace(/^www\./, '')
      .replace(/\/.*$/, '');
    const params: unknown[] = [ref, domain, `%${ref.replace(/[\\%_]/g, (m) => `\\${m}`)}%`, limit];
    if (groups) params.push(groups.accountIds, groups.groupIds);
    const access = callAccessClause(filter, params);
    const groupsSql = groups
      ? `groups AS MATERIALIZED (SELECT * FROM unnest($5::text[], $6::text[]) AS g(account_id, group_id)),
         hits AS (
           SELECT g.group_id, min(${MATCH_TIER}) AS tier
           FROM accounts a JOIN groups g ON g.account_id = a.id
           WHERE ${MATCHES}
           GROUP BY g.group_id
         )`
      : MATCHED_GROUPS;
    const rows: { id: string; name: string; member_ids: string[]; domains: string[] | null; tier: number; calls: number; last_call_at: Date }[] =
      await this.db.query(
        `WITH ${groupsSql},
         visible AS (
           SELECT h.group_id, h.tier, count(DISTINCT c.id)::int AS calls, max(c.started) AS last_call_at
           FROM hits h JOIN groups g ON g.group_id = h.group_id
                JOIN call_accounts ca ON ca.account_id = g.account_id JOIN calls c ON c.id = ca.call_id
           WHERE ${access}
           GROUP BY h.group_id, h.tier
         )
         SELECT v.group_id AS id, a.name, v.tier, v.calls, v.last_call_at,
                (SELECT array_agg(g.account_id ORDER BY g.account_id) FROM groups g WHERE g.group_id = v.group_id) AS member_ids,
                (SELECT array_agg(DISTINCT lower(m.domain) ORDER BY lower(m.domain)) FROM groups g JOIN accounts m ON m.id = g.account_id
                 WHERE g.group_id = v.group_id AND m.domain IS NOT NULL) AS domains
         FROM visible v JOIN accounts a ON a.id = v.group_id
         WHERE v.tier = (SELECT min(tier) FROM visible)
         ORDER BY v.calls DESC, v.last_call_at DESC, v.group_id
         LIMIT $4`,
        params,
      );
    const matchedBy = ['id', 'crm-id', 'domain', 'name', 'partial-name'] as const;
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      memberIds: r.member_ids,
      domains: r.domains ?? [],
      matchedBy: matchedBy[r.tier - 1]!,
      callCount: r.calls,
      lastCallAt: new Date(r.last_call_at).toISOString(),
    }));
  }

  /**
   * The `accounts` data version (AccountsDataVersion1763901800000): bumped by every committed write
   * to what `resolveAccounts` and `accountTimeline` read. An answer kept under the version read
   * before it is valid as long as the version has not moved.
   */
  async accountsVersion(): Promise<string> {
    const [row] = await this.prepared<{ version: string }>(`SELECT version::text AS version FROM replica_data_versions WHERE domain = 'accounts'`, []);
    return row?.version ?? '0';
  }

  /**
   * Every account and the group it belongs to (see `ACCOUNT_GROUPS`), for callers that reuse it
   * across `resolveAccounts` calls: computing it reads the external parties of every CRM call.
   */
  async accountGroups(): Promise<AccountGroups> {
    const rows: { account_id: string; group_id: string }[] = await this.db.query(`WITH ${ACCOUNT_GROUPS} SELECT account_id, group_id FROM groups ORDER BY account_id`);
    return { accountIds: rows.map((r) => r.account_id), groupIds: rows.map((r) => r.group_id) };
  }

  /** Calls the user may see with a stored transcript, in the range and of any of the accounts when given. */
  async countCallsWithTranscript(q: { filter: AccessFilter; startedFrom?: string | undefined; startedTo?: string | undefined; accountIds?: readonly string[] | undefined }): Promise<number> {
    const params: unknown[] = [];
    const where = [callAccessClause(q.filter, params), 'EXISTS (SELECT 1 FROM call_transcripts t WHERE t.call_id = c.id)'];
    const add = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    if (q.startedFrom) where.push(`c.started >= ${add(q.startedFrom)}`);
    if (q.startedTo) where.push(`c.started < ${add(q.startedTo)}`);
    if (q.accountIds) where.push(`EXISTS (SELECT 1 FROM call_accounts fa WHERE fa.call_id = c.id AND fa.account_id = ANY(${add([...q.accountIds])}::text[]))`);
    const [row]: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM calls c WHERE ${where.join(' AND ')}`, params);
    return row?.n ?? 0;
  }

  /** The Gong URL and internal flag of each stored call among `ids` (ids not stored are left out). */
  async callLinks(ids: readonly string[]): Promise<Map<string, { url: string | null; internal: boolean }>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; url: string | null; scope: string | null }[] = await this.db.query(`SELECT id, url, scope FROM calls WHERE id = ANY($1::text[])`, [
      [...new Set(ids)],
    ]);
    return new Map(rows.map((r) => [r.id, { url: r.url, internal: r.scope === 'Internal' }]));
  }

  /**
   * Everything an account's research view needs, over the account's calls the user may see, in one
   * statement (one round trip, one plan): the visible calls are found once (`v`: the account's calls
   * through `call_accounts`, the AccessFilter checked on each), and every part of the view is a JSON
   * aggregate over them, dates already in ISO form (see `timelineSql`).
   */
  async accountTimeline(
    filter: AccessFilter,
    accountId: string,
    options: { recentCalls: number; participants: number; memberIds?: readonly string[] | undefined },
  ): Promise<AccountTimelineRows> {
    const params: unknown[] = [accountId, options.recentCalls, options.participants, [...(options.memberIds ?? [accountId])]];
    const access = callAccessClause(filter, params);
    const [t] = await this.prepared<TimelineRow>(timelineSql(access), params);
    if (!t) throw new Error('The account timeline statement returned no row');
    return {
      account: t.account ?? undefined,
      callCount: t.totals.calls,
      firstCallAt: t.totals.first,
      lastCallAt: t.totals.last,
      callsByMonth: t.months,
      recentCalls: t.recent,
      participants: t.participants,
      topicsByMonth: t.topics,
      trackersByMonth: t.trackers,
    };
  }

  /**
   * Runs a hot read as a named prepared statement of node-postgres: each pooled connection parses
   * and plans it once and then only binds values (the timeline's planning cost as much as its
   * execution). The name is derived from the text, so a changed text is a new statement; the values
   * stay bound parameters.
   */
  private async prepared<T>(text: string, values: unknown[]): Promise<T[]> {
    let name = this.statementNames.get(text);
    if (name === undefined) {
      name = `gc_call_query_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      if (this.statementNames.size >= 256) this.statementNames.clear();
      this.statementNames.set(text, name);
    }
    const pool = this.db.pgPool;
    const result = await pool.query({ name, text, values });
    return result.rows as T[];
  }
}

interface TimelineRow {
  account: AccountTimelineRows['account'] | null;
  totals: { calls: number; first: string | null; last: string | null };
  months: AccountTimelineRows['callsByMonth'];
  recent: CallListRow[];
  participants: AccountTimelineRows['participants'];
  topics: AccountTimelineRows['topicsByMonth'];
  trackers: AccountTimelineRows['trackersByMonth'];
}

/** Which accounts a reference matches ($1 the reference, $2 its domain form, $3 its ILIKE pattern), and how well (1 best). */
const MATCHES = `(a.id = $1 OR a.crm_object_id = $1 OR lower(a.domain) = $2 OR a.name ILIKE $3)`;
const MATCH_TIER = `CASE WHEN a.id = $1 THEN 1 WHEN a.crm_object_id = $1 THEN 2 WHEN lower(a.domain) = $2 THEN 3 WHEN lower(a.name) = lower($1) THEN 4 ELSE 5 END`;

/** The CRM accounts other than `owner` that claim the domain `domain` (its website, or a participant's email on its CRM calls). */
const otherClaimant = (domain: string, owner: string): string =>
  `(EXISTS (SELECT 1 FROM accounts oc WHERE oc.crm_object_id IS NOT NULL AND lower(oc.domain) = ${domain} AND oc.id <> ${owner})
    OR EXISTS (SELECT 1 FROM call_parties op JOIN call_accounts oca ON oca.call_id = op.call_id AND oca.source = 'crm' AND oca.account_id <> ${owner}
               WHERE op.affiliation = 'External' AND lower(split_part(op.email, '@', 2)) = ${domain} AND op.email LIKE '%_@_%'))`;

/**
 * `hits(group_id, tier)` and `groups(account_id, group_id)` for the accounts a reference matches
 * only: the same groups as `ACCOUNT_GROUPS` computes for every account, found by index from the
 * matched accounts. A matched domain account belongs to the one CRM account that claims its domain
 * (when exactly one does); a CRM account's group is itself and the domain accounts of the domains it
 * alone claims (its website's, its CRM calls' external participants').
 */
const MATCHED_GROUPS = `matched AS MATERIALIZED (
     SELECT a.id, a.crm_object_id, lower(a.domain) AS domain, ${MATCH_TIER} AS tier FROM accounts a WHERE ${MATCHES}
   ),
   matched_groups AS (
     SELECT m.tier,
            CASE WHEN m.crm_object_id IS NOT NULL OR m.domain IS NULL THEN m.id
                 ELSE coalesce((SELECT min(c.crm_id) FROM (
                                  SELECT ca.id AS crm_id FROM accounts ca WHERE ca.crm_object_id IS NOT NULL AND lower(ca.domain) = m.domain
                                  UNION
                                  SELECT cca.account_id FROM call_parties cp JOIN call_accounts cca ON cca.call_id = cp.call_id AND cca.source = 'crm'
                                  WHERE cp.affiliation = 'External' AND lower(split_part(cp.email, '@', 2)) = m.domain AND cp.email LIKE '%_@_%') c
                                HAVING count(*) = 1), m.id) END AS group_id
     FROM matched m
   ),
   hits AS (SELECT group_id, min(tier) AS tier FROM matched_groups GROUP BY group_id),
   claimed AS (
     SELECT h.group_id, lower(a.domain) AS domain FROM hits h JOIN accounts a ON a.id = h.group_id WHERE a.crm_object_id IS NOT NULL AND a.domain IS NOT NULL
     UNION
     SELECT h.group_id, lower(split_part(p.email, '@', 2))
     FROM hits h JOIN accounts a ON a.id = h.group_id AND a.crm_object_id IS NOT NULL
          JOIN call_accounts ca ON ca.account_id = h.group_id AND ca.source = 'crm' JOIN call_parties p ON p.call_id = ca.call_id
     WHERE p.affiliation = 'External' AND p.email LIKE '%_@_%'
   ),
   groups AS MATERIALIZED (
     SELECT h.group_id AS account_id, h.group_id FROM hits h
     UNION
     SELECT m.id, cl.group_id FROM claimed cl JOIN accounts m ON lower(m.domain) = cl.domain AND m.crm_object_id IS NULL
     WHERE NOT ${otherClaimant('cl.domain', 'cl.group_id')}
   )`;

/**
 * `groups(account_id, group_id)`: every account and the group it belongs to. A CRM account owns the
 * domains of its website and of its calls' external participants; a domain owned by exactly one CRM
 * account puts that domain's account in the CRM account's group (a domain two CRM accounts share
 * stays apart: the narrower reading). Any other account is a group of its own.
 */
const ACCOUNT_GROUPS = `crm_domains AS (
     SELECT a.id AS crm_id, lower(a.domain) AS domain FROM accounts a WHERE a.crm_object_id IS NOT NULL AND a.domain IS NOT NULL
     UNION
     SELECT ca.account_id, lower(split_part(p.email, '@', 2))
     FROM call_accounts ca JOIN call_parties p ON p.call_id = ca.call_id
     WHERE ca.source = 'crm' AND p.affiliation = 'External' AND p.email LIKE '%_@_%'
   ),
   owned AS (SELECT domain, min(crm_id) AS crm_id FROM crm_domains GROUP BY domain HAVING count(DISTINCT crm_id) = 1),
   groups AS MATERIALIZED (
     SELECT a.id AS account_id, coalesce(CASE WHEN a.crm_object_id IS NULL THEN o.crm_id END, a.id) AS group_id
     FROM accounts a LEFT JOIN owned o ON o.domain = lower(a.domain)
   )`;

/** A timestamptz as `Date#toISOString()` writes it (UTC, milliseconds, `Z`). */
const iso = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The account timeline statement: $1 the account id, $2 the recent calls, $3 the participants, $4
 * the account ids whose calls count (the account and those merged with it), then the access clause's values. `v` is materialized once and read by every part; months are
 * UTC months as `YYYY-MM`. Orders are total (ties broken by the group keys), so the same data
 * always gives the same answer.
 */
const timelineSql = (access: string): string =>
  `WITH v AS MATERIALIZED (
     SELECT c.id, c.title, c.started, c.duration_s, c.workspace_id, c.primary_user_id, c.is_private, c.url, c.scope,
            date_trunc('month', c.started AT TIME ZONE 'UTC') AS month
     FROM calls c
     WHERE c.id IN (SELECT ca.call_id FROM call_accounts ca WHERE ca.account_id = ANY($4::text[])) AND ${access}
   )
   SELECT
     (SELECT json_build_object('id', a.id, 'name', a.name, 'domain', a.domain, 'system', a.system, 'crmObjectId', a.crm_object_id)
      FROM accounts a WHERE a.id = $1) AS account,
     (SELECT json_build_object('calls', count(*), 'first', ${iso('min(v.started)')}, 'last', ${iso('max(v.started)')}) FROM v) AS totals,
     (SELECT coalesce(json_agg(json_build_object('month', to_char(m.month, 'YYYY-MM'), 'calls', m.calls) ORDER BY m.month), '[]')
      FROM (SELECT v.month, count(*)::int AS calls FROM v GROUP BY v.month) m) AS months,
     (SELECT coalesce(json_agg(json_build_object(
               'id', r.id, 'title', r.title, 'started', ${iso('r.started')}, 'durationS', r.duration_s, 'workspaceId', r.workspace_id,
               'primaryUserId', r.primary_user_id, 'isPrivate', r.is_private, 'url', r.url, 'internal', r.scope IS NOT DISTINCT FROM 'Internal',
               'accounts', coalesce((SELECT json_agg(json_build_object('id', a.id, 'name', a.name) ORDER BY a.name, a.id)
                                     FROM call_accounts ra JOIN accounts a ON a.id = ra.account_id WHERE ra.call_id = r.id), '[]'))
             ORDER BY r.started DESC, r.id DESC), '[]')
      FROM (SELECT v.* FROM v ORDER BY v.started DESC, v.id DESC LIMIT $2) r) AS recent,
     (SELECT coalesce(json_agg(json_build_object(
               'affiliation', p.affiliation, 'userId', p.user_id, 'email', p.email, 'name', p.name, 'title', p.title,
               'calls', p.calls, 'lastCallAt', ${iso('p.last')})
             ORDER BY p.calls DESC, p.last DESC, p.affiliation, p.email, p.anonymous), '[]')
      FROM (SELECT p.affiliation, max(p.user_id) AS user_id, lower(p.email) AS email, max(p.name) AS name, max(p.title) AS title,
                   count(DISTINCT p.call_id)::int AS calls, max(v.started) AS last,
                   CASE WHEN p.email IS NULL THEN coalesce(p.user_id, p.name) END AS anonymous
            FROM v JOIN call_parties p ON p.call_id = v.id
            GROUP BY p.affiliation, lower(p.email), CASE WHEN p.email IS NULL THEN coalesce(p.user_id, p.name) END
            ORDER BY calls DESC, last DESC, p.affiliation, lower(p.email), anonymous LIMIT $3) p) AS participants,
     (SELECT coalesce(json_agg(json_build_object('month', to_char(g.month, 'YYYY-MM'), 'name', g.name, 'calls', g.calls, 'durationS', g.duration_s)
             ORDER BY g.month, g.name), '[]')
      FROM (SELECT v.month, t.name, count(*)::int AS calls, round(sum(t.duration_s))::int AS duration_s
            FROM v JOIN call_topics t ON t.call_id = v.id GROUP BY v.month, t.name) g) AS topics,
     (SELECT coalesce(json_agg(json_build_object('month', to_char(g.month, 'YYYY-MM'), 'name', g.name, 'calls', g.calls, 'mentions', g.mentions)
             ORDER BY g.month, g.name), '[]')
      FROM (SELECT v.month, t.name, count(*)::int AS calls, sum(t.count)::int AS mentions
            FROM v JOIN call_trackers t ON t.call_id = v.id WHERE t.count > 0 GROUP BY v.month, t.name) g) AS trackers`.replace(/\s+/g, ' ');
