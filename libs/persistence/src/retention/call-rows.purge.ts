import type { Transaction } from '../database/transaction.js';
import { returningRows } from '../database/returning-rows.js';
import { rederiveDeals } from '../deals/deal.repository.js';

/** What deleting some calls' rows removed. */
export interface CallRowsPurged {
  callIds: string[];
  transcripts: number;
}

/**
 * Deletes calls with every row that hangs off them (parties, CRM context, accounts links, topics,
 * trackers, transcripts and deal links cascade, their deals derived again; users-access grants and access checks are keyed by call id
 * without a foreign key), inside the caller's transaction. Shared by retention and the purge of
 * calls Gong no longer has.
 */
export async function purgeCallRows(tx: Transaction, callIds: readonly string[]): Promise<CallRowsPurged> {
  const ids = [...callIds];
  if (ids.length === 0) return { callIds: [], transcripts: 0 };
  const [t]: { n: number }[] = await tx.query('SELECT count(*)::int AS n FROM call_transcripts WHERE call_id = ANY($1::text[])', [ids]);
  await tx.query('DELETE FROM call_user_access WHERE call_id = ANY($1::text[])', [ids]);
  await tx.query('DELETE FROM call_access_checks WHERE call_id = ANY($1::text[])', [ids]);
  const deals: { deal_id: string }[] = await tx.query('SELECT DISTINCT deal_id FROM deal_calls WHERE call_id = ANY($1::text[])', [ids]);
  const deleted = returningRows<{ id: string }>(await tx.query('DELETE FROM calls WHERE id = ANY($1::text[]) RETURNING id', [ids]));
  // The calls' deal links cascade; their deals are derived again from the calls left (or removed).
  await rederiveDeals(tx, deals.map((d) => d.deal_id));
  return { callIds: deleted.map((r) => r.id), transcripts: t?.n ?? 0 };
}
