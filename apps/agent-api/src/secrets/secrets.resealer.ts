import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Database, OAuthSigningKeyRepository, PostgresTokenStore, SecretBox, WebhookSubscriptionRepository } from '@gong-connector/persistence';
import { LOGGER, type Logger } from '@gong-connector/platform';
import { AGENT_API_CONFIG } from '../agent-api.tokens.js';
import type { AgentApiConfig } from '../config.js';

/** How many stored secrets one reseal sealed again (in clear before, or under an older key). */
export interface ResealCounts {
  webhookSecrets: number;
  signingKeys: number;
  gongGrants: number;
}

/** Seals every stored secret with the active key of SECRETS_ENCRYPTION_KEYS (compare-and-set: a concurrent write wins). */
export async function resealSecrets(db: Database, box: SecretBox): Promise<ResealCounts> {
  return {
    webhookSecrets: await new WebhookSubscriptionRepository(db, box).reseal(),
    signingKeys: await new OAuthSigningKeyRepository(db, box).reseal(),
    gongGrants: (await new PostgresTokenStore(db, 'default', box).reseal()) ? 1 : 0,
  };
}

/**
 * At boot, with SECRETS_ENCRYPTION_KEYS set, seals the secrets stored before encryption was turned
 * on or under a key that is no longer the first (so turning encryption on, or rotating, migrates
 * the existing rows). Every replica may run it: each row is replaced only if it is unchanged.
 */
@Injectable()
export class SecretsResealer implements OnApplicationBootstrap {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(AGENT_API_CONFIG) private readonly config: Pick<AgentApiConfig, 'SECRETS_ENCRYPTION_KEYS'>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const box = SecretBox.fromSetting(this.config.SECRETS_ENCRYPTION_KEYS);
    if (!box.enabled) {
      this.logger.warn({ setting: 'SECRETS_ENCRYPTION_KEYS' }, 'secrets at rest (webhook secrets, Gong OAuth grant, signing key) are stored in clear: set SECRETS_ENCRYPTION_KEYS');
      return;
    }
    const counts = await resealSecrets(this.db, box);
    if (counts.webhookSecrets + counts.signingKeys + counts.gongGrants > 0) this.logger.info({ ...counts, keyId: box.activeKeyId }, 'stored secrets sealed with the active key');
  }
}
