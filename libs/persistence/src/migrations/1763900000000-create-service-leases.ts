import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Leases for leader election (one active quota broker, a standby that takes over). */
export class CreateServiceLeases1763900000000 implements MigrationInterface {
  name = 'CreateServiceLeases1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_leases (
        name          text PRIMARY KEY,
        holder        text NOT NULL,
        fencing_token bigint NOT NULL DEFAULT 1,
        acquired_at   timestamptz NOT NULL DEFAULT now(),
        expires_at    timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE service_leases');
  }
}
