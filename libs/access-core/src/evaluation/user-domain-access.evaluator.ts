import type { UserDomainAccess } from '@gong-connector/contracts';
import { ACCESS_DOMAINS, type AccessDomain } from '../model/access-domain.js';
import type { AccessIndex } from './access-index.builder.js';
import { domainAudienceOf } from './domain-access.evaluator.js';
import { libraryAudienceOf } from './library-access.evaluator.js';
import { userFlags } from './profile-flags.js';

/**
 * Everything beyond calls that one user may see, as the data the access service sends with the
 * access filter: the enforced booleans (`userHoldsFlag`), one company-wide audience per domain
 * (`domainAudienceOf`, rules D1-D4) and the Library folders (`libraryAudienceOf`, L1-L4).
 */
export function domainAccessFor(index: AccessIndex, userId: string): UserDomainAccess {
  const domains = {} as Record<AccessDomain, UserDomainAccess['domains'][AccessDomain]>;
  for (const domain of ACCESS_DOMAINS) domains[domain] = domainAudienceOf(index, userId, domain);
  return { flags: userFlags(index, userId), domains, library: libraryAudienceOf(index, userId) };
}
