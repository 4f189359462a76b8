import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { EventContract } from '@gong-connector/contracts';
import type { Logger } from '../logging/create-logger.js';
import { LOGGER } from '../platform.tokens.js';
import { consumeDeclarationsOf, resolveFromHandler } from './consume.decorator.js';
import { EventConsumer, type ConsumerSettings, type EventHandler, type RunningConsumer } from './event-consumer.js';

/** One consumer a `@Consume` declared, as started. */
export interface HostedConsumer {
  handler: string;
  method: string;
  subject: string;
  durable: string;
}

/**
 * Runs the consumers `@Consume` declares on the application's providers. At application bootstrap
 * (after every module's onModuleInit, before the apps' own onApplicationBootstrap hooks) it starts
 * each one through EventConsumer; at onModuleDestroy (PlatformModule is global, so after the
 * apps' onModuleDestroy hooks and before any beforeApplicationShutdown/onApplicationShutdown) it
 * stops them all, letting the messages in hand finish, so handlers are done before NATS drains and
 * PostgreSQL closes (PlatformModule's onApplicationShutdown).
 */
@Injectable()
export class ConsumerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly running: RunningConsumer[] = [];
  private readonly hosted: HostedConsumer[] = [];

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(EventConsumer) private readonly consumer: EventConsumer,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The consumers started (tests, diagnostics). */
  get consumers(): readonly HostedConsumer[] {
    return this.hosted;
  }

  async onApplicationBootstrap(): Promise<void> {
    const seen = new Set<object>();
    try {
      for (const wrapper of this.discovery.getProviders()) {
        const instance: unknown = wrapper.instance;
        if (!wrapper.isDependencyTreeStatic() || instance === null || typeof instance !== 'object' || seen.has(instance)) continue;
        // One instance under two tokens (useExisting, a re-provided value) still gets its consumers once.
        seen.add(instance);
        for (const declaration of consumeDeclarationsOf(instance)) {
          const contract = resolveFromHandler<EventContract>(declaration.contract, instance);
          const settings = resolveFromHandler<ConsumerSettings>(declaration.settings, instance);
          const method = (instance as Record<string | symbol, unknown>)[declaration.method];
          if (typeof method !== 'function') throw new TypeError(`@Consume: ${instance.constructor.name}.${String(declaration.method)} is not a method`);
          const handler: EventHandler<EventContract> = (payload, ctx) => (method as EventHandler<EventContract>).call(instance, payload, ctx);
          this.running.push(await this.consumer.start(contract, settings, handler));
          const hosted = { handler: instance.constructor.name, method: String(declaration.method), subject: contract.subject, durable: settings.durable };
          this.hosted.push(hosted);
          this.logger.debug(hosted, 'consumer started');
        }
      }
    } catch (error) {
      await this.stopAll();
      throw error;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.stopAll();
  }

  private async stopAll(): Promise<void> {
    const running = this.running.splice(0);
    this.hosted.splice(0);
    await Promise.all(running.map((r) => r.stop()));
  }
}
