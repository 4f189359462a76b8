import { AppError, denyAllDomainAccess, ErrorCode, type AccessFilter, type AccessUser, type ProfileFlagName, type UserDomainAccess } from '@gong-connector/contracts';
import type { ToolGrant } from './tool-access.js';

/** Who a request acts for, established from its bearer token, with that user's access filter. */
export interface Principal {
  tokenId: string;
  tokenKind: 'user' | 'service';
  /** The Gong user answers are filtered for (null: the token's user is unknown to the replica: sees nothing). */
  user: AccessUser | null;
  /** What the token names: a user id or email. */
  subject: string;
  filter: AccessFilter;
  /** What the user may see beyond calls (per-domain audiences, Library, booleans); absent: nothing. */
  domains?: UserDomainAccess | undefined;
  dataAsOf: string;
  /** Scopes and tool limits of the token; undefined: every read tool (tokens without scopes). */
  grant?: ToolGrant | undefined;
}

/** The principal's access beyond calls; nothing when the access reply carried none (fails closed). */
export function domainsOf(principal: Pick<Principal, 'domains'>): UserDomainAccess {
  return principal.domains ?? denyAllDomainAccess();
}

/**
 * Refuses (403 ACCESS_DENIED, with the reason) unless the principal's Gong permission profiles all
 * grant `flag`, e.g. `account` ("User can view account pages") for account research.
 */
export function requireProfileFlag(principal: Pick<Principal, 'domains'>, flag: ProfileFlagName, what: string): void {
  if (domainsOf(principal).flags[flag]) return;
  throw new AppError(
    ErrorCode.ACCESS_DENIED,
    `${what} is not allowed: your Gong permission profile does not grant "${flag}" (every profile you hold must grant it). Ask a Gong admin to change your permission profile.`,
  );
}
