import { GongClient, LocalPacer, type PermitSource } from '@gong-connector/gong-client';
import { BrokerPermitSource, type Logger, type RpcClient } from '@gong-connector/platform';
import { hostname } from 'node:os';
import type { AccessConfig } from '../config.js';
import type { AccessMetrics } from '../metrics/access.metrics.js';

/**
 * The access service's Gong client: Basic auth, and every request under a permit from the quota
 * broker (GONG_PERMIT_SOURCE=broker) or a local pacer (local). Requests are counted by endpoint.
 */
export function createGongClient(
  config: Pick<AccessConfig, 'GONG_BASE_URL' | 'GONG_ACCESS_KEY' | 'GONG_ACCESS_KEY_SECRET' | 'GONG_PERMIT_SOURCE' | 'GONG_LOCAL_RATE_PER_SECOND'>,
  deps: { rpc?: RpcClient; logger: Logger; metrics: AccessMetrics },
): GongClient {
  let permits: PermitSource;
  if (config.GONG_PERMIT_SOURCE === 'local' || deps.rpc === undefined) {
    // A 1.1 s window, like the broker's safety margin: requests reach Gong a little after their grant.
    permits = new LocalPacer({ requestsPerSecond: config.GONG_LOCAL_RATE_PER_SECOND, windowMs: 1_100 });
  } else {
    permits = new BrokerPermitSource(deps.rpc, deps.logger, { requester: `access/${hostname()}-${process.pid}` });
  }
  return new GongClient({
    baseUrl: config.GONG_BASE_URL,
    auth: { kind: 'basic', accessKey: config.GONG_ACCESS_KEY, accessKeySecret: config.GONG_ACCESS_KEY_SECRET },
    permits,
    priority: 'sync',
    onRequest: ({ endpoint, status }) => deps.metrics.gongRequests.inc({ endpoint, status: String(status) }),
  });
}
