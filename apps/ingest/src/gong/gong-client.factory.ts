import type { Clock } from '@gong-connector/contracts';
import { GongClient, LocalPacer, type PermitSource } from '@gong-connector/gong-client';
import { BrokerPermitSource, type Logger, type RpcClient } from '@gong-connector/platform';
import type { IngestConfig } from '../config.js';
import type { IngestMetrics } from '../metrics/ingest.metrics.js';

const LOCAL_WINDOW_MARGIN_MS = 100;

export interface GongClientDeps {
  config: IngestConfig;
  metrics: IngestMetrics;
  logger: Logger;
  clock: Clock;
  instanceId: string;
  /** Needed when GONG_PERMIT_SOURCE=broker. */
  rpc?: RpcClient;
  /** The HTTP client (tests record what Gong answered). */
  fetch?: typeof globalThis.fetch;
}

/**
 * The one Gong client of the process: Basic auth, permits from the quota broker (or a local pacer),
 * every request counted in `ingest_gong_requests_total{endpoint,status}`. Callers pick the priority
 * per use (`post-call`, `sync`, `backfill`).
 */
export class GongClientFactory {
  static create(deps: GongClientDeps): GongClient {
    const { config, metrics } = deps;
    return new GongClient({
      baseUrl: config.GONG_BASE_URL,
      auth: { kind: 'basic', accessKey: config.GONG_ACCESS_KEY, accessKeySecret: config.GONG_ACCESS_KEY_SECRET },
      permits: GongClientFactory.permits(deps),
      timeoutMs: config.GONG_REQUEST_TIMEOUT_MS,
      clock: deps.clock,
      userAgent: 'gong-connector-ingest',
      onRequest: (e) => metrics.gongRequests.inc({ endpoint: e.endpoint, status: String(e.status) }),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  }

  private static permits(deps: GongClientDeps): PermitSource {
    if (deps.config.GONG_PERMIT_SOURCE === 'local') {
      // Like the broker's safety margin: a request granted at the edge of a window may reach Gong late.
      return new LocalPacer({ requestsPerSecond: deps.config.GONG_LOCAL_RATE_PER_SECOND, windowMs: 1_000 + LOCAL_WINDOW_MARGIN_MS, clock: deps.clock });
    }
    if (!deps.rpc) throw new Error('GONG_PERMIT_SOURCE=broker needs NATS');
    return new BrokerPermitSource(deps.rpc, deps.logger, { requester: `ingest/${deps.instanceId}`, clock: deps.clock });
  }
}
