import { Inject, Injectable } from '@nestjs/common';
import { QuotaStateV1Schema, type Clock } from '@gong-connector/contracts';
import { CLOCK } from '@gong-connector/platform';
import type { IngestConfig } from '../config.js';
import { INGEST_CONFIG } from '../ingest.tokens.js';

export interface QuotaStatus {
  ratePerSecond: number;
  /** Requests backfill may still spend today (null: unknown). */
  availableToday: number | null;
  dayEndsAt: number | null;
  dailyAllowance: number | null;
  source: 'broker' | 'local';
}

/** How long one answer of the broker serves (a CLI polls every second). */
const CACHE_MS = 2_000;

/** The quota left, for ETAs: the broker's `GET /v1/quota`, or the local pacer's rate alone. */
@Injectable()
export class QuotaStatusReader {
  private cached: { at: number; status: Promise<QuotaStatus> } | undefined;

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  read(): Promise<QuotaStatus> {
    const now = this.clock.now();
    if (!this.cached || now - this.cached.at > CACHE_MS) this.cached = { at: now, status: this.fetch() };
    return this.cached.status;
  }

  private async fetch(): Promise<QuotaStatus> {
    const local: QuotaStatus = {
      ratePerSecond: this.config.GONG_LOCAL_RATE_PER_SECOND,
      availableToday: null,
      dayEndsAt: null,
      dailyAllowance: null,
      source: 'local',
    };
    if (this.config.GONG_PERMIT_SOURCE === 'local') return local;
    try {
      const res = await fetch(new URL('/v1/quota', this.config.QUOTA_BROKER_URL), { signal: AbortSignal.timeout(1_000) });
      if (!res.ok) return { ...local, ratePerSecond: 3 };
      const state = QuotaStateV1Schema.parse(await res.json());
      const backfill = state.reserves.backfill;
      return {
        ratePerSecond: state.rate.currentPerSecond > 0 ? state.rate.currentPerSecond : state.rate.limitPerSecond,
        availableToday: backfill?.available ?? state.remaining,
        dayEndsAt: Date.parse(state.day.endsAt),
        dailyAllowance: Math.max(1, state.limit - (backfill?.minRemaining ?? 0)),
        source: 'broker',
      };
    } catch {
      return { ...local, ratePerSecond: 3 };
    }
  }
}
