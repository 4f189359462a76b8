import { Inject, Injectable } from '@nestjs/common';
import { AppError, ErrorCode, type AccessFilter } from '@gong-connector/contracts';
import { CallQueryRepository, type ResolvedAccountRow } from '@gong-connector/persistence';
import { accessFilterKey, KeptAnswers } from '../cache/kept-answers.js';

/** How many candidates an ambiguous reference lists. */
const CANDIDATES = 10;
/** Resolutions kept (by accounts data version, access filter and reference): a few hundred bytes each. */
const RESOLUTIONS_KEPT = 5_000;

/**
 * Resolves how agents name an account (its id, the bare CRM id, an email or web domain, the name or a
 * part of it) to one account with its merged members (a CRM account and its contacts' domain
 * accounts are one). Only accounts with a call the user may see are found, so a reference to any
 * other is answered like one to nothing; several equally good matches are a VALIDATION_FAILED that
 * lists them, so the agent can pick one by id. The merged members are computed for the matched
 * accounts, and kept by the replica's `accounts` data version (read before resolving), the user's
 * access filter and the reference: an agent asking several questions about one account resolves it
 * once (3-4 ms of PostgreSQL), and a merge is seen as soon as the call that makes it is committed
 * (the version moves with every write to what a resolution reads).
 */
@Injectable()
export class AccountResolver {
  private readonly resolutions = new KeptAnswers<ResolvedAccountRow[]>(RESOLUTIONS_KEPT);

  constructor(@Inject(CallQueryRepository) private readonly queries: CallQueryRepository) {}

  /** `accountsVersion`: the accounts data version when the caller has read it already (else read here). */
  async resolve(filter: AccessFilter, reference: string, path = 'account', accountsVersion?: string): Promise<ResolvedAccountRow> {
    const found = await this.matches(filter, reference, accountsVersion ?? (await this.queries.accountsVersion()));
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

  /** The accounts a reference matches (at most CANDIDATES + 1), kept while the accounts data version stands. */
  private matches(filter: AccessFilter, reference: string, version: string): Promise<ResolvedAccountRow[]> {
    return this.resolutions.get(`${version}|${accessFilterKey(filter)}|${reference}`, () => this.queries.resolveAccounts(filter, reference, CANDIDATES + 1));
  }

  /** Candidates for a reference without failing (for tools that list them). */
  async candidates(filter: AccessFilter, reference: string): Promise<ResolvedAccountRow[]> {
    return this.queries.resolveAccounts(filter, reference, CANDIDATES);
  }
}
