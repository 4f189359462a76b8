import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Inject, Injectable, Module, type INestApplicationContext, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Streams, defineEvent } from '@gong-connector/contracts';
import { deferred, PrivateNatsServer, uniqueName, within, type Deferred } from '@gong-connector/testing';
import { z } from 'zod';
import { createLogger } from '../logging/create-logger.js';
import { PlatformModule } from '../platform.module.js';
import { Consume } from './consume.decorator.js';
import { ConsumerHost } from './consumer.host.js';
import { EventPublisher } from './event-publisher.js';
import type { MessageContext } from './event-consumer.js';
import { NatsClient } from './nats-client.js';

const suffix = uniqueName('cd').replace(/_/g, '');
const stream = `T_${suffix}`.toUpperCase();
const Urgent = defineEvent(`t${suffix}.parcel.urgent.v1`, z.object({ n: z.number().int() }));
const Regular = defineEvent(`t${suffix}.parcel.regular.v1`, z.object({ n: z.number().int() }));
const CONFIG = Symbol('CONFIG');

interface ParcelConfig {
  DURABLE: string;
}

/** What the tests watch: handled parcels by number, and the gate a slow parcel waits at. */
class Probe {
  readonly handled = new Map<number, Deferred<{ subject: string; lane: string }>>();
  readonly slowStarted = deferred();
  readonly slowGate = deferred();
  natsDrainingWhenSlowFinished: boolean | undefined;
  consumersAtAppBootstrap = -1;

  expect(n: number): Promise<{ subject: string; lane: string }> {
    const d = deferred<{ subject: string; lane: string }>();
    this.handled.set(n, d);
    return within(d.promise, 10_000, `parcel ${n} handled`);
  }
}

@Injectable()
class ParcelHandler {
  constructor(
    @Inject(Probe) private readonly probe: Probe,
    @Inject(NatsClient) private readonly nats: NatsClient,
    @Inject(CONFIG) private readonly config: ParcelConfig,
  ) {}

  private lane(name: string) {
    return { stream, durable: `${this.config.DURABLE}-${name}`, maxDeliver: 3, backoffMs: [20], ackWaitMs: 10_000, concurrency: 2 };
  }

  @Consume(Urgent, (self: ParcelHandler) => self.lane('urgent'))
  @Consume(() => Regular, (self: ParcelHandler) => self.lane('regular'))
  async handle(payload: { n: number }, ctx: MessageContext): Promise<void> {
    if (payload.n === 99) {
      this.probe.slowStarted.resolve();
      await this.probe.slowGate.promise;
      this.probe.natsDrainingWhenSlowFinished = this.nats.nc.isDraining() || this.nats.nc.isClosed();
    }
    this.probe.handled.get(payload.n)?.resolve({ subject: ctx.subject, lane: ctx.subject === Urgent.subject ? 'urgent' : 'regular' });
  }
}

/** An app provider with the hooks around the platform's: it sees the consumers started, and opens the slow parcel's gate mid-shutdown. */
@Injectable()
class AppHooks implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(Probe) private readonly probe: Probe,
    @Inject(ConsumerHost) private readonly host: ConsumerHost,
  ) {}

  onApplicationBootstrap(): void {
    this.probe.consumersAtAppBootstrap = this.host.consumers.length;
  }

  onModuleDestroy(): void {
    // Runs before the platform stops the consumers: the slow parcel is still in hand then.
    this.probe.slowGate.resolve();
  }
}

describe('@Consume: consumers declared on handler methods, run by the platform', () => {
  const probe = new Probe();
  const durable = `parcels-${suffix}`;
  let app: INestApplicationContext;
  let closed = false;
  let publisher: EventPublisher;
  let observer: NatsClient;
  let natsServer: PrivateNatsServer;

  beforeAll(async () => {
    natsServer = await PrivateNatsServer.start();
    const natsUrl = natsServer.url;
    @Module({
      imports: [
        PlatformModule.forRoot({
          service: 'consume-test',
          logger: createLogger({ name: 'consume-test', level: 'silent' }),
          nats: { servers: natsUrl, streams: [{ name: stream, subjects: [Urgent.subject, Regular.subject] }, Streams.deadLetter] },
        }),
      ],
      providers: [
        { provide: Probe, useValue: probe },
        { provide: CONFIG, useValue: { DURABLE: durable } },
        ParcelHandler,
        // The same handler under a second token: still one consumer per @Consume.
        { provide: 'PARCELS', useExisting: ParcelHandler },
        AppHooks,
      ],
    })
    class ParcelModule {}
    app = await NestFactory.createApplicationContext(ParcelModule, { logger: false });
    publisher = app.get(EventPublisher);
    observer = await NatsClient.connect({ servers: natsUrl, name: 'consume-observer', logger: createLogger({ name: 'x', level: 'silent' }) });
  });

  afterAll(async () => {
    if (!closed) await app?.close();
    await observer?.jsm.streams.delete(stream).catch(() => undefined);
    await observer?.drain();
    await natsServer?.stop();
  });

  it('starts one durable consumer per @Consume, in the order written, with settings from the handler, before the apps bootstrap', async () => {
    expect(app.get(ConsumerHost).consumers).toEqual([
      { handler: 'ParcelHandler', method: 'handle', subject: Urgent.subject, durable: `${durable}-urgent` },
      { handler: 'ParcelHandler', method: 'handle', subject: Regular.subject, durable: `${durable}-regular` },
    ]);
    expect(probe.consumersAtAppBootstrap).toBe(2);
    const info = await observer.jsm.consumers.info(stream, `${durable}-regular`);
    expect(info.config.filter_subject).toBe(Regular.subject);
  });

  it('delivers each lane to the decorated method, bound to its instance', async () => {
    const urgent = probe.expect(1);
    const regular = probe.expect(2);
    await publisher.publish(Urgent, { n: 1 });
    await publisher.publish(Regular, { n: 2 });
    await expect(urgent).resolves.toEqual({ subject: Urgent.subject, lane: 'urgent' });
    await expect(regular).resolves.toEqual({ subject: Regular.subject, lane: 'regular' });
  });

  it('stops the consumers at shutdown after the message in hand is done and acked, before NATS drains', async () => {
    const slow = probe.expect(99);
    const { seq } = await publisher.publish(Regular, { n: 99 });
    await within(probe.slowStarted.promise, 10_000, 'the slow parcel to start');
    closed = true;
    await app.close();
    await expect(slow).resolves.toEqual({ subject: Regular.subject, lane: 'regular' });
    expect(probe.natsDrainingWhenSlowFinished).toBe(false);
    const info = await observer.jsm.consumers.info(stream, `${durable}-regular`);
    expect(info.num_ack_pending).toBe(0);
    expect(info.ack_floor.stream_seq).toBeGreaterThanOrEqual(seq);
    expect(app.get(ConsumerHost).consumers).toEqual([]);
  });
});
