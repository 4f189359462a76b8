import type { AccessFilterReply } from '@gong-connector/contracts';

/** Who is asking: a Gong user id, or a Gong user's email address. */
export type AccessSubject = { userId: string } | { email: string };

/**
 * The port behind every answer's access filtering: what one user may see, as an AccessFilter.
 * Implementations fail closed (throw) rather than answer with a filter they cannot vouch for.
 */
export interface AccessFilterSource {
  filterFor(subject: AccessSubject): Promise<AccessFilterReply>;
}
