import { describe, expect, it } from '@jest/globals';
import MockModule from '@elastic/elasticsearch-mock';
import { ErrorCode } from '@gong-connector/contracts';
import { createElasticsearchClient, type ElasticsearchConnectionOptions } from './elasticsearch-client.factory.js';

// The package's typings describe an ES default export; loaded from ESM, the CJS module itself is the class.
const Mock = MockModule as unknown as typeof import('@elastic/elasticsearch-mock').default;

/** A client over the mock that records the headers an HttpConnection would send (connection headers under the request's). */
function recordingClient(options: Omit<ElasticsearchConnectionOptions, 'Connection'>) {
  const mock = new Mock();
  mock.add({ method: ['GET', 'POST', 'PUT', 'HEAD', 'DELETE'], path: '/*' }, () => ({ errors: false, items: [], count: 0, acknowledged: true }));
  const sent: Record<string, string>[] = [];
  const Base = mock.getConnection() as unknown as new (...args: never[]) => { headers: Record<string, string>; request(params: unknown, options: unknown): Promise<unknown> };
  class Recording extends Base {
    override async request(params: unknown, opts: unknown) {
      sent.push({ ...this.headers, ...(params as { headers: Record<string, string> }).headers });
      return super.request(params, opts);
    }
  }
  const client = createElasticsearchClient({ ...options, Connection: Recording as never });
  return { client, sent };
}

describe('createElasticsearchClient', () => {
  it.each([8, 9] as const)('sends compatible-with=%i on JSON and bulk NDJSON requests', async (major) => {
    const { client, sent } = recordingClient({ node: 'http://es.test:9200', compatibility: major });
    await client.count({ index: 'x' });
    await client.bulk({ operations: [{ index: { _index: 'x', _id: '1' } }, { a: 1 }] });
    await client.indices.existsAlias({ name: 'x' });
    expect(sent[0]['content-type']).toBe(`application/vnd.elasticsearch+json; compatible-with=${major}`);
    expect(sent[0].accept).toMatch(new RegExp(`^application/vnd\\.elasticsearch\\+json; compatible-with=${major}(,text/plain)?$`));
    expect(sent[1]['content-type']).toBe(`application/vnd.elasticsearch+x-ndjson; compatible-with=${major}`);
    expect(sent[1].accept).toBe(`application/vnd.elasticsearch+json; compatible-with=${major}`);
    expect(sent[2].accept).toBe(`application/vnd.elasticsearch+json; compatible-with=${major},text/plain`);
    for (const headers of sent) expect(JSON.stringify(headers)).not.toContain(`compatible-with=${major === 8 ? 9 : 8}`);
  });

  it('defaults to the client major (9)', async () => {
    const { client, sent } = recordingClient({ node: 'http://es.test:9200' });
    await client.count({ index: 'x' });
    expect(sent[0].accept).toMatch(/^application\/vnd\.elasticsearch\+json; compatible-with=9/);
  });

  it('authenticates with an API key, or with basic auth', async () => {
    const key = recordingClient({ node: 'http://es.test:9200', apiKey: 'a2lkOnNlY3JldA==' });
    await key.client.count({ index: 'x' });
    expect(key.sent[0].authorization).toBe('ApiKey a2lkOnNlY3JldA==');
    const basic = recordingClient({ node: 'http://es.test:9200', username: 'gong_connector', password: 'pa:ss' });
    await basic.client.count({ index: 'x' });
    expect(basic.sent[0].authorization).toBe(`Basic ${Buffer.from('gong_connector:pa:ss').toString('base64')}`);
    const none = recordingClient({ node: 'http://es.test:9200' });
    await none.client.count({ index: 'x' });
    expect(none.sent[0].authorization).toBeUndefined();
  });

  it('takes a CA fingerprint (with or without colons) for an https node', async () => {
    const hex = 'A1'.repeat(32);
    const { client, sent } = recordingClient({ node: 'https://es.test:9200', caFingerprint: hex.toLowerCase().match(/../g)?.join(':'), apiKey: 'k' });
    await client.count({ index: 'x' });
    expect(sent[0].authorization).toBe('ApiKey k');
    const connection = client.connectionPool.connections[0] as unknown as Record<symbol, unknown>;
    const fingerprint = Object.getOwnPropertySymbols(connection).map((s) => connection[s]).find((v) => typeof v === 'string' && v.includes(':'));
    expect(fingerprint).toBe(hex.match(/../g)?.join(':'));
  });

  it.each<[string, Omit<ElasticsearchConnectionOptions, 'Connection'>, string]>([
    ['a non-URL node', { node: 'es.test:9200' }, 'node'],
    ['a username without password', { node: 'http://es.test:9200', username: 'u' }, 'password'],
    ['a password without username', { node: 'http://es.test:9200', password: 'p' }, 'username'],
    ['an API key and basic auth', { node: 'http://es.test:9200', apiKey: 'k', username: 'u', password: 'p' }, 'apiKey'],
    ['a CA fingerprint over http', { node: 'http://es.test:9200', caFingerprint: 'AB'.repeat(32) }, 'node'],
    ['a short fingerprint', { node: 'https://es.test:9200', caFingerprint: 'AB:CD' }, 'caFingerprint'],
  ])('refuses %s, naming the setting', (_name, options, path) => {
    let error: unknown;
    try {
      createElasticsearchClient(options);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: ErrorCode.CONFIG_INVALID, details: [expect.objectContaining({ path })] });
    expect(String((error as Error).message)).not.toContain('p\u0000');
  });
});
