import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@gong-connector/contracts';
import { GongError, MAX_BATCH_SIZE, type GongClient } from '@gong-connector/gong-client';
import { AccessRepository, type CallAccessCheckRecord } from '@gong-connector/persistence';
import { CLOCK } from '@gong-connector/platform';
import { ACCESS_CONFIG, GONG_CLIENT } from '../access.tokens.js';
import { retryRateLimited } from '../gong/rate-limit.retry.js';
import type { AccessConfig } from '../config.js';
import { AccessMetrics } from '../metrics/access.metrics.js';
import { AccessStateService } from '../state/access-state.service.js';

export interface UsersAccessCheckResult {
  /** Calls looked up (stored calls only). */
  checked: number;
  /** Gong requests sent (one per 100 calls). */
  requests: number;
  /** Users whose filter changed. */
  changedUsers: number;
}

/**
 * Looks calls up in Gong's users-access (`POST /v2/calls/users-access`, at most 100 call ids per
 * request, `sync` priority), stores what it found per call (grants replaced, call marked checked)
 * and applies it to the model. Only calls stored in the replica are looked up. The sweep looks up
 * stored calls never checked, then those whose last check is older than ACCESS_GRANTS_RECHECK_MS.
 */
@Injectable()
export class UsersAccessSyncService {
  constructor(
    @Inject(GONG_CLIENT) private readonly gong: GongClient,
    @Inject(AccessRepository) private readonly repo: AccessRepository,
    @Inject(AccessStateService) private readonly state: AccessStateService,
    @Inject(AccessMetrics) private readonly metrics: AccessMetrics,
    @Inject(ACCESS_CONFIG) private readonly config: Pick<AccessConfig, 'ACCESS_SWEEP_MAX_CALLS' | 'ACCESS_GRANTS_RECHECK_MS'>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async check(callIds: readonly string[], reason: string, options: { deadlineMs?: number } = {}): Promise<UsersAccessCheckResult> {
    const stored = await this.repo.storedCallIds([...new Set(callIds)]);
    const ids = [...stored];
    const result: UsersAccessCheckResult = { checked: 0, requests: 0, changedUsers: 0 };
    for (let i = 0; i < ids.length; i += MAX_BATCH_SIZE) {
      const batch = ids.slice(i, i + MAX_BATCH_SIZE);
      const checks = await this.lookUp(batch, options.deadlineMs);
      result.requests += 1;
      await this.repo.recordChecks(checks, new Date(this.clock.now()));
      this.metrics.callsChecked.inc(batch.length);
      result.checked += batch.length;
      const change = await this.state.applyChecks(checks, reason);
      result.changedUsers += change.changedUserIds.length;
    }
    return result;
  }

  /** Looks up the stored calls that are due (never checked first), at most ACCESS_SWEEP_MAX_CALLS. */
  async sweep(): Promise<UsersAccessCheckResult> {
    const recheck = this.config.ACCESS_GRANTS_RECHECK_MS;
    const ids = await this.repo.callsToCheck({
      limit: this.config.ACCESS_SWEEP_MAX_CALLS,
      ...(recheck > 0 ? { recheckBefore: new Date(this.clock.now() - recheck) } : {}),
    });
    return this.check(ids, 'users-access sweep');
  }

  private async lookUp(batch: string[], deadlineMs: number | undefined): Promise<CallAccessCheckRecord[]> {
    let found = new Map<string, string[]>();
    try {
      const list = await retryRateLimited(() =>
        this.gong.getCallsUsersAccess(batch, { priority: 'sync', ...(deadlineMs === undefined ? {} : { deadlineMs }) }),
      );
      found = new Map(list.map((entry) => [entry.callId, (entry.users ?? []).map((u) => u.userId)]));
    } catch (error) {
      // Gong answers 404 "No calls found" when it knows none of the ids: none has grants.
      if (!(error instanceof GongError && (error.kind === 'no-results' || error.kind === 'not-found'))) throw error;
    }
    return batch.map((callId) => ({ callId, userIds: found.get(callId) ?? [] }));
  }
}
