import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CallReadRepository, DealRepository } from '@gong-connector/persistence';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { replicateSim } from '@gong-connector/testing/sim-replica';
import { DealBackfill } from './deal.backfill.js';
import { DealRecordMapper } from './deal-record.mapper.js';

/** The deals replica filled by CallStore from the calls' CRM context, against gong-sim's seeded deals. */
describe('deals replica', () => {
  let sim: GongSim;
  let db: TestDatabase;
  let deals: DealRepository;
  let reads: CallReadRepository;

  const snapshot = async () => ({
    deals: await db.database.query(`SELECT id, system, name, stage, amount::text, close_date::text, outcome, owner_user_id, account_id, account_name,
      first_call_at, last_call_at, call_count FROM deals ORDER BY id`),
    links: await db.database.query('SELECT * FROM deal_calls ORDER BY deal_id, call_id'),
    stages: await db.database.query('SELECT * FROM deal_stage_history ORDER BY deal_id, since, call_id'),
    closes: await db.database.query('SELECT * FROM deal_close_date_history ORDER BY deal_id, since, call_id'),
  });

  beforeAll(async () => {
    [sim, db] = await Promise.all([
      startGongSim({ port: 0, seed: 'deals-replica-int', users: 14, accounts: 12, calls: 20, deals: 16, days: 180, workspaces: 1, anchorDate: '2026-01-01', transcriptDelayMs: 0 }),
      testDatabase(),
    ]);
    sim.setLimits({ ratePerSecond: 1_000 });
    deals = new DealRepository(db.database);
    reads = new CallReadRepository(db.database);
    await replicateSim(sim, db.database, { requestsPerSecond: 200 });
  }, 120_000);

  afterAll(async () => {
    await db?.close();
    await sim?.close();
  });

  it('stores each seeded deal with its calls, stage, close date, owner and outcome as the CRM context shows them', async () => {
    const truth = sim.groundTruth({ includeCalls: true });
    const seeded = truth.deals ?? [];
    expect(seeded.length).toBe(16);
    const stored = await deals.list({ owners: 'everyone', limit: 1000 });
    const byId = new Map(stored.map((d) => [d.id, d]));
    const links = await deals.callLinks(stored.map((d) => d.id));
    const hosts = new Map((truth.calls ?? []).map((c) => [c.id, c.primaryUserId]));
    for (const s of seeded) {
      const deal = byId.get(s.opportunityCrmId);
      expect(deal).toBeDefined();
      // Every call of the deal that carries CRM context is linked, and only calls of the deal.
      const linked = links.get(s.opportunityCrmId)!.map((l) => l.callId);
      expect(linked.every((id) => s.callIds.includes(id))).toBe(true);
      expect(deal!.callCount).toBe(linked.length);
      if (s.outcome !== 'open') expect(deal!.outcome).toBe(s.outcome);
      else expect(deal!.outcome).toBe('open');
      expect(deal!.accountId).toBe(`crm:Salesforce:${s.accountCrmId}`);
      const newest = links.get(s.opportunityCrmId)!.at(-1)!;
      expect(deal!.ownerUserId).toBe(hosts.get(newest.callId));
      expect(deal!.lastCallAt).toBe(newest.started);
      expect(deal!.stage).toMatch(/\S/);
      expect(deal!.closeDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    // Stage history: one entry per change as the calls, in start order, show it.
    let changes = 0;
    for (const deal of stored) {
      const history = await deals.stageHistory(deal.id);
      const shown = links.get(deal.id)!.map((l) => l.stageAtCall).filter((s): s is string => s !== null);
      const expected = shown.filter((s, i) => i === 0 || s !== shown[i - 1]);
      expect(history.map((h) => h.value)).toEqual(expected);
      changes += history.length - 1;
      const closes = await deals.closeDateHistory(deal.id);
      const dates = links.get(deal.id)!.map((l) => l.closeDateAtCall).filter((s): s is string => s !== null);
      expect(closes.map((h) => h.value)).toEqual(dates.filter((s, i) => i === 0 || s !== dates[i - 1]));
    }
    expect(changes).toBeGreaterThan(0);
    const closed = await deals.closedOutcomes();
    expect(closed.map((c) => c.dealId).sort()).toEqual(stored.filter((d) => d.outcome !== 'open').map((d) => d.id).sort());
    expect(closed.every((c) => c.callIds.length > 0)).toBe(true);
    const medians = await deals.stageMedianDays('2026-01-02T00:00:00Z');
    expect(Object.keys(medians).length).toBeGreaterThan(1);
    expect(Object.values(medians).every((d) => d >= 0)).toBe(true);
  });

  it('lists deals in pages with a cursor, by owner and outcome', async () => {
    const all = await deals.list({ owners: 'everyone', limit: 1000 });
    const paged: string[] = [];
    for (let after: string | undefined; ; ) {
      const page = await deals.list({ owners: 'everyone', limit: 5, ...(after ? { afterId: after } : {}) });
      paged.push(...page.map((d) => d.id));
      if (page.length < 5) break;
      after = page.at(-1)!.id;
    }
    expect(paged).toEqual(all.map((d) => d.id));
    const owner = all[0]!.ownerUserId!;
    const mine = await deals.list({ owners: [owner], limit: 1000 });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((d) => d.ownerUserId === owner)).toBe(true);
    await expect(deals.list({ owners: [], limit: 10 })).resolves.toEqual([]);
    const open = await deals.list({ owners: 'everyone', outcome: 'open', limit: 1000 });
    expect(open.every((d) => d.outcome === 'open')).toBe(true);
  });

  it('is idempotent: storing the same calls again, or recording them again, changes nothing', async () => {
    const before = await snapshot();
    await replicateSim(sim, db.database, { requestsPerSecond: 200 });
    expect(await snapshot()).toEqual(before);
    const ids = (before.links as Array<{ call_id: string }>).map((l) => l.call_id);
    const records = await reads.getCalls([...new Set(ids)]);
    await deals.recordCalls(records.map((r) => r.id), records.flatMap((r) => DealRecordMapper.observations(r)));
    expect(await snapshot()).toEqual(before);
  });

  it('backfills calls stored before the deals replica, and a call no longer naming a deal loses its link', async () => {
    const before = await snapshot();
    await db.database.query('DELETE FROM deal_calls');
    await db.database.query('DELETE FROM deals');
    const backfill = new DealBackfill({ deals, reads, pageSize: 7 });
    const first = await backfill.run();
    expect(first.calls).toBe(new Set((before.links as Array<{ call_id: string }>).map((l) => l.call_id)).size);
    expect(first.deals).toBe(before.deals.length);
    expect(await snapshot()).toEqual(before);
    await expect(backfill.run()).resolves.toEqual({ calls: 0, deals: 0 });

    const deal = (await deals.list({ owners: 'everyone', limit: 1 }))[0]!;
    const [first1, ...rest] = (await deals.callLinks([deal.id])).get(deal.id)!;
    await deals.recordCalls([first1!.callId], []);
    const after = await deals.get(deal.id);
    if (rest.length === 0) expect(after).toBeUndefined();
    else {
      expect(after!.callCount).toBe(rest.length);
      expect(after!.firstCallAt).toBe(rest[0]!.started);
    }
  });
});
