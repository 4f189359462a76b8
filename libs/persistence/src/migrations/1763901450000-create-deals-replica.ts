import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The deals replica: CRM opportunities as stored calls' CRM context shows them. `deal_calls` holds
 * one row per (opportunity, call) with what that call's context said (the opportunity at the time
 * of the call, and `Now` as of when the call was fetched); `deals` is derived from it (current
 * fields from the newest call that carries `Now`), and so are the stage and close date histories
 * (a new row each time a call, in start order, shows a different value). Ids are text.
 */
export class CreateDealsReplica1763901450000 implements MigrationInterface {
  name = 'CreateDealsReplica1763901450000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deals (
        id              text PRIMARY KEY,
        system          text NOT NULL,
        name            text,
        stage           text,
        amount          numeric,
        close_date      date,
        outcome         text NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'won', 'lost')),
        owner_user_id   text,
        crm_owner_id    text,
        account_id      text,
        account_name    text,
        first_call_at   timestamptz NOT NULL,
        last_call_at    timestamptz NOT NULL,
        call_count      integer NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX deals_owner ON deals (owner_user_id)`);
    await q.query(`CREATE INDEX deals_account ON deals (account_id)`);
    await q.query(`CREATE INDEX deals_outcome ON deals (outcome, id COLLATE "C")`);
    await q.query(`
      CREATE TABLE deal_calls (
        deal_id            text NOT NULL,
        call_id            text NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        system             text NOT NULL,
        started            timestamptz NOT NULL,
        primary_user_id    text,
        account_id         text,
        account_name       text,
        stage_at_call      text,
        close_date_at_call date,
        amount_at_call     numeric,
        now_seen           boolean NOT NULL DEFAULT false,
        now_name           text,
        now_stage          text,
        now_amount         numeric,
        now_close_date     date,
        now_outcome        text,
        now_crm_owner_id   text,
        PRIMARY KEY (deal_id, call_id)
      )`);
    await q.query(`CREATE INDEX deal_calls_call ON deal_calls (call_id)`);
    await q.query(`CREATE INDEX deal_calls_deal_started ON deal_calls (deal_id, started)`);
    await q.query(`
      CREATE TABLE deal_stage_history (
        deal_id text NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
        since   timestamptz NOT NULL,
        stage   text NOT NULL,
        call_id text NOT NULL,
        PRIMARY KEY (deal_id, since, call_id)
      )`);
    await q.query(`
      CREATE TABLE deal_close_date_history (
        deal_id    text NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
        since      timestamptz NOT NULL,
        close_date date NOT NULL,
        call_id    text NOT NULL,
        PRIMARY KEY (deal_id, since, call_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE deal_close_date_history`);
    await q.query(`DROP TABLE deal_stage_history`);
    await q.query(`DROP TABLE deal_calls`);
    await q.query(`DROP TABLE deals`);
  }
}
