import { Controller, Get, Inject } from '@nestjs/common';
import { AppError, ErrorCode, QuotaStateV1Schema, validate, type QuotaStateV1 } from '@gong-connector/contracts';
import { BrokerRoleService } from '../broker/broker-role.service.js';
import { QuotaBrokerService } from '../broker/quota-broker.service.js';

@Controller('v1/quota')
export class QuotaController {
  constructor(
    @Inject(QuotaBrokerService) private readonly broker: QuotaBrokerService,
    @Inject(BrokerRoleService) private readonly role: BrokerRoleService,
  ) {}

  /** The daily budget, reserves, pause, breaker, queues and rate (`QuotaStateV1`); 503 on a standby. */
  @Get()
  async state(): Promise<QuotaStateV1> {
    const view = this.broker.describe();
    if (view === null) {
      const leader = await this.role.currentLeader();
      throw new AppError(
        ErrorCode.QUOTA_BROKER_UNAVAILABLE,
        `This quota-broker instance (${this.role.view().instanceId}) is a standby and holds no quota state; ` +
          (leader ? `ask the leader (${leader})` : 'no leader holds the lease right now'),
      );
    }
    return validate(QuotaStateV1Schema, view, 'quota state', ErrorCode.INTERNAL);
  }
}
