import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { BrokerRoleService } from '../broker/broker-role.service.js';

/**
 * Adds this instance's role to the platform's `/health/ready` body:
 * `leadership: { role, leader, instanceId, lease, since, fencingToken, leaseExpiresAt, serving }`.
 * A standby is ready (`leader: false`): it is doing its job, and rolling updates must not stall on it.
 */
@Injectable()
export class LeadershipReadinessInterceptor implements NestInterceptor {
  constructor(@Inject(BrokerRoleService) private readonly role: BrokerRoleService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const path = (request?.url ?? '').split('?')[0];
    if (path !== '/health/ready') return next.handle();
    return next.handle().pipe(
      map((body: unknown) => (body && typeof body === 'object' ? { ...(body as Record<string, unknown>), leadership: this.role.view() } : body)),
    );
  }
}
