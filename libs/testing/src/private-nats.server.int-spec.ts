import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { NATS_SERVER_MISSING, PrivateNatsServer } from './private-nats.server.js';

describe('PrivateNatsServer', () => {
  const servers: PrivateNatsServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('starts a JetStream server of its own: streams on one are not seen on another', async () => {
    const [a, b] = await Promise.all([PrivateNatsServer.start(), PrivateNatsServer.start()]);
    servers.push(a, b);
    expect(a.url).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
    expect(a.url).not.toBe(b.url);
    const [ncA, ncB] = await Promise.all([connect({ servers: a.url }), connect({ servers: b.url })]);
    try {
      const [jsmA, jsmB] = await Promise.all([jetstreamManager(ncA), jetstreamManager(ncB)]);
      await jsmA.streams.add({ name: 'GC_CALLS', subjects: ['ingest.call.fetched.v1'] });
      await expect(jsmA.streams.names().next()).resolves.toEqual(['GC_CALLS']);
      await expect(jsmB.streams.names().next()).resolves.toEqual([]);
    } finally {
      await Promise.all([ncA.close(), ncB.close()]);
    }
  });

  it('stops (twice is fine) and takes its store with it', async () => {
    const server = await PrivateNatsServer.start();
    const store = (server as unknown as { storeDir: string }).storeDir;
    expect(existsSync(store)).toBe(true);
    await server.stop();
    await server.stop();
    expect(existsSync(store)).toBe(false);
    await expect(connect({ servers: server.url, reconnect: false, timeout: 2_000 })).rejects.toThrow();
  });

  it('tells a machine without nats-server how to get it', async () => {
    await expect(PrivateNatsServer.start({ binary: 'nats-server-not-installed-here' })).rejects.toThrow(NATS_SERVER_MISSING);
    expect(NATS_SERVER_MISSING).toContain('apt-get install nats-server');
  });
});
