import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { StreamDefinition } from '@gong-connector/contracts';
import type { Logger } from '../logging/create-logger.js';

export interface NatsClientOptions {
  servers: string;
  name: string;
  logger: Logger;
  /** Give up connecting after this long (the first connection only; later we reconnect forever). */
  connectTimeoutMs?: number;
}

/**
 * One NATS connection per process: core NATS for request/reply, JetStream for durable events.
 * `drain()` lets in-flight handlers finish and flushes publishes before the connection closes.
 */
export class NatsClient {
  /** False between a `disconnect` and the next `reconnect`: NATS is down. */
  private connected = true;

  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    private readonly logger: Logger,
  ) {}

  static async connect(options: NatsClientOptions): Promise<NatsClient> {
    const nc = await connect({
      servers: options.servers.split(',').map((s) => s.trim()),
      name: options.name,
      timeout: options.connectTimeoutMs ?? 5000,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
    const jsm = await jetstreamManager(nc);
    const client = new NatsClient(nc, jetstream(nc), jsm, options.logger);
    client.watchStatus();
    return client;
  }

  /**
   * Creates each stream, or updates an existing one's subjects and retention to the definition's;
   * safe to call from every service at boot.
   */
  async ensureStreams(streams: readonly StreamDefinition[], options: { duplicateWindowMs?: number } = {}): Promise<void> {
    for (const stream of streams) {
      const maxAgeNs = (stream.maxAgeMs ?? 0) * 1_000_000;
      try {
        const info = await this.jsm.streams.info(stream.name);
        const missing = stream.subjects.filter((s) => !info.config.subjects?.includes(s));
        if (missing.length > 0 || (info.config.max_age ?? 0) !== maxAgeNs) {
          await this.jsm.streams.update(stream.name, {
            ...info.config,
            subjects: [...new Set([...(info.config.subjects ?? []), ...stream.subjects])],
            max_age: maxAgeNs,
          });
        }
      } catch (error) {
        if (!isNotFound(error)) throw error;
        await this.jsm.streams.add({
          name: stream.name,
          subjects: [...stream.subjects],
          duplicate_window: (options.duplicateWindowMs ?? 2 * 60_000) * 1_000_000,
          max_age: maxAgeNs,
        });
      }
    }
  }

  async healthCheck(): Promise<void> {
    if (this.nc.isClosed()) throw new Error('NATS connection closed');
    await this.nc.flush();
  }

  /** Whether the connection is up now (false while NATS is down and the client reconnects). */
  get isConnected(): boolean {
    return this.connected && !this.nc.isClosed();
  }

  /** Drains (in-flight work finishes); while NATS is down there is nothing to drain to, so it just closes (a drain would wait for a reconnect). */
  async drain(): Promise<void> {
    if (this.nc.isClosed()) return;
    if (!this.connected) {
      await this.nc.close();
      return;
    }
    if (!this.nc.isDraining()) await this.nc.drain();
  }

  private watchStatus(): void {
    void (async () => {
      for await (const status of this.nc.status()) {
        if (status.type === 'disconnect') this.connected = false;
        if (status.type === 'reconnect') this.connected = true;
        if (status.type === 'disconnect' || status.type === 'reconnect' || status.type === 'error') {
          this.logger.warn({ nats: status.type }, `NATS ${status.type}`);
        }
      }
    })().catch(() => undefined);
  }
}

export function isNotFound(error: unknown): boolean {
  const e = error as { code?: unknown; api_error?: { err_code?: number }; message?: string };
  return (
    e?.api_error?.err_code === 10059 ||
    e?.api_error?.err_code === 10014 ||
    e?.code === '404' ||
    /not found/i.test(e?.message ?? '')
  );
}
