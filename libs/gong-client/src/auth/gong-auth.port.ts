import type { ExchangeContext } from '../http/permitted.fetcher.js';

/** Credentials for one API request: where to send it and its Authorization header. */
export interface AuthGrant {
  baseUrl: string;
  authorization: string;
  /** Changes with every new access token; a 401 on an older version needs no new refresh. */
  version: number;
}

/** How the client authenticates (Basic access key or OAuth bearer token). */
export interface GongAuth {
  /** Whether a 401 can be cured by `refresh`. */
  readonly refreshable: boolean;
  authorize(context: ExchangeContext): Promise<AuthGrant>;
  /** After a 401 on `grant`: obtain new credentials once, however many requests failed (single-flight). */
  refresh(grant: AuthGrant, context: ExchangeContext): Promise<void>;
  /** Every secret this auth holds or held, to scrub from error text. */
  secrets(): string[];
}
