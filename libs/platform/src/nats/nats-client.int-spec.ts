import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Streams } from '@gong-connector/contracts';
import { PrivateNatsServer, uniqueName } from '@gong-connector/testing';
import { createLogger } from '../logging/create-logger.js';
import { NatsClient } from './nats-client.js';

describe('NatsClient.ensureStreams (real JetStream)', () => {
  let natsServer: PrivateNatsServer;
  let nats: NatsClient;
  const name = uniqueName('retention').replace(/_/g, '').toUpperCase();
  const subject = `t${name.toLowerCase()}.thing.happened.v1`;
  const DAY_NS = 86_400_000 * 1_000_000;

  beforeAll(async () => {
    natsServer = await PrivateNatsServer.start();
    nats = await NatsClient.connect({ servers: natsServer.url, name: 'ensure-streams-test', logger: createLogger({ name: 'test', level: 'silent' }) });
  });

  afterAll(async () => {
    await nats?.drain();
    await natsServer?.stop();
  });

  it('creates a stream with its retention, and brings an older stream without one up to it', async () => {
    // As an earlier version left it: no age limit.
    await nats.jsm.streams.add({ name, subjects: [subject] });
    await expect(nats.jsm.streams.info(name)).resolves.toMatchObject({ config: { max_age: 0 } });
    await nats.ensureStreams([{ name, subjects: [subject, `${subject}.more`], maxAgeMs: 86_400_000 }]);
    const info = await nats.jsm.streams.info(name);
    expect(info.config.max_age).toBe(DAY_NS);
    expect(info.config.subjects).toEqual([subject, `${subject}.more`]);
    // Idempotent: a second service booting changes nothing.
    await nats.ensureStreams([{ name, subjects: [subject], maxAgeMs: 86_400_000 }]);
    await expect(nats.jsm.streams.info(name)).resolves.toMatchObject({ config: { max_age: DAY_NS, subjects: [subject, `${subject}.more`] } });
  });

  it('keeps every production stream bounded', () => {
    for (const s of Object.values(Streams)) expect([s.name, s.maxAgeMs > 0]).toEqual([s.name, true]);
  });
});
