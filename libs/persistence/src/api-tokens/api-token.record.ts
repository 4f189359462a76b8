/** A bearer token of the agent API as stored: never the secret, only its sha256. */
export interface ApiTokenRecord {
  id: string;
  kind: 'user' | 'service';
  name: string;
  /** The Gong user a user token acts for (one of userId or userEmail is set for user tokens). */
  userId: string | null;
  userEmail: string | null;
  /** Service tokens only: may act for the user named in the request's X-Gong-User header. */
  actAs: boolean;
  /** OAuth-style scopes (gong:read, gong:*:write). */
  scopes: string[];
  /** Limit to these MCP tools (null: no limit by name). */
  tools: string[] | null;
  /** Limit to tools with these tags (null: no limit by tag). */
  toolTags: string[] | null;
  /** Only reading, whatever the scopes say. */
  readOnly: boolean;
  /** Writes run without the confirmation step (trusted automations). */
  autoConfirm: boolean;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}
