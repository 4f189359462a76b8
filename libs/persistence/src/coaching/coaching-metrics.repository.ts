import type { Database } from '../database/database.js';
import type { Transaction } from '../database/transaction.js';
import type { CoachingMetricsRecord } from './coaching-records.js';

/** Gong's coaching metrics (`GET /v2/coaching`) per manager, report and period, upserted. */
export class CoachingMetricsRepository {
  constructor(private readonly db: Database) {}

  async upsert(records: readonly CoachingMetricsRecord[], tx?: Transaction): Promise<void> {
    if (records.length === 0) return;
    await this.db.query(
      `INSERT INTO gong_coaching_metrics (workspace_id, manager_id, report_user_id, period_from, period_to, metrics, synced_at)
       SELECT workspace_id, manager_id, report_user_id, period_from, period_to, metrics, now()
       FROM jsonb_to_recordset($1::jsonb) AS r(workspace_id text, manager_id text, report_user_id text, period_from date, period_to date, metrics jsonb)
       ON CONFLICT (workspace_id, manager_id, report_user_id, period_from, period_to) DO UPDATE SET metrics = EXCLUDED.metrics, synced_at = now()`,
      [
        JSON.stringify(
          records.map((r) => ({
            workspace_id: r.workspaceId,
            manager_id: r.managerId,
            report_user_id: r.reportUserId,
            period_from: r.periodFrom,
            period_to: r.periodTo,
            metrics: r.metrics,
          })),
        ),
      ],
      tx,
    );
  }

  /** A manager's stored metrics for periods overlapping [from, to) (dates), by period then report. */
  async forManager(managerId: string, range: { from: string; to: string }): Promise<CoachingMetricsRecord[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT workspace_id, manager_id, report_user_id, period_from::text AS period_from, period_to::text AS period_to, metrics
       FROM gong_coaching_metrics WHERE manager_id = $1 AND period_from < $3::date AND period_to > $2::date
       ORDER BY period_from, report_user_id`,
      [managerId, range.from, range.to],
    );
    return rows.map((r) => ({
      workspaceId: r.workspace_id as string,
      managerId: r.manager_id as string,
      reportUserId: r.report_user_id as string,
      periodFrom: r.period_from as string,
      periodTo: r.period_to as string,
      metrics: r.metrics as Record<string, string[]>,
    }));
  }
}
