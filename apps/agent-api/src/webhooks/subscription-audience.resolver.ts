import { Inject, Injectable } from '@nestjs/common';
import { ManagerHierarchy, resolveServiceScope, type EventAudience } from '@gong-connector/access-core';
import type { Clock, SubscriptionPrincipal } from '@gong-connector/contracts';
import { DirectoryRepository } from '@gong-connector/persistence';
import { CLOCK } from '@gong-connector/platform';
import type { AccessFilterSource } from '../access/access-filter.source.js';
import { ACCESS_FILTER_SOURCE, AGENT_API_CONFIG } from '../agent-api.tokens.js';
import type { AgentApiConfig } from '../config.js';

/**
 * A subscription's principal as an `EventAudience` (access-core decides every event with it): a
 * user's access filter (from the access filter source, cached like every request's), or a service
 * scope whose teams are resolved against the manager graph, reloaded at most every
 * AGENT_API_ACCESS_CACHE_MS. So deciding an event costs no database read per event.
 */
@Injectable()
export class SubscriptionAudienceResolver {
  private hierarchy: { at: number; value: Promise<ManagerHierarchy> } | undefined;

  constructor(
    @Inject(ACCESS_FILTER_SOURCE) private readonly filters: AccessFilterSource,
    @Inject(DirectoryRepository) private readonly directory: Pick<DirectoryRepository, 'listUsers'>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AGENT_API_CONFIG) private readonly config: Pick<AgentApiConfig, 'AGENT_API_ACCESS_CACHE_MS'>,
  ) {}

  async audienceOf(principal: SubscriptionPrincipal): Promise<EventAudience> {
    if (principal.kind === 'user') {
      const subject = /^\d+$/.test(principal.user) ? { userId: principal.user } : { email: principal.user };
      return { kind: 'user', filter: (await this.filters.filterFor(subject)).filter };
    }
    const hierarchy = principal.scope.teamLeadIds.length === 0 ? EMPTY_HIERARCHY : await this.managerHierarchy();
    return resolveServiceScope(principal.scope, hierarchy);
  }

  private managerHierarchy(): Promise<ManagerHierarchy> {
    const now = this.clock.now();
    const cached = this.hierarchy;
    if (cached && now - cached.at <= this.config.AGENT_API_ACCESS_CACHE_MS) return cached.value;
    const value = this.directory.listUsers().then((users) => new ManagerHierarchy(users.map((u) => ({ id: u.id, managerId: u.managerId }))));
    this.hierarchy = { at: now, value };
    value.catch(() => {
      if (this.hierarchy?.value === value) this.hierarchy = undefined;
    });
    return value;
  }
}

const EMPTY_HIERARCHY = new ManagerHierarchy([]);
