import { AppError, ErrorCode, type Clock } from '@gong-connector/contracts';
import { GongClient, LocalPacer, type GongAuthOptions, type GongClientOptions, type GongPriority, type PermitSource } from '@gong-connector/gong-client';
import { PostgresTokenStore, type Database, SecretBox } from '@gong-connector/persistence';
import { BrokerPermitSource, traceGongRequest, tracedFetch, tracedPermitSource, type Logger, type RpcClient } from '@gong-connector/platform';
import type { GongConnectionConfig } from './gong-connection.fields.js';

/** A second and a margin: a request granted at the edge of a window may reach Gong a little late. */
const LOCAL_WINDOW_MS = 1_100;

export interface GongClientDeps {
  /** Who asks the broker for permits, e.g. `ingest/<host>-<pid>`. */
  requester: string;
  logger: Logger;
  /** Needed with GONG_PERMIT_SOURCE=broker. */
  rpc?: RpcClient;
  /** Needed with GONG_AUTH=oauth: where the shared grant lives. */
  database?: Database;
  /** Replaces the configured permit source (tests count or share permits with it). */
  permits?: PermitSource;
  priority?: GongPriority;
  clock?: Clock;
  timeoutMs?: number;
  /**
   * How long a request may wait for a broker permit when it names no deadline, by priority (the
   * broker permit source's defaults otherwise). Such a wait is asked for in one broker request, so
   * the request keeps its place in the broker's FIFO queue (a re-ask would join at the back).
   */
  permitWaitMs?: Partial<Record<GongPriority, number>>;
  userAgent?: string;
  onRequest?: GongClientOptions['onRequest'];
  fetch?: typeof globalThis.fetch;
}

/**
 * The Gong client of a service, from its configuration: Basic auth with the API key, or OAuth with
 * the company's grant in PostgreSQL (seeded from GONG_OAUTH_REFRESH_TOKEN when none is stored, and
 * refreshed by one process at a time); every request under a permit from the quota broker, or a
 * local pacer when running without one.
 */
export async function createGongClient(config: GongConnectionConfig, deps: GongClientDeps): Promise<GongClient> {
  return new GongClient({
    baseUrl: config.GONG_BASE_URL,
    auth: await gongAuth(config, deps.database),
    // Traced: a span per request with the quota wait as its own child span (no-ops while tracing is off).
    permits: tracedPermitSource(deps.permits ?? gongPermits(config, deps)),
    aroundRequest: traceGongRequest,
    fetch: tracedFetch(deps.fetch),
    ...(deps.priority === undefined ? {} : { priority: deps.priority }),
    ...(deps.clock === undefined ? {} : { clock: deps.clock }),
    ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
    ...(deps.userAgent === undefined ? {} : { userAgent: deps.userAgent }),
    ...(deps.onRequest === undefined ? {} : { onRequest: deps.onRequest }),
  });
}

async function gongAuth(config: GongConnectionConfig, database: Database | undefined): Promise<GongAuthOptions> {
  if (config.GONG_AUTH === 'basic') return { kind: 'basic', accessKey: config.GONG_ACCESS_KEY, accessKeySecret: config.GONG_ACCESS_KEY_SECRET };
  const missing = (['GONG_OAUTH_CLIENT_ID', 'GONG_OAUTH_CLIENT_SECRET'] as const).filter((k) => !config[k]);
  if (missing.length > 0) {
    throw new AppError(ErrorCode.CONFIG_INVALID, `GONG_AUTH=oauth needs ${missing.join(' and ')} (the Gong OAuth app's credentials)`, {
      details: missing.map((path) => ({ path, message: 'required with GONG_AUTH=oauth' })),
    });
  }
  if (!database) throw new AppError(ErrorCode.CONFIG_INVALID, 'GONG_AUTH=oauth needs the PostgreSQL database, where the shared grant is kept');
  const tokenStore = new PostgresTokenStore(database, 'default', SecretBox.fromSetting(config.SECRETS_ENCRYPTION_KEYS));
  if (config.GONG_OAUTH_REFRESH_TOKEN) await tokenStore.seed({ accessToken: '', refreshToken: config.GONG_OAUTH_REFRESH_TOKEN, expiresAt: 0 });
  return {
    kind: 'oauth',
    clientId: config.GONG_OAUTH_CLIENT_ID!,
    clientSecret: config.GONG_OAUTH_CLIENT_SECRET!,
    oauthBaseUrl: config.GONG_OAUTH_BASE_URL,
    tokenStore,
  };
}

function gongPermits(config: GongConnectionConfig, deps: GongClientDeps): PermitSource {
  if (config.GONG_PERMIT_SOURCE === 'local') {
    return new LocalPacer({ requestsPerSecond: config.GONG_LOCAL_RATE_PER_SECOND, windowMs: LOCAL_WINDOW_MS, ...(deps.clock ? { clock: deps.clock } : {}) });
  }
  if (!deps.rpc) throw new AppError(ErrorCode.CONFIG_INVALID, 'GONG_PERMIT_SOURCE=broker needs NATS (the quota broker answers over it)');
  const waits = Object.values(deps.permitWaitMs ?? {});
  return new BrokerPermitSource(deps.rpc, deps.logger, {
    requester: deps.requester,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(waits.length > 0 ? { defaultWaitMs: deps.permitWaitMs, maxAttemptMs: Math.max(...waits) } : {}),
  });
}
