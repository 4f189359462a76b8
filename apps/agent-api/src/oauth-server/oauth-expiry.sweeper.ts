import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Clock } from '@gong-connector/contracts';
import { OAuthModelRepository } from '@gong-connector/persistence';
import { CLOCK, DrainLoop, LOGGER, type Logger } from '@gong-connector/platform';

const SWEEP_MS = 15 * 60_000;

/**
 * Deletes the authorization server's expired rows (codes, sessions, interactions, refresh tokens,
 * pending sign-ins) every 15 minutes; lookups never return them anyway. Any replica may sweep.
 */
@Injectable()
export class OAuthExpirySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: DrainLoop;

  constructor(
    @Inject(OAuthModelRepository) models: OAuthModelRepository,
    @Inject(CLOCK) clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.loop = new DrainLoop({
      sweepMs: SWEEP_MS,
      step: async () => {
        const deleted = await models.deleteExpired(new Date(clock.now()));
        if (deleted > 0) logger.debug({ deleted }, 'oauth: expired rows deleted');
        return false;
      },
      onError: (error) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'oauth: expiry sweep failed; retried at the next one'),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}
