/** An oidc-provider model as stored: its payload (id restored) and whether it was consumed. */
export type OAuthModelPayload = Record<string, unknown>;

/** A grant of the built-in authorization server: who allowed which client what. */
export interface OAuthGrantRecord {
  grantId: string;
  clientId: string | null;
  accountId: string | null;
  createdAt: string;
  expiresAt: string | null;
}

/** What an admin limited one OAuth client to; null fields mean no limit of that kind. */
export interface OAuthClientLimitsRecord {
  clientId: string;
  tools: string[] | null;
  toolTags: string[] | null;
  readOnly: boolean;
  updatedAt: string;
}
