import { Inject, Injectable } from '@nestjs/common';
import { denyAllAccessFilter } from '@gong-connector/access-core';
import { AppError, denyAllDomainAccess, ErrorCode, type AccessFilterReply, type Clock } from '@gong-connector/contracts';
import { CLOCK } from '@gong-connector/platform';
import { ACCESS_CONFIG } from '../access.tokens.js';
import type { AccessConfig } from '../config.js';
import { AccessMetrics } from '../metrics/access.metrics.js';
import { AccessSnapshot, type AccessSubject } from '../model/access-snapshot.js';
import { AccessStateService } from '../state/access-state.service.js';
import { FilterCache } from './filter.cache.js';

/**
 * The user id of the deny-all filter given for an email that matches no Gong user (an AccessFilter
 * always names a user id; no Gong user has id 0).
 */
export const UNKNOWN_USER_ID = '0';

/**
 * Answers "what may this user see": their AccessFilter from the current snapshot (cached until
 * their access changes), with the age of the data it was computed from. Fails closed: data never
 * synced, or older than ACCESS_MAX_STALENESS_MS, gets ACCESS_STALE instead of a filter. An unknown
 * user gets the deny-all filter and `user: null`; an inactive one the deny-all filter.
 */
@Injectable()
export class AccessFilterService {
  constructor(
    @Inject(AccessStateService) private readonly state: AccessStateService,
    @Inject(FilterCache) private readonly cache: FilterCache,
    @Inject(AccessMetrics) private readonly metrics: AccessMetrics,
    @Inject(ACCESS_CONFIG) private readonly config: Pick<AccessConfig, 'ACCESS_MAX_STALENESS_MS'>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  filterFor(subject: AccessSubject): AccessFilterReply {
    const snapshot = this.state.current();
    const dataAsOf = snapshot?.dataAsOf;
    if (snapshot === undefined || dataAsOf === undefined) {
      this.metrics.staleRefusals.inc();
      throw new AppError(
        ErrorCode.ACCESS_STALE,
        'Access data has not been synced from Gong yet (users, workspaces and permission profiles), so no filter can be ' +
          'computed; refusing (fails closed). Check that the access service reaches Gong and the quota broker, or run POST /admin/sync.',
      );
    }
    const ageMs = Math.max(0, this.clock.now() - dataAsOf.getTime());
    const maxMs = this.config.ACCESS_MAX_STALENESS_MS;
    if (ageMs > maxMs) {
      this.metrics.staleRefusals.inc();
      throw new AppError(
        ErrorCode.ACCESS_STALE,
        `Access data is ${formatAge(ageMs)} old (last synced from Gong at ${dataAsOf.toISOString()}), older than the ` +
          `${formatAge(maxMs)} limit (ACCESS_MAX_STALENESS_MS); refusing to compute a filter (fails closed). ` +
          'Check that the access service reaches Gong and the quota broker, or run POST /admin/sync.',
        { details: [{ path: 'dataAsOf', message: `${dataAsOf.toISOString()} (${ageMs} ms old, limit ${maxMs} ms)` }] },
      );
    }

    const user = snapshot.findUser(subject);
    const reply = { dataAsOf: dataAsOf.toISOString(), ageMs };
    if (user === undefined) {
      const id = 'userId' in subject ? subject.userId : UNKNOWN_USER_ID;
      return { filter: denyAllAccessFilter(id), user: null, domains: denyAllDomainAccess(), ...reply };
    }
    let filter = this.cache.get(user.id);
    if (filter === undefined) {
      filter = snapshot.filterFor(user.id);
      this.cache.set(user.id, filter);
      this.metrics.filterComputations.inc();
    } else {
      this.metrics.cacheHits.inc();
    }
    return { filter, user: AccessSnapshot.toReplyUser(user), domains: snapshot.domainAccessFor(user.id), ...reply };
  }
}

/** `1h 05m`, `12m 30s`, `45s`, `800 ms`. */
function formatAge(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}
