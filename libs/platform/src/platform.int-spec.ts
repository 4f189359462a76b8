import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import {
  AppError,
  ErrorCode,
  Events,
  Streams,
  defineEvent,
  defineRequest,
  type MessageDeadLetteredV1,
} from '@gong-connector/contracts';
import { LogCapture, PrivateNatsServer, deferred, testDatabase, testServices, uniqueName, waitFor, within, type Deferred, type TestDatabase } from '@gong-connector/testing';
import { z } from 'zod';
import { createLogger } from './logging/create-logger.js';
import { bootstrapService, type ServiceHandle } from './http/bootstrap-service.js';
import { MetricsRegistry } from './metrics/metrics.registry.js';
import { EventConsumer } from './nats/event-consumer.js';
import { EventPublisher } from './nats/event-publisher.js';
import { NatsClient } from './nats/nats-client.js';
import { RpcClient, RpcServer } from './nats/rpc.js';
import { PlatformModule } from './platform.module.js';

const suffix = uniqueName('hy').replace(/_/g, '');
const stream = `T_${suffix}`.toUpperCase();
const durable = `widgets-${suffix}`;
const WidgetCreated = defineEvent(`t${suffix}.widget.created.v1`, z.object({ n: z.number().int(), failTimes: z.number().int() }));
const Echo = defineRequest(`t${suffix}.echo.v1`, z.object({ text: z.string().min(1) }), z.object({ echoed: z.string() }));

const attempts = new Map<number, number>();
const handled = new Map<number, Deferred<number>>();

@Injectable()
class WidgetHandler implements OnModuleInit {
  constructor(
    @Inject(EventConsumer) private readonly consumer: EventConsumer,
    @Inject(RpcServer) private readonly rpc: RpcServer,
    @Inject(MetricsRegistry) private readonly metrics: MetricsRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    const widgets = this.metrics.counter('test_widgets_total', 'Widgets handled', ['outcome']);
    await this.consumer.start(
      WidgetCreated,
      { stream, durable, maxDeliver: 3, backoffMs: [20], ackWaitMs: 5000 },
      async (payload, ctx) => {
        const n = (attempts.get(payload.n) ?? 0) + 1;
        attempts.set(payload.n, n);
        if (n <= payload.failTimes) {
          widgets.inc({ outcome: 'failed' });
          throw new Error(`widget ${payload.n} is not ready (attempt ${n})`);
        }
        widgets.inc({ outcome: 'ok' });
        handled.get(payload.n)?.resolve(ctx.deliveryCount);
      },
    );
    this.rpc.serve(Echo, async (req) => ({ echoed: req.text.toUpperCase() }));
  }
}

