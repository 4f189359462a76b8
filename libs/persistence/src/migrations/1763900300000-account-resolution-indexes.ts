import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for resolving an account with its merged members from the matched accounts alone (see
 * `CallQueryRepository.resolveAccounts`), instead of computing every account's group:
 * - `call_parties_external_domain`: the external participants of an email domain (which CRM
 *   accounts' calls a domain appears on, i.e. who claims the domain);
 * - `accounts_lower_domain`: accounts by lower-case domain (a CRM account's website, a domain account).
 */
export class AccountResolutionIndexes1763900300000 implements MigrationInterface {
  name = 'AccountResolutionIndexes1763900300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX call_parties_external_domain ON call_parties (lower(split_part(email, '@', 2))) WHERE affiliation = 'External'`);
    await q.query(`CREATE INDEX accounts_lower_domain ON accounts (lower(domain)) WHERE domain IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX accounts_lower_domain');
    await q.query('DROP INDEX call_parties_external_domain');
  }
}
