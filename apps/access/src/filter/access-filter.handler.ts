import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Requests } from '@gong-connector/contracts';
import { RpcServer } from '@gong-connector/platform';
import { AccessFilterService } from './access-filter.service.js';

/** Serves `access.filter.v1` over NATS request/reply (queue group: instances share the load). */
@Injectable()
export class AccessFilterHandler implements OnApplicationBootstrap {
  constructor(
    @Inject(RpcServer) private readonly rpc: RpcServer,
    @Inject(AccessFilterService) private readonly filters: AccessFilterService,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.serve(Requests.accessFilter, async (subject) => this.filters.filterFor(subject));
  }
}
