import type { DirectoryRepository } from '@gong-connector/persistence';

/** A Gong user an OAuth subject maps to. */
export interface GongAccount {
  id: string;
  email: string;
}

/**
 * Finds the active Gong user behind a sign-in or a token's subject, from the replica of Gong's
 * users (kept current by ingest and access). An inactive or unknown user is no account: sign-in
 * ends in a 403 page and a refresh token of a since-deactivated user stops working.
 */
export class GongAccountLookup {
  constructor(private readonly directory: DirectoryRepository) {}

  async byEmail(email: string): Promise<GongAccount | undefined> {
    const user = await this.directory.findUserByEmail(email);
    return user?.active ? { id: user.id, email: (user.email ?? email).toLowerCase() } : undefined;
  }

  async byId(id: string): Promise<GongAccount | undefined> {
    if (!/^\d{1,20}$/.test(id)) return undefined;
    const user = await this.directory.getUser(id);
    return user?.active && user.email ? { id: user.id, email: user.email.toLowerCase() } : undefined;
  }
}
