import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Gong replica. Gong ids are kept as text: they have up to 20 digits, beyond bigint's range
 * (9.2e18) for the largest, and must round-trip exactly. Child rows of a call are replaced
 * together with the call, in one transaction.
 */
export class CreateReplica1763900001000 implements MigrationInterface {
  name = 'CreateReplica1763900001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gong_workspaces (
        id          text PRIMARY KEY,
        name        text NOT NULL,
        description text,
        synced_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE gong_users (
        id            text PRIMARY KEY,
        email         text,
        first_name    text,
        last_name     text,
        title         text,
        manager_id    text,
        active        boolean NOT NULL DEFAULT true,
        phone_number  text,
        created       timestamptz,
        email_aliases text[] NOT NULL DEFAULT '{}',
        synced_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX gong_users_email ON gong_users (lower(email))`);
    await q.query(`CREATE INDEX gong_users_manager ON gong_users (manager_id)`);
    await q.query(`
      CREATE TABLE calls (
        id                text PRIMARY KEY,
        workspace_id      text,
        url               text,
        title             text NOT NULL DEFAULT '',
        scheduled         timestamptz,
        started           timestamptz NOT NULL,
        duration_s        integer NOT NULL DEFAULT 0,
        primary_user_id   text,
        direction         text,
        system            text,
        scope             text,
        media             text,
        language          text,
        purpose           text,
        meeting_url       text,
        calendar_event_id text,
        client_unique_id  text,
        custom_data       text,
        sdr_disposition   text,
        is_private        boolean NOT NULL DEFAULT false,
        brief             text,
        key_points        jsonb NOT NULL DEFAULT '[]',
        highlights        jsonb NOT NULL DEFAULT '[]',
        outline           jsonb NOT NULL DEFAULT '[]',
        structure         jsonb NOT NULL DEFAULT '[]',
        call_outcome      jsonb,
        interaction       jsonb,
        source            text NOT NULL,
        content_hash      text NOT NULL,
        first_stored_at   timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX calls_started ON calls (started DESC)`);
    await q.query(`CREATE INDEX calls_workspace_started ON calls (workspace_id, started DESC)`);
    await q.query(`CREATE INDEX calls_primary_user ON calls (primary_user_id)`);
    await q.query(`
      CREATE TABLE call_parties (
        call_id      text NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        ordinal      integer NOT NULL,
        party_id     text,
        speaker_id   text,
        user_id      text,
        email        text,
        name         text,
        title        text,
        affiliation  text NOT NULL DEFAULT 'Unknown',
        phone_number text,
        methods      text[] NOT NULL DEFAULT '{}',
        context      jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (call_id, ordinal)
      )`);
    await q.query(`CREATE INDEX call_parties_user ON call_parties (user_id) WHERE user_id IS NOT NULL`);
    await q.query(`CREATE INDEX call_parties_email ON call_parties (lower(email)) WHERE email IS NOT NULL`);
    await q.query(`
      CREATE TABLE call_context_objects (
        call_id     text NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        ordinal     integer NOT NULL,
        system      text NOT NULL,
        object_type text NOT NULL,
        object_id   text NOT NULL,
        name        text,
        timing      text,
        fields      jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (call_id, ordinal)
      )`);
    await q.query(`CREATE INDEX call_context_objects_object ON call_context_objects (object_type, object_id)`);
    await q.query(`
      CREATE TABLE accounts (
        id            text PRIMARY KEY,
        name          text NOT NULL,
        domain        text,
        system        text,
        crm_object_id text,
        fields        jsonb NOT NULL DEFAULT '{}',
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX accounts_domain ON accounts (domain)`);
    await q.query(`CREATE INDEX accounts_name ON accounts (lower(name))`);
    await q.query(`
      CREATE TABLE call_accounts (
        call_id    text NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        account_id text NOT NULL REFERENCES accounts(id),
        source     text NOT NULL,
        PRIMARY KEY (call_id, account_id)
      )`);
    await q.query(`CREATE INDEX call_accounts_account ON call_accounts (account_id)`);
    await q.query(`
      CREATE TABLE call_topics (
        call_id    text NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        name       text NOT NULL,
        duration_s real NOT NULL DEFAULT 0,
        PRIMARY KEY (call_id, name)
      )`);
    await q.query(`
      CREATE TABLE call_trackers (
        call_id     text NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        tracker_id  text NOT NULL,
        name        text NOT NULL,
        type        text,
        count       integer NOT NULL DEFAULT 0,
        occurrences jsonb NOT NULL DEFAULT '[]',
        phrases     jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (call_id, tracker_id)
      )`);
    await q.query(`CREATE INDEX call_trackers_name ON call_trackers (name)`);
    await q.query(`
      CREATE TABLE call_transcripts (
        call_id        text PRIMARY KEY REFERENCES calls(id) ON DELETE CASCADE,
        monologues     jsonb NOT NULL,
        sentence_count integer NOT NULL,
        fetched_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE sync_checkpoints (
        name        text PRIMARY KEY,
        position    timestamptz NOT NULL,
        state       jsonb NOT NULL DEFAULT '{}',
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE backfill_jobs (
        id              text PRIMARY KEY,
        from_time       timestamptz NOT NULL,
        to_time         timestamptz NOT NULL,
        workspace_id    text,
        status          text NOT NULL,
        cursor          text,
        window_start    timestamptz,
        calls_stored    integer NOT NULL DEFAULT 0,
        calls_total     integer,
        requests_spent  integer NOT NULL DEFAULT 0,
        error           text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id          text PRIMARY KEY,
        call_id     text,
        is_test     boolean NOT NULL DEFAULT false,
        outcome     text NOT NULL,
        reason      text,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_call ON webhook_deliveries (call_id)`);
    await q.query(`
      CREATE TABLE permission_profiles (
        id           text PRIMARY KEY,
        workspace_id text NOT NULL,
        name         text NOT NULL,
        calls_level  text NOT NULL,
        team_lead_ids text[] NOT NULL DEFAULT '{}',
        raw          jsonb NOT NULL,
        synced_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE permission_profile_users (
        profile_id text NOT NULL REFERENCES permission_profiles(id) ON DELETE CASCADE,
        user_id    text NOT NULL,
        PRIMARY KEY (profile_id, user_id)
      )`);
    await q.query(`
      CREATE TABLE call_user_access (
        call_id text NOT NULL,
        user_id text NOT NULL,
        synced_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (call_id, user_id)
      )`);
    await q.query(`CREATE INDEX call_user_access_user ON call_user_access (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'call_user_access',
      'permission_profile_users',
      'permission_profiles',
      'webhook_deliveries',
      'backfill_jobs',
      'sync_checkpoints',
      'call_transcripts',
      'call_trackers',
      'call_topics',
      'call_accounts',
      'accounts',
      'call_context_objects',
      'call_parties',
      'calls',
      'gong_users',
      'gong_workspaces',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
