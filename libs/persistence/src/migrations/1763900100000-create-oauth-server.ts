import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The built-in OAuth authorization server of agent-api (oidc-provider): its models (clients
 * registered dynamically, grants, sessions, interactions, authorization codes, refresh tokens),
 * its signing key when none is configured, and the admin's limits per client. Shared by every
 * agent-api replica. Model ids (token values) are stored only as their sha256.
 */
export class CreateOAuthServer1763900100000 implements MigrationInterface {
  name = 'CreateOAuthServer1763900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE oauth_models (
        model       text NOT NULL,
        id_sha256   text NOT NULL,
        -- the model's payload without its id (jti)
        payload     jsonb NOT NULL,
        grant_id    text,
        uid         text,
        user_code   text,
        expires_at  timestamptz,
        consumed_at timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model, id_sha256)
      )`);
    await q.query('CREATE INDEX oauth_models_grant_id ON oauth_models (grant_id) WHERE grant_id IS NOT NULL');
    await q.query('CREATE INDEX oauth_models_uid ON oauth_models (model, uid) WHERE uid IS NOT NULL');
    await q.query('CREATE INDEX oauth_models_user_code ON oauth_models (model, user_code) WHERE user_code IS NOT NULL');
    await q.query('CREATE INDEX oauth_models_expires_at ON oauth_models (expires_at) WHERE expires_at IS NOT NULL');
    await q.query(`
      CREATE TABLE oauth_signing_keys (
        name       text PRIMARY KEY,
        jwk        jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE oauth_client_limits (
        client_id  text PRIMARY KEY,
        tools      text[],
        tool_tags  text[],
        read_only  boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE oauth_client_limits');
    await q.query('DROP TABLE oauth_signing_keys');
    await q.query('DROP TABLE oauth_models');
  }
}
