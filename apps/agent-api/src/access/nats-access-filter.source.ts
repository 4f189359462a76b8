import { Requests, type AccessFilterReply } from '@gong-connector/contracts';
import type { RpcClient } from '@gong-connector/platform';
import type { AccessFilterSource, AccessSubject } from './access-filter.source.js';

/** Asks the access service (`access.filter.v1`); its ACCESS_STALE refusal passes through (503). */
export class NatsAccessFilterSource implements AccessFilterSource {
  constructor(private readonly rpc: RpcClient) {}

  filterFor(subject: AccessSubject): Promise<AccessFilterReply> {
    return this.rpc.request(Requests.accessFilter, subject);
  }
}
