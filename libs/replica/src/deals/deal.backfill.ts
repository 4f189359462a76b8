import type { CallReadRepository, DealRepository } from '@gong-connector/persistence';
import { DealRecordMapper } from './deal-record.mapper.js';

export interface DealBackfillResult {
  calls: number;
  deals: number;
}

/**
 * Links calls stored before the deals replica existed to their deals: pages through stored calls
 * whose CRM context names an opportunity they are not linked to, and records them as CallStore does.
 * Idempotent and resumable (a second run finds nothing to do). Costs no Gong request.
 */
export class DealBackfill {
  constructor(private readonly deps: { deals: DealRepository; reads: Pick<CallReadRepository, 'getCalls'>; pageSize?: number }) {}

  async run(): Promise<DealBackfillResult> {
    const size = this.deps.pageSize ?? 200;
    const touched = new Set<string>();
    let calls = 0;
    for (let after: string | null = null; ; ) {
      const ids = await this.deps.deals.callIdsToLink(after, size);
      if (ids.length === 0) break;
      const records = await this.deps.reads.getCalls(ids);
      const observations = records.flatMap((r) => DealRecordMapper.observations(r));
      for (const id of await this.deps.deals.recordCalls(records.map((r) => r.id), observations)) touched.add(id);
      calls += records.length;
      after = ids[ids.length - 1]!;
    }
    return { calls, deals: touched.size };
  }
}
