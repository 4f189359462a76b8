import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The company's keyword trackers (`GET /v2/settings/trackers`), replaced whole by each sync. */
export class CreateGongTrackers1763900117000 implements MigrationInterface {
  name = 'CreateGongTrackers1763900117000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gong_trackers (
        id           text PRIMARY KEY,
        name         text NOT NULL,
        workspace_id text,
        affiliation  text,
        keywords     jsonb NOT NULL DEFAULT '[]',
        said_at      text,
        said_in_topics text[] NOT NULL DEFAULT '{}',
        part_of_question boolean NOT NULL DEFAULT false,
        updated      timestamptz,
        synced_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX gong_trackers_workspace ON gong_trackers (workspace_id, lower(name))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE gong_trackers');
  }
}
