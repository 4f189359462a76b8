import type { AccessFilter, AccessUser } from '@gong-connector/contracts';
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
  dataAsOf: string;
  /** Scopes and tool limits of the token; undefined: every read tool (tokens without scopes). */
  grant?: ToolGrant | undefined;
}
