import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The coaching replica: per-user daily activity and interaction stats, scorecard definitions and
 * answered scorecards (every answer), Gong's coaching metrics, Library folders and clips, and the
 * call outcome definitions. Gong ids are text; days are the company time zone's dates.
 */
export class CreateCoachingReplica1763900800000 implements MigrationInterface {
  name = 'CreateCoachingReplica1763900800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gong_user_day_activity (
        user_id      text NOT NULL,
        day          date NOT NULL,
        calls_as_host int NOT NULL DEFAULT 0,
        calls_gave_feedback int NOT NULL DEFAULT 0,
        calls_requested_feedback int NOT NULL DEFAULT 0,
        calls_received_feedback int NOT NULL DEFAULT 0,
        own_calls_listened_to int NOT NULL DEFAULT 0,
        others_calls_listened_to int NOT NULL DEFAULT 0,
        calls_shared_internally int NOT NULL DEFAULT 0,
        calls_shared_externally int NOT NULL DEFAULT 0,
        calls_scorecards_filled int NOT NULL DEFAULT 0,
        calls_scorecards_received int NOT NULL DEFAULT 0,
        calls_attended int NOT NULL DEFAULT 0,
        calls_comments_given int NOT NULL DEFAULT 0,
        calls_comments_received int NOT NULL DEFAULT 0,
        calls_marked_as_feedback_given int NOT NULL DEFAULT 0,
        calls_marked_as_feedback_received int NOT NULL DEFAULT 0,
        call_ids     jsonb NOT NULL DEFAULT '{}',
        synced_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, day)
      )`);
    await q.query(`CREATE INDEX gong_user_day_activity_day ON gong_user_day_activity (day)`);
    await q.query(`
      CREATE TABLE gong_user_day_interaction (
        user_id      text NOT NULL,
        day          date NOT NULL,
        talk_ratio   double precision,
        longest_monologue double precision,
        longest_customer_story double precision,
        interactivity double precision,
        patience     double precision,
        question_rate double precision,
        stats        jsonb NOT NULL DEFAULT '[]',
        synced_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, day)
      )`);
    await q.query(`CREATE INDEX gong_user_day_interaction_day ON gong_user_day_interaction (day)`);
    await q.query(`
      CREATE TABLE gong_scorecards (
        scorecard_id text PRIMARY KEY,
        name         text NOT NULL,
        workspace_id text,
        enabled      boolean NOT NULL DEFAULT true,
        review_method text,
        updater_user_id text,
        created      timestamptz,
        updated      timestamptz,
        synced_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE gong_scorecard_questions (
        scorecard_id text NOT NULL REFERENCES gong_scorecards (scorecard_id) ON DELETE CASCADE,
        question_id  text NOT NULL,
        question_revision_id text,
        position     int NOT NULL,
        question_text text NOT NULL,
        is_overall   boolean NOT NULL DEFAULT false,
        question_type text,
        answer_guide text,
        min_range    int,
        max_range    int,
        answer_options jsonb,
        PRIMARY KEY (scorecard_id, question_id)
      )`);
    await q.query(`
      CREATE TABLE gong_answered_scorecards (
        answered_scorecard_id text PRIMARY KEY,
        scorecard_id text NOT NULL,
        scorecard_name text,
        call_id      text NOT NULL,
        call_start_time timestamptz,
        reviewed_user_id text NOT NULL,
        reviewer_user_id text,
        review_method text NOT NULL,
        editor_user_id text,
        review_time  timestamptz NOT NULL,
        visibility_type text,
        synced_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX gong_answered_scorecards_reviewed ON gong_answered_scorecards (reviewed_user_id, call_start_time)`);
    await q.query(`CREATE INDEX gong_answered_scorecards_reviewer ON gong_answered_scorecards (reviewer_user_id, review_time)`);
    await q.query(`CREATE INDEX gong_answered_scorecards_call ON gong_answered_scorecards (call_id)`);
    await q.query(`
      CREATE TABLE gong_scorecard_answers (
        answered_scorecard_id text NOT NULL REFERENCES gong_answered_scorecards (answered_scorecard_id) ON DELETE CASCADE,
        question_id  text NOT NULL,
        question_revision_id text,
        is_overall   boolean NOT NULL DEFAULT false,
        score        int,
        answer_text  text,
        not_applicable boolean NOT NULL DEFAULT false,
        selected_options text[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (answered_scorecard_id, question_id)
      )`);
    await q.query(`
      CREATE TABLE gong_coaching_metrics (
        workspace_id text NOT NULL,
        manager_id   text NOT NULL,
        report_user_id text NOT NULL,
        period_from  date NOT NULL,
        period_to    date NOT NULL,
        metrics      jsonb NOT NULL DEFAULT '{}',
        synced_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, manager_id, report_user_id, period_from, period_to)
      )`);
    await q.query(`
      CREATE TABLE gong_library_folders (
        id           text PRIMARY KEY,
        workspace_id text,
        name         text NOT NULL,
        parent_folder_id text,
        created_by   text,
        updated      timestamptz,
        synced_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE gong_library_clips (
        folder_id    text NOT NULL REFERENCES gong_library_folders (id) ON DELETE CASCADE,
        position     int NOT NULL,
        call_id      text NOT NULL,
        title        text,
        note         text,
        added_by     text,
        created      timestamptz,
        url          text,
        from_sec     int,
        to_sec       int,
        PRIMARY KEY (folder_id, position)
      )`);
    await q.query(`CREATE INDEX gong_library_clips_call ON gong_library_clips (call_id)`);
    await q.query(`
      CREATE TABLE gong_call_outcomes (
        call_outcome text PRIMARY KEY,
        display_order int,
        connect_status text,
        sentiment    text,
        todo_action  text,
        automation   text,
        category     text,
        synced_at    timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE gong_call_outcomes');
    await q.query('DROP TABLE gong_library_clips');
    await q.query('DROP TABLE gong_library_folders');
    await q.query('DROP TABLE gong_coaching_metrics');
    await q.query('DROP TABLE gong_scorecard_answers');
    await q.query('DROP TABLE gong_answered_scorecards');
    await q.query('DROP TABLE gong_scorecard_questions');
    await q.query('DROP TABLE gong_scorecards');
    await q.query('DROP TABLE gong_user_day_interaction');
    await q.query('DROP TABLE gong_user_day_activity');
  }
}