describe('a hybrid service (HTTP + NATS + JetStream + PostgreSQL) built from libs/platform', () => {
  const logs = new LogCapture();
  let db: TestDatabase;
  let service: ServiceHandle;
  let publisher: EventPublisher;
  let rpc: RpcClient;
  let nats: NatsClient;
  let natsServer: PrivateNatsServer;

  beforeAll(async () => {
    natsServer = await PrivateNatsServer.start();
    db = await testDatabase();
    const natsUrl = natsServer.url;
    const { databaseUrl } = testServices();
    @Module({
      imports: [
        PlatformModule.forRoot({
          service: 'hybrid-test',
          logger: createLogger({ name: 'hybrid-test', level: 'debug', destination: logs }),
          nats: { servers: natsUrl, streams: [{ name: stream, subjects: [WidgetCreated.subject] }, Streams.deadLetter] },
          database: { url: databaseUrl, schema: db.schema },
        }),
      ],
      providers: [WidgetHandler],
    })
    class HybridModule {}
    service = await bootstrapService(HybridModule, { port: 0, host: '127.0.0.1', handleSignals: false, shutdownGraceMs: 200 });
    publisher = service.app.get(EventPublisher);
    rpc = service.app.get(RpcClient);
    nats = service.app.get(NatsClient);
  });

  afterAll(async () => {
    await service?.shutdown();
    await db?.close();
    await natsServer?.stop();
  });

  it('reports each dependency on /health/ready and is live', async () => {
    const live = await fetch(`${service.url}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${service.url}/health/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; dependencies: Record<string, { status: string }> };
    expect(body.status).toBe('ready');
    expect(Object.keys(body.dependencies).sort()).toEqual(['nats', 'postgres']);
    expect(body.dependencies.nats!.status).toBe('up');
    expect(body.dependencies.postgres!.status).toBe('up');
  });

  it('answers request/reply over core NATS, validated both ways', async () => {
    await expect(rpc.request(Echo, { text: 'hello' })).resolves.toEqual({ echoed: 'HELLO' });
    const bad = rpc.request(Echo, { text: '' });
    await expect(bad).rejects.toBeInstanceOf(AppError);
    await expect(bad).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
  });

  it('redelivers a nak-ed JetStream message and handles it on the second delivery', async () => {
    handled.set(1, deferred<number>());
    await publisher.publish(WidgetCreated, { n: 1, failTimes: 1 });
    await expect(within(handled.get(1)!.promise, 10_000, 'widget 1 handled')).resolves.toBe(2);
    expect(attempts.get(1)).toBe(2);
  });

  it('dead-letters a message that fails past max deliveries, with the reason', async () => {
    const dead = deferred<MessageDeadLetteredV1>();
    const sub = nats.nc.subscribe(Events.messageDeadLettered.subject);
    void (async () => {
      for await (const m of sub) {
        const payload = Events.messageDeadLettered.schema.parse(m.json());
        if (payload.consumer === durable) dead.resolve(payload);
      }
    })();
    await nats.nc.flush();
    const { envelope } = await publisher.publish(WidgetCreated, { n: 2, failTimes: 99 });
    const letter = await within(dead.promise, 10_000, 'dead letter for widget 2');
    sub.unsubscribe();
    expect(attempts.get(2)).toBe(3);
    expect(letter.deliveries).toBe(3);
    expect(letter.stream).toBe(stream);
    expect(letter.subject).toBe(WidgetCreated.subject);
    expect(letter.reason).toContain('widget 2 is not ready (attempt 3)');
    expect(letter.envelope?.correlationId).toBe(envelope.correlationId);
    expect(JSON.parse(Buffer.from(letter.payloadBase64, 'base64').toString())).toEqual({ n: 2, failTimes: 99 });
  });

  it('terminates a dead-lettered message so this server never redelivers it (Debian nats-server 2.9.10 ignores +TERM with a reason)', async () => {
    const dead = deferred<MessageDeadLetteredV1>();
    const sub = nats.nc.subscribe(Events.messageDeadLettered.subject);
    void (async () => {
      for await (const m of sub) {
        const payload = Events.messageDeadLettered.schema.parse(m.json());
        if (payload.consumer === durable && payload.payloadBase64 === Buffer.from(JSON.stringify({ n: 4, failTimes: 99 })).toString('base64')) dead.resolve(payload);
      }
    })();
    await nats.nc.flush();
    await publisher.publish(WidgetCreated, { n: 4, failTimes: 99 });
    await within(dead.promise, 10_000, 'dead letter for widget 4');
    sub.unsubscribe();
    // A message handled after it, on the same connection as the termination: once it is acked and the
    // connection flushed, the server has processed the termination too (one connection keeps order).
    handled.set(5, deferred<number>());
    await publisher.publish(WidgetCreated, { n: 5, failTimes: 0 });
    await within(handled.get(5)!.promise, 10_000, 'widget 5 handled');
    await nats.nc.flush();
    // Terminated, not merely dead-lettered: nothing waits for an ack, so nothing can be redelivered at ack_wait.
    // Widget 5's ack leaves after its handler resolves `handled`, so wait for the server to count it; a
    // message left pending would keep num_ack_pending above 0 and the wait would time out.
    const info = await waitFor(async () => {
      const i = await nats.jsm.consumers.info(stream, durable);
      return i.num_ack_pending === 0 ? i : undefined;
    }, 'no message of the consumer waiting for an ack');
    expect({ ackPending: info.num_ack_pending, ackFloor: info.ack_floor.stream_seq }).toEqual({ ackPending: 0, ackFloor: info.delivered.stream_seq });
    expect(attempts.get(4)).toBe(3);
  });

  it('dead-letters an invalid payload at once, without running the handler', async () => {
    const dead = deferred<MessageDeadLetteredV1>();
    const sub = nats.nc.subscribe(Events.messageDeadLettered.subject);
    void (async () => {
      for await (const m of sub) {
        const payload = Events.messageDeadLettered.schema.parse(m.json());
        if (payload.consumer === durable && payload.reason.includes('MESSAGE_INVALID')) dead.resolve(payload);
      }
    })();
    await nats.nc.flush();
    await nats.js.publish(WidgetCreated.subject, JSON.stringify({ n: 'three' }));
    const letter = await within(dead.promise, 10_000, 'dead letter for an invalid payload');
    sub.unsubscribe();
    expect(letter.deliveries).toBe(1);
    expect(letter.reason).toContain('n:');
  });

  it('serves the registry on /metrics, with HTTP request metrics', async () => {
    expect((await fetch(`${service.url}/no-such-route`)).status).toBe(404);
    const res = await fetch(`${service.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/test_widgets_total\{outcome="ok",service="hybrid-test"\} [1-9]/);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404",service="hybrid-test"\} 1/);
    expect(text).toMatch(new RegExp(`platform_messages_dead_lettered_total\\{stream="${stream}",consumer="${durable}",service="hybrid-test"\\} [1-9]`));
  });

  it('turns not-ready as soon as shutdown begins, before draining', async () => {
    const closing = service.shutdown('SIGTERM');
    const ready = await fetch(`${service.url}/health/ready`);
    expect(ready.status).toBe(503);
    await expect(ready.json()).resolves.toMatchObject({ status: 'not-ready', shuttingDown: true });
    await closing;
    expect(nats.nc.isClosed()).toBe(true);
  });
});
