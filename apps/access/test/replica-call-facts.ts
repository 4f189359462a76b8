import type { CallFacts } from '@gong-connector/access-core';
import type { Database } from '@gong-connector/persistence';

/**
 * The permission facts of every call in the replica, as the search layer reads them at query
 * time: workspace, host, private flag and the user ids of internal parties.
 */
export async function replicaCallFacts(db: Database): Promise<CallFacts[]> {
  const rows: { id: string; workspace_id: string | null; primary_user_id: string | null; is_private: boolean; participants: string[] }[] =
    await db.query(`
      SELECT c.id, c.workspace_id, c.primary_user_id, c.is_private,
             COALESCE(array_agg(DISTINCT p.user_id) FILTER (WHERE p.user_id IS NOT NULL AND p.affiliation = 'Internal'), '{}') AS participants
      FROM calls c LEFT JOIN call_parties p ON p.call_id = c.id
      GROUP BY c.id ORDER BY c.id`);
  return rows.map((r) => ({
    callId: r.id,
    workspaceId: r.workspace_id,
    hostUserId: r.primary_user_id,
    participantUserIds: r.participants,
    isPrivate: r.is_private,
  }));
}
