import type { Database } from '../database/database.js';
import type { CallOutcomeRecord } from './coaching-records.js';

/** The company's call outcome definitions (`GET /v2/call-outcomes`), replaced whole by a sync. */
export class CallOutcomeRepository {
  constructor(private readonly db: Database) {}

  async replaceAll(outcomes: readonly CallOutcomeRecord[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.db.query('DELETE FROM gong_call_outcomes WHERE NOT (call_outcome = ANY($1::text[]))', [outcomes.map((o) => o.callOutcome)], tx);
      if (outcomes.length === 0) return;
      await this.db.query(
        `INSERT INTO gong_call_outcomes (call_outcome, display_order, connect_status, sentiment, todo_action, automation, category, synced_at)
         SELECT call_outcome, display_order, connect_status, sentiment, todo_action, automation, category, now()
         FROM jsonb_to_recordset($1::jsonb) AS r(call_outcome text, display_order int, connect_status text, sentiment text, todo_action text,
           automation text, category text)
         ON CONFLICT (call_outcome) DO UPDATE SET display_order = EXCLUDED.display_order, connect_status = EXCLUDED.connect_status,
           sentiment = EXCLUDED.sentiment, todo_action = EXCLUDED.todo_action, automation = EXCLUDED.automation,
           category = EXCLUDED.category, synced_at = now()`,
        [
          JSON.stringify(
            outcomes.map((o) => ({
              call_outcome: o.callOutcome,
              display_order: o.displayOrder,
              connect_status: o.connectStatus,
              sentiment: o.sentiment,
              todo_action: o.todoAction,
              automation: o.automation,
              category: o.category,
            })),
          ),
        ],
        tx,
      );
    });
  }

  /** Every outcome in display order. */
  async list(): Promise<CallOutcomeRecord[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query('SELECT * FROM gong_call_outcomes ORDER BY display_order NULLS LAST, call_outcome');
    return rows.map((r) => ({
      callOutcome: r.call_outcome as string,
      displayOrder: (r.display_order as number | null) ?? null,
      connectStatus: (r.connect_status as string | null) ?? null,
      sentiment: (r.sentiment as string | null) ?? null,
      todoAction: (r.todo_action as string | null) ?? null,
      automation: (r.automation as string | null) ?? null,
      category: (r.category as string | null) ?? null,
    }));
  }
}
