import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Logger, NatsClient } from '@gong-connector/platform';
import type { ZodType } from 'zod';

/**
 * Every event on a core-NATS subject (each instance gets each one), validated by `schema` and
 * fanned out to in-process listeners (the SSE streams). An invalid message is logged and skipped;
 * `wants` may drop valid ones before any listener sees them.
 */
export abstract class NatsFanOut<T> implements OnModuleInit, OnApplicationShutdown {
  private readonly listeners = new Set<(event: T) => void>();
  private sub: { unsubscribe(): void } | undefined;

  protected constructor(
    private readonly nats: NatsClient,
    private readonly logger: Logger,
    private readonly source: { subject: string; schema: ZodType<T>; name: string },
  ) {}

  /** Whether listeners get this (valid) event; all by default. */
  protected wants(_event: T): boolean {
    return true;
  }

  onModuleInit(): void {
    const sub = this.nats.nc.subscribe(this.source.subject);
    this.sub = sub;
    void (async () => {
      for await (const m of sub) {
        let parsed;
        try {
          parsed = this.source.schema.safeParse(m.json());
        } catch {
          parsed = undefined;
        }
        if (!parsed?.success) {
          this.logger.warn({ subject: m.subject }, `ignored an invalid ${this.source.name} event`);
          continue;
        }
        if (!this.wants(parsed.data)) continue;
        for (const listener of this.listeners) listener(parsed.data);
      }
    })();
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }

  /** Calls `listener` for each event until the returned function is called. */
  subscribe(listener: (event: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
