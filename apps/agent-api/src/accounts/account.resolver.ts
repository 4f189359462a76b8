import { Inject, Injectable } from '@nestjs/common';
import { AppError, ErrorCode, type AccessFilter } from '@gong-connector/contracts';
import { CallQueryRepository, type ResolvedAccountRow } from '@gong-connector/persistence';

/** How many candidates an ambiguous reference lists. */
const CANDIDATES = 10;

/**
 * Resolves how agents name an account (its id, the bare CRM id, an email or web domain, the name or a
 * part of it) to one account with its merged members (a CRM account and its contacts' domain
 * accounts are one). Only accounts with a call the user may see are found, so a reference to any
 * other is answered like one to nothing; several equally good matches are a VALIDATION_FAILED that
 * lists them, so the agent can pick one by id. The merged members are computed for the matched
 * accounts on every resolution (no cache): a merge is seen as soon as the call that makes it is stored.
 */
@Injectable()
export class AccountResolver {
  constructor(@Inject(CallQueryRepository) private readonly queries: CallQueryRepository) {}

  async resolve(filter: AccessFilter, reference: string, path = 'account'): Promise<ResolvedAccountRow> {
    const found = await this.queries.resolveAccounts(filter, reference, CANDIDATES + 1);
    if (found.length === 0) throw new AppError(ErrorCode.NOT_FOUND, `No account "${reference}" with calls you may see (try GET /v1/accounts?q= with part of its name)`);
    if (found.length > 1) {
      const listed = found.slice(0, CANDIDATES).map((a) => `${a.name} (${a.id}, ${a.callCount} calls)`);
      const message = `"${reference}" matches ${found.length > CANDIDATES ? `more than ${CANDIDATES}` : found.length} accounts: ${listed.join('; ')}; pass one of these ids`;
      throw new AppError(ErrorCode.VALIDATION_FAILED, `Ambiguous account: ${message}`, {
        details: [{ path, message }],
      });
    }
    return found[0]!;
  }

  /** The account ids every reference stands for (members of each merged account), for filters. */
  async memberIds(filter: AccessFilter, references: readonly string[], path = 'account'): Promise<string[]> {
    const resolved = await Promise.all(references.map((r) => this.resolve(filter, r, path)));
    return [...new Set(resolved.flatMap((a) => a.memberIds))];
  }

  /** Candidates for a reference without failing (for tools that list them). */
  async candidates(filter: AccessFilter, reference: string): Promise<ResolvedAccountRow[]> {
    return this.queries.resolveAccounts(filter, reference, CANDIDATES);
  }
}
