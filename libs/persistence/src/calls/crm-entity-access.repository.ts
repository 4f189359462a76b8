import type { AccessFilter } from '@gong-connector/contracts';
import type { Database } from '../database/database.js';
import { callAccessClause } from './call-access.clause.js';

/** A CRM entity as Gong's AI endpoints name it. */
export type CrmEntityKind = 'ACCOUNT' | 'DEAL' | 'CONTACT';

/** What a user may see of a CRM entity through the replica. */
export interface CrmEntityVisibility {
  /** Calls of the entity the user may see (0: the user may not ask about it). */
  visibleCalls: number;
  /** Workspace of the newest of those calls (null when none). */
  workspaceId: string | null;
  /** The entity's name as the CRM context gave it (null when unknown). */
  name: string | null;
}

/**
 * Whether a user may ask about a CRM entity: the calls linked to it that the user may see, with the
 * AccessFilter inside the SQL. An account or a deal is linked by the calls' CRM context (an Account
 * or Opportunity object with that id); a contact by the calls where a party carries that Contact
 * object in its own context.
 */
export class CrmEntityAccessRepository {
  constructor(private readonly db: Database) {}

  async visibility(filter: AccessFilter, kind: CrmEntityKind, crmId: string, workspaceId?: string): Promise<CrmEntityVisibility> {
    const params: unknown[] = [];
    const access = callAccessClause(filter, params);
    params.push(workspaceId ?? null);
    const ws = `$${params.length}`;
    params.push(crmId);
    const id = `$${params.length}`;
    let link: string;
    let name: string;
    if (kind === 'CONTACT') {
      params.push(JSON.stringify([{ objects: [{ objectType: 'Contact', objectId: crmId }] }]));
      link = `EXISTS (SELECT 1 FROM call_parties p WHERE p.call_id = c.id AND p.context @> $${params.length}::jsonb)`;
      name = `(SELECT p.name FROM call_parties p WHERE p.call_id = c.id AND p.context @> $${params.length}::jsonb LIMIT 1)`;
    } else {
      params.push(kind === 'ACCOUNT' ? 'Account' : 'Opportunity');
      const type = `$${params.length}`;
      link = `EXISTS (SELECT 1 FROM call_context_objects o WHERE o.call_id = c.id AND o.object_type = ${type} AND o.object_id = ${id})`;
      name = `(SELECT o.name FROM call_context_objects o WHERE o.call_id = c.id AND o.object_type = ${type} AND o.object_id = ${id} LIMIT 1)`;
    }
    const rows: { workspace_id: string | null; n: string; name: string | null }[] = await this.db.query(
      `SELECT c.workspace_id, count(*) OVER () AS n, ${name} AS name FROM calls c
       WHERE ${access} AND ${link} AND ${id}::text IS NOT NULL AND (${ws}::text IS NULL OR c.workspace_id = ${ws})
       ORDER BY c.started DESC, c.id DESC LIMIT 1`,
      params,
    );
    const row = rows[0];
    return row ? { visibleCalls: Number(row.n), workspaceId: row.workspace_id, name: row.name } : { visibleCalls: 0, workspaceId: null, name: null };
  }

  /** Those of `callIds` the user may see. */
  async visibleCallIds(filter: AccessFilter, callIds: readonly string[]): Promise<Set<string>> {
    if (callIds.length === 0) return new Set();
    const params: unknown[] = [];
    const access = callAccessClause(filter, params);
    params.push([...callIds]);
    const rows: { id: string }[] = await this.db.query(`SELECT c.id FROM calls c WHERE c.id = ANY($${params.length}::text[]) AND ${access}`, params);
    return new Set(rows.map((r) => r.id));
  }
}
