import { Inject, Injectable } from '@nestjs/common';
import { Requests, type QuotaBreakerState } from '@gong-connector/contracts';
import { RpcClient } from '@gong-connector/platform';

/** How long meeting prep waits for the broker's state before checking live anyway (the permit then decides). */
const STATE_TIMEOUT_MS = 1_000;

/**
 * The quota breaker's state from the leader broker (`quota.state.v1`), read before an optional live
 * request: `unknown` when no broker answers (the permit request then fails or succeeds on its own).
 */
@Injectable()
export class QuotaBreakerProbe {
  constructor(@Inject(RpcClient) private readonly rpc: Pick<RpcClient, 'request'>) {}

  async state(): Promise<QuotaBreakerState | 'unknown'> {
    try {
      return (await this.rpc.request(Requests.quotaState, {}, { timeoutMs: STATE_TIMEOUT_MS })).breaker.state;
    } catch {
      return 'unknown';
    }
  }
}
