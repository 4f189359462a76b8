import type { GongId } from '@gong-connector/contracts';

/** Query of GET /v2/users. */
export interface ListUsersQuery {
  /** Include synthetic users standing for Gong employees who accessed the instance. */
  includeAvatars?: boolean;
}

/** `filter` of POST /v2/users/extensive. */
export interface UsersExtensiveFilter {
  createdFromDateTime?: string;
  createdToDateTime?: string;
  includeAvatars?: boolean;
  userIds?: GongId[];
}
