import type { Clock } from '@gong-connector/contracts';
import type { BasicCredentials } from '../auth/basic.auth.js';
import type { OAuthCredentials } from '../auth/oauth.auth.js';
import type { GongRequestSpan, OnGongRequest } from '../http/request-event.hook.js';
import type { RetryPolicy } from '../http/retry.policy.js';
import type { PermitSource } from '../permits/permit-source.port.js';
import type { GongPriority } from '../priority/gong-priority.js';
import type { Sleep } from '../time/sleep.port.js';

/** Basic (access key) or OAuth (bearer token with refresh). */
export type GongAuthOptions = ({ kind: 'basic' } & BasicCredentials) | ({ kind: 'oauth' } & OAuthCredentials);

/** Everything the client needs; it reads no environment. */
export interface GongClientOptions {
  auth: GongAuthOptions;
  /** Every request is sent under a permit from here (LocalPacer, or the quota broker client). */
  permits: PermitSource;
  /**
   * The tenant's API host, e.g. `https://us-12345.api.gong.io` (default `https://api.gong.io`). With
   * OAuth, the token's `api_base_url_for_customer` takes precedence once known.
   */
  baseUrl?: string;
  /** Priority of calls that name none (prefer `withPriority`). */
  priority?: GongPriority;
  /** Per request, headers and body (default 30 s). */
  timeoutMs?: number;
  /** Retries of 500/502/503/504 and network errors (default 4 attempts, 500 ms base, 10 s cap). */
  retry?: Partial<RetryPolicy>;
  /** Call ids per transcript / extensive request, 1 to 100 (default 100). */
  batchSize?: number;
  /** Called after each HTTP request (endpoint, status, duration), e.g. to count requests by endpoint. */
  onRequest?: OnGongRequest;
  /** Wraps each request (permit wait, exchange, report), e.g. in a trace span. */
  aroundRequest?: GongRequestSpan;
  userAgent?: string;
  clock?: Clock;
  sleep?: Sleep;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
  fetch?: typeof globalThis.fetch;
}
