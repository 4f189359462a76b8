import { Inject, Injectable } from '@nestjs/common';
import { AppError, ErrorCode, Requests, type QuotaStateV1 } from '@gong-connector/contracts';
import { LOGGER, NatsClient, RpcServer, type Logger } from '@gong-connector/platform';
import { QuotaBrokerService } from './quota-broker.service.js';

/** The queue group every broker instance joins (only the leader subscribes at any time). */
export const QUOTA_BROKER_QUEUE = 'quota-broker';

/**
 * The NATS side of the broker: serves `quota.acquire.v1` and `quota.report.v1` while started.
 * Only the leader starts it, so requests reach the instance that holds the budget; a standby has
 * no subscription, and a requester with no broker gets "no responders" at once.
 */
@Injectable()
export class QuotaRpcHandler {
  private server: RpcServer | null = null;

  constructor(
    @Inject(NatsClient) private readonly nats: NatsClient,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(QuotaBrokerService) private readonly broker: QuotaBrokerService,
  ) {}

  get serving(): boolean {
    return this.server !== null;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = new RpcServer(this.nats, this.logger);
    server.serve(Requests.quotaAcquire, (request) => this.broker.acquire(request), { queue: QUOTA_BROKER_QUEUE });
    server.serve(Requests.quotaReport, async (request) => this.broker.report(request), { queue: QUOTA_BROKER_QUEUE });
    server.serve(Requests.quotaState, async () => this.state(), { queue: QUOTA_BROKER_QUEUE });
    this.server = server;
    // The subscriptions reach the server before we count as serving.
    await this.nats.nc.flush();
    this.logger.info({ subjects: [Requests.quotaAcquire.subject, Requests.quotaReport.subject], queue: QUOTA_BROKER_QUEUE }, 'serving quota requests');
  }

  /** `quota.state.v1`: the state `GET /v1/quota` shows (only the leader serves, so it holds one). */
  private state(): QuotaStateV1 {
    const view = this.broker.describe();
    if (view === null) throw new AppError(ErrorCode.QUOTA_BROKER_UNAVAILABLE, 'This quota-broker instance holds no quota state (it is stepping down)');
    return view;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await server.close();
    this.logger.info('stopped serving quota requests');
  }
}
