import type { QuotaPolicy } from '@gong-connector/quota';

/** What the broker's parts share, resolved once from the config at boot. */
export interface BrokerSettings {
  readonly policy: QuotaPolicy;
  /** The stored daily budget's name (one per Gong company). */
  readonly budgetName: string;
  /** This instance, in the lease, logs and metrics. */
  readonly instanceId: string;
  readonly leaseName: string;
  readonly leaseTtlMs: number;
}

/** Injection token of the {@link BrokerSettings}. */
export const BROKER_SETTINGS = Symbol('BROKER_SETTINGS');
