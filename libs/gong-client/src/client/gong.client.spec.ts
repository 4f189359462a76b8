import { afterEach, describe, expect, it } from '@jest/globals';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { GongError } from '../errors/gong.error.js';
import type { GongRequestEvent } from '../http/request-event.hook.js';
import { collect, testClient, rejectionOf } from '../../test/test-client.factory.js';
import { pageBody, sendJson, startFakeGong, type FakeGong } from '../../test/fake-gong.server.js';

const NO_CALLS = { requestId: 'r-404', errors: ['No calls found corresponding to the provided filters'] };
const call = (id: string) => ({ id, title: `Call ${id}`, started: '2024-01-02T10:00:00Z', workspaceId: '623457276584334' });

let gong: FakeGong | undefined;
afterEach(async () => {
  await gong?.close();
  gong = undefined;
});

async function fake(handler: Parameters<typeof startFakeGong>[0]): Promise<FakeGong> {
  gong = await startFakeGong(handler);
  return gong;
}

describe('GongClient: ids and validation', () => {
  it('returns a 19-digit id sent as a raw JSON number as an exact string', async () => {
    const server = await fake((_req, reply) =>
      sendJson(
        reply,
        200,
        '{"requestId":"r1","call":{"id":7782342274025937895,"workspaceId":623457276584334,' +
          '"primaryUserId":234599484848423,"duration":218,"isPrivate":false,"direction":"Outbound"}}',
      ),
    );
    const { client } = testClient(server.baseUrl);
    await expect(client.getCall('7782342274025937895')).resolves.toEqual({
      id: '7782342274025937895',
      workspaceId: '623457276584334',
      primaryUserId: '234599484848423',
      duration: 218,
      isPrivate: false,
      direction: 'Outbound',
    });
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/v2/calls/7782342274025937895' });
  });

  it('reports a missing or mistyped field with its path as GONG_BAD_RESPONSE, ignoring unknown fields', async () => {
    const server = await fake((_req, reply) =>
      sendJson(reply, 200, {
        records: { totalRecords: 2, currentPageSize: 2, currentPageNumber: 0 },
        calls: [
          { id: '1', newGongField: { anything: true } },
          { title: 'no id', isPrivate: 'yes' },
        ],
      }),
    );
    const { client } = testClient(server.baseUrl);
    const error = await rejectionOf(client.getCallsPage({ fromDateTime: '2024-01-01T00:00:00Z' }));
    expect(error).toBeInstanceOf(GongError);
    expect(error).toMatchObject({ code: ErrorCode.GONG_BAD_RESPONSE, kind: 'bad-response', status: 200 });
    const paths = (error as GongError).details.map((d) => d.path);
    expect(paths).toEqual(['response.calls[1].id', 'response.calls[1].isPrivate']);
    expect((error as GongError).message).toContain('response.calls[1].id: required');
  });

  it('validates ids before spending a permit', async () => {
    const { client, permits } = testClient('http://127.0.0.1:9');
    await expect(client.getCall('12; DROP')).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
    await expect(collect(client.transcriptsForCalls(['1', 'x']))).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
    });
    expect(permits.acquired).toHaveLength(0);
  });

  it('needs a priority for every call, and withPriority binds one', async () => {
    const server = await fake((_req, reply) => sendJson(reply, 200, { requestId: 'w', workspaces: [{ id: 5, name: 'Main' }] }));
    const { client, permits } = testClient(server.baseUrl, { priority: undefined });
    await expect(client.listWorkspaces()).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
    await expect(client.withPriority('interactive').listWorkspaces()).resolves.toEqual([{ id: '5', name: 'Main' }]);
    await expect(client.listWorkspaces({ priority: 'backfill' })).resolves.toHaveLength(1);
    expect(permits.acquired.map((a) => a.priority)).toEqual(['interactive', 'backfill']);
  });
});

describe('GongClient: pagination', () => {
  it('follows cursors of GET /v2/calls in the query, keeping the other inputs', async () => {
    const server = await fake((req, reply) => {
      if (req.query.cursor === undefined) return sendJson(reply, 200, pageBody('calls', [call('1'), call('2')], 'c-1'));
      if (req.query.cursor === 'c-1') return sendJson(reply, 200, pageBody('calls', [call('3')], 'c-2', 1));
      return sendJson(reply, 200, pageBody('calls', [call('4')], undefined, 2));
    });
    const { client } = testClient(server.baseUrl);
    const query = { fromDateTime: '2024-01-01T00:00:00Z', toDateTime: '2024-02-01T00:00:00Z', workspaceId: '623457276584334' };
    const pages = await collect(client.listCalls(query));
    expect(pages.map((p) => p.items.map((c) => c.id))).toEqual([['1', '2'], ['3'], ['4']]);
    expect(pages[0].requestId).toBe('req-calls-0');
    expect(server.requests.map((r) => r.query)).toEqual([
      query,
      { ...query, cursor: 'c-1' },
      { ...query, cursor: 'c-2' },
    ]);
    expect(server.requests.every((r) => r.method === 'GET' && r.body === undefined)).toBe(true);
  });

  it('follows cursors of POST /v2/calls/extensive in the body, next to an unchanged filter', async () => {
    const server = await fake((req, reply) => {
      const body = req.body as { cursor?: string };
      return body.cursor === undefined
        ? sendJson(reply, 200, pageBody('calls', [{ metaData: call('1') }], 'next'))
        : sendJson(reply, 200, pageBody('calls', [{ metaData: call('2') }], undefined, 1));
    });
    const { client } = testClient(server.baseUrl);
    const request = {
      filter: { fromDateTime: '2024-01-01T00:00:00Z', primaryUserIds: ['234599484848423'] },
      contentSelector: { context: 'Extended' as const, exposedFields: { parties: true, content: { brief: true } } },
    };
    const pages = await collect(client.listExtensiveCalls(request));
    expect(pages.flatMap((p) => p.items.map((c) => c.metaData.id))).toEqual(['1', '2']);
    expect(server.requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['POST', '/v2/calls/extensive', {}],
      ['POST', '/v2/calls/extensive', {}],
    ]);
    expect(server.requests[0].body).toEqual(request);
    expect(server.requests[1].body).toEqual({ cursor: 'next', ...request });
  });

  it('turns the 404 "No calls found corresponding to the provided filters" into an empty page', async () => {
    const server = await fake((_req, reply) => sendJson(reply, 404, NO_CALLS));
    const { client, permits } = testClient(server.baseUrl);
    const pages = await collect(client.listCalls({ fromDateTime: '2030-01-01T00:00:00Z' }));
    expect(pages).toEqual([
      { requestId: 'r-404', records: { totalRecords: 0, currentPageSize: 0, currentPageNumber: 0 }, items: [] },
    ]);
    await expect(collect(client.transcriptsForCalls(['1']))).resolves.toEqual([
      expect.objectContaining({ items: [] }),
    ]);
    expect(permits.statuses()).toEqual([404, 404]);
  });

  it('keeps other 404s as GONG_NOT_FOUND', async () => {
    const server = await fake((_req, reply) => sendJson(reply, 404, { requestId: 'r', errors: ['Call ID was not found'] }));
    const { client } = testClient(server.baseUrl);
    await expect(client.getCall('42')).rejects.toMatchObject({
      code: ErrorCode.GONG_NOT_FOUND,
      kind: 'not-found',
      requestId: 'r',
    });
  });

  it('stops with GONG_BAD_RESPONSE when Gong repeats a cursor', async () => {
    const server = await fake((_req, reply) => sendJson(reply, 200, pageBody('users', [{ id: '1' }], 'same')));
    const { client } = testClient(server.baseUrl);
    await expect(collect(client.listUsers())).rejects.toMatchObject({ code: ErrorCode.GONG_BAD_RESPONSE });
    expect(server.requests).toHaveLength(2);
  });
});

describe('GongClient: transcripts in batches', () => {
  it('fetches 250 call ids in 3 batches (100, 100, 50) and follows a cursor within a batch', async () => {
    const server = await fake((req, reply) => {
      const body = req.body as { cursor?: string; filter: { callIds: string[] } };
      const ids = body.filter.callIds;
      const transcripts = (slice: string[]) =>
        slice.map((callId) => ({
          callId,
          transcript: [{ speakerId: '6432345678555530067', topic: null, sentences: [{ start: 0, end: 900, text: 'Hi' }] }],
        }));
      // The second batch comes in two pages.
      if (ids[0] === '7782342274025900100' && body.cursor === undefined) {
        return sendJson(reply, 200, pageBody('callTranscripts', transcripts(ids.slice(0, 60)), 'b2-p2'));
      }
      if (body.cursor === 'b2-p2') return sendJson(reply, 200, pageBody('callTranscripts', transcripts(ids.slice(60)), undefined, 1));
      return sendJson(reply, 200, pageBody('callTranscripts', transcripts(ids)));
    });
    const { client, permits } = testClient(server.baseUrl);
    const callIds = Array.from({ length: 250 }, (_, i) => String(7782342274025900000n + BigInt(i)));
    const pages = await collect(client.transcriptsForCalls([...callIds, callIds[0]]));
    const seen = pages.flatMap((p) => p.items.map((t) => t.callId));
    expect(seen).toEqual(callIds);
    const filters = server.requests.map((r) => (r.body as { filter: { callIds: string[] } }).filter.callIds);
    expect(filters.map((ids) => ids.length)).toEqual([100, 100, 100, 50]);
    expect(new Set(filters.map((ids) => ids.join(','))).size).toBe(3); // 3 batches, the second one paged twice
    expect(server.requests.map((r) => (r.body as { cursor?: string }).cursor)).toEqual([undefined, undefined, 'b2-p2', undefined]);
    expect(new Set(server.requests.map((r) => r.path))).toEqual(new Set(['/v2/calls/transcript']));
    expect(permits.acquired).toHaveLength(4);
    expect(pages[0].items[0].transcript[0]).toEqual({
      speakerId: '6432345678555530067',
      topic: undefined,
      sentences: [{ start: 0, end: 900, text: 'Hi' }],
    });
  });

  it('honours a smaller batch size and sends nothing for no ids', async () => {
    const server = await fake((_req, reply) => sendJson(reply, 200, pageBody('callTranscripts', [])));
    const { client } = testClient(server.baseUrl);
    await collect(client.transcriptsForCalls(['1', '2', '3', '4', '5'], { batchSize: 2 }));
    expect(server.requests).toHaveLength(3);
    await expect(collect(client.transcriptsForCalls([]))).resolves.toEqual([]);
    await expect(collect(client.transcriptsForCalls(['1'], { batchSize: 101 }))).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
    });
  });
});

describe('GongClient: errors', () => {
  it.each([
    [400, ErrorCode.GONG_BAD_REQUEST, 'bad-request'],
    [401, ErrorCode.GONG_AUTH_FAILED, 'auth'],
    [403, ErrorCode.GONG_FORBIDDEN, 'forbidden'],
    [404, ErrorCode.GONG_NOT_FOUND, 'not-found'],
    [409, ErrorCode.GONG_BAD_REQUEST, 'bad-request'],
    [501, ErrorCode.GONG_SERVER_ERROR, 'server'],
  ])('maps %i to %s without retrying', async (status, code, kind) => {
    const server = await fake((_req, reply) => sendJson(reply, status, { requestId: 'rq', errors: ['An error has occurred'] }));
    const { client, permits } = testClient(server.baseUrl);
    const error = await rejectionOf(client.listWorkspaces());
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code, kind, status, requestId: 'rq', endpoint: 'GET /v2/workspaces' });
    expect((error as GongError).message).toContain('An error has occurred');
    expect(server.requests).toHaveLength(1);
    expect(permits.statuses()).toEqual([status]);
  });

  it('does not retry a 429 and surfaces Retry-After', async () => {
    const server = await fake((_req, reply) => {
      void reply.header('retry-after', '80');
      return sendJson(reply, 429, { requestId: 'r', errors: ['API request limit exceeded'] });
    });
    const { client, permits, sleeps } = testClient(server.baseUrl);
    const error = await rejectionOf(client.getUser('234599484848423'));
    expect(error).toMatchObject({ code: ErrorCode.GONG_RATE_LIMITED, kind: 'rate-limited', retryAfterMs: 80_000 });
    expect((error as GongError).toJSON()).toMatchObject({ retryAfterMs: 80_000, code: 'GONG_RATE_LIMITED' });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(permits.reported.map((r) => r.outcome)).toEqual([
      expect.objectContaining({ status: 429, retryAfterSeconds: 80, endpoint: 'GET /v2/users/{id}' }),
    ]);
  });

  it('retries 500/502/503/504 with jittered backoff, a new permit each time, then succeeds', async () => {
    const statuses = [500, 502, 503];
    const server = await fake((_req, reply) => {
      const status = statuses.shift();
      return status === undefined
        ? sendJson(reply, 200, { requestId: 'ok', workspaces: [] })
        : sendJson(reply, status, '<html>Bad gateway</html>');
    });
    const { client, permits, sleeps } = testClient(server.baseUrl, {
      retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 },
    });
    await expect(client.listWorkspaces()).resolves.toEqual([]);
    expect(sleeps).toEqual([50, 100, 200]); // random 0.5 of caps 100, 200, 400
    expect(permits.acquired).toHaveLength(4);
    expect(permits.statuses()).toEqual([500, 502, 503, 200]);
  });

  it('gives up after the configured attempts with GONG_SERVER_ERROR', async () => {
    const server = await fake((_req, reply) => sendJson(reply, 504, { errors: ['Gateway timeout'] }));
    const { client, permits, sleeps } = testClient(server.baseUrl, { retry: { maxAttempts: 3 } });
    await expect(client.listWorkspaces()).rejects.toMatchObject({
      code: ErrorCode.GONG_SERVER_ERROR,
      kind: 'server',
      status: 504,
      attempts: 3,
    });
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(permits.reported).toHaveLength(3);
  });

  it('stops retrying when the backoff would pass the deadline', async () => {
    const server = await fake((_req, reply) => sendJson(reply, 503, {}));
    const now = 1_000_000;
    const { client } = testClient(server.baseUrl, { clock: { now: () => now }, retry: { baseDelayMs: 1000 } });
    await expect(client.listWorkspaces({ deadlineMs: now + 100 })).rejects.toMatchObject({ kind: 'server', attempts: 1 });
  });

  it('retries network errors and then fails with GONG_SERVER_ERROR (kind network)', async () => {
    const server = await fake((_req, reply) => sendJson(reply, 200, {}));
    const closedUrl = server.baseUrl;
    await server.close();
    gong = undefined;
    const { client, permits } = testClient(closedUrl, { retry: { maxAttempts: 2 } });
    await expect(client.listWorkspaces()).rejects.toMatchObject({ code: ErrorCode.GONG_SERVER_ERROR, kind: 'network' });
    expect(permits.statuses()).toEqual(['network-error', 'network-error']);
  });

  it('times out with GONG_TIMEOUT and reports the timeout', async () => {
    const server = await fake(() => new Promise(() => undefined)); // never answers
    const { client, permits } = testClient(server.baseUrl, { timeoutMs: 100 });
    await expect(client.listWorkspaces()).rejects.toMatchObject({ code: ErrorCode.GONG_TIMEOUT, kind: 'timeout' });
    expect(permits.statuses()).toEqual(['timeout']);
  });

  it('rejects invalid JSON as GONG_BAD_RESPONSE', async () => {
    const server = await fake((_req, reply) => sendJson(reply, 200, '{"requestId":"r","workspaces":[{"id":1},'));
    const { client } = testClient(server.baseUrl);
    await expect(client.listWorkspaces()).rejects.toMatchObject({ code: ErrorCode.GONG_BAD_RESPONSE, status: 200 });
  });

  it('rejects a body cut off mid-stream as GONG_BAD_RESPONSE and reports the status', async () => {
    const server = await fake((_req, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'application/json', 'content-length': '4000' });
      reply.raw.write('{"requestId":"r","records":{"totalRecords":3,');
      setImmediate(() => reply.raw.destroy());
    });
    const { client, permits } = testClient(server.baseUrl);
    await expect(client.getUsersPage()).rejects.toMatchObject({
      code: ErrorCode.GONG_BAD_RESPONSE,
      kind: 'bad-response',
      status: 200,
    });
    expect(permits.statuses()).toEqual([200]);
  });

  it("reports the permit once Gong's status line is in, before the body has arrived", async () => {
    let finish: () => void = () => undefined;
    const server = await fake((_req, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'application/json' });
      reply.raw.write('{"requestId":"r","workspaces":[');
      finish = () => reply.raw.end('{"id":"1","name":"W","description":null}]}');
    });
    const { client, permits } = testClient(server.baseUrl);
    const pending = client.listWorkspaces();
    // the broker holds the token live until the report: it must not wait for a long body
    while (permits.reported.length === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(permits.statuses()).toEqual([200]);
    finish();
    await expect(pending).resolves.toHaveLength(1);
    expect(permits.reported).toHaveLength(1);
  });

  it('does not follow redirects (they would drop the Authorization header)', async () => {
    const server = await fake((_req, reply) => reply.code(302).header('location', 'https://us-12345.api.gong.io/v2/workspaces').send());
    const { client } = testClient(server.baseUrl);
    const error = await rejectionOf(client.listWorkspaces());
    expect(error).toMatchObject({ code: ErrorCode.GONG_BAD_RESPONSE, status: 302 });
    expect((error as GongError).message).toContain('https://us-12345.api.gong.io');
  });

  it('lets the caller abort, still reporting the permit', async () => {
    const server = await fake(() => new Promise(() => undefined));
    const { client, permits } = testClient(server.baseUrl);
    const controller = new AbortController();
    const pending = client.listWorkspaces({ signal: controller.signal });
    setImmediate(() => controller.abort(new Error('caller gave up')));
    await expect(pending).rejects.toThrow('caller gave up');
    expect(permits.reported).toHaveLength(1);
  });
});

describe('GongClient: permits and metrics', () => {
  it('acquires and reports one permit per request, and calls onRequest for each', async () => {
    let n = 0;
    const server = await fake((req, reply) => {
      n += 1;
      if (n === 1) return sendJson(reply, 503, {});
      if (n === 3) return sendJson(reply, 429, {});
      if (req.path === '/v2/users') return sendJson(reply, 200, pageBody('users', [{ id: '1' }], req.query.cursor ? undefined : 'u2'));
      return sendJson(reply, 200, { requestId: 'r', workspaces: [] });
    });
    const events: GongRequestEvent[] = [];
    const { client, permits } = testClient(server.baseUrl, { onRequest: (e) => events.push(e) });
    await client.listWorkspaces({ priority: 'interactive' }); // 503 then 200
    await expect(client.listWorkspaces()).rejects.toMatchObject({ kind: 'rate-limited' }); // 429
    await collect(client.withPriority('backfill').listUsers()); // 2 pages
    expect(server.requests).toHaveLength(5);
    expect(permits.acquired).toHaveLength(5);
    expect(permits.reported).toHaveLength(5);
    expect(permits.acquired.map((a) => [a.priority, a.endpoint, a.cost])).toEqual([
      ['interactive', 'GET /v2/workspaces', 1],
      ['interactive', 'GET /v2/workspaces', 1],
      ['sync', 'GET /v2/workspaces', 1],
      ['backfill', 'GET /v2/users', 1],
      ['backfill', 'GET /v2/users', 1],
    ]);
    expect(permits.reported.map((r) => r.permit.id)).toEqual(['permit-1', 'permit-2', 'permit-3', 'permit-4', 'permit-5']);
    expect(events.map((e) => [e.endpoint, e.status, e.priority])).toEqual([
      ['GET /v2/workspaces', 503, 'interactive'],
      ['GET /v2/workspaces', 200, 'interactive'],
      ['GET /v2/workspaces', 429, 'sync'],
      ['GET /v2/users', 200, 'backfill'],
      ['GET /v2/users', 200, 'backfill'],
    ]);
    expect(events.every((e) => e.durationMs >= 0)).toBe(true);
  });

  it('sends no request when the permit is refused', async () => {
    const server = await fake((_req, reply) => sendJson(reply, 200, {}));
    const refused = new AppError(ErrorCode.QUOTA_EXHAUSTED, 'daily budget spent');
    const { client } = testClient(server.baseUrl, {
      permits: { acquire: () => Promise.reject(refused), report: async () => undefined },
    });
    await expect(client.listWorkspaces()).rejects.toBe(refused);
    expect(server.requests).toHaveLength(0);
  });

  it('sends Basic auth and JSON headers', async () => {
    const server = await fake((_req, reply) => sendJson(reply, 200, { callAccessList: [{ callId: 1, users: [{ userId: 2 }] }] }));
    const { client } = testClient(server.baseUrl);
    await expect(client.getCallsUsersAccess(['1'])).resolves.toEqual([{ callId: '1', users: [{ userId: '2' }] }]);
    const seen = server.requests[0];
    expect(seen.headers.authorization).toBe(
      `Basic ${Buffer.from('AKEY-4f1c2d3e4f5a6b7c:SECRET-eyJhbGciOiJIUzI1NiJ9-9d8c7b6a5f4e').toString('base64')}`,
    );
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.body).toEqual({ filter: { callIds: ['1'] } });
  });
});

describe('GongClient: every endpoint sends the spec request', () => {
  const empty = { records: { totalRecords: 0, currentPageSize: 0, currentPageNumber: 0 } };
  const answers: Record<string, unknown> = {
    '/v2/users/extensive': { ...empty, users: [] },
    '/v2/users/234599484848423': { user: { id: '234599484848423' } },
    '/v2/all-permission-profiles': { profiles: [] },
    '/v2/permission-profile': { profile: { id: '3843152912968920037' } },
    '/v2/permission-profile/users': { users: [] },
    '/v2/settings/trackers': { keywordTrackers: [] },
    '/v2/calls/extensive': { ...empty, calls: [] },
    '/v2/calls/users-access': { callAccessList: [] },
  };
  type Client = ReturnType<typeof testClient>['client'];
  const cases: Array<[string, (c: Client) => Promise<unknown>, Record<string, unknown>]> = [
    [
      'users/extensive',
      (c) => collect(c.listUsersExtensive({ userIds: ['1'], includeAvatars: false })),
      { method: 'POST', path: '/v2/users/extensive', query: {}, body: { filter: { userIds: ['1'], includeAvatars: false } } },
    ],
    ['user', (c) => c.getUser('234599484848423'), { method: 'GET', path: '/v2/users/234599484848423', query: {} }],
    [
      'all-permission-profiles',
      (c) => c.listPermissionProfiles('623457276584334'),
      { method: 'GET', path: '/v2/all-permission-profiles', query: { workspaceId: '623457276584334' } },
    ],
    [
      'permission-profile',
      (c) => c.getPermissionProfile('3843152912968920037'),
      { method: 'GET', path: '/v2/permission-profile', query: { profileId: '3843152912968920037' } },
    ],
    [
      'permission-profile/users',
      (c) => c.listPermissionProfileUsers('3843152912968920037'),
      { method: 'GET', path: '/v2/permission-profile/users', query: { profileId: '3843152912968920037' } },
    ],
    [
      'settings/trackers',
      (c) => c.listKeywordTrackers('623457276584334'),
      { method: 'GET', path: '/v2/settings/trackers', query: { workspaceId: '623457276584334' } },
    ],
    [
      'users-access',
      (c) => c.getCallsUsersAccess(['7782342274025937895']),
      { method: 'POST', path: '/v2/calls/users-access', body: { filter: { callIds: ['7782342274025937895'] } } },
    ],
  ];

  it.each(cases)('%s', async (_name, run, expected) => {
    const server = await fake((req, reply) => sendJson(reply, 200, answers[req.path] ?? {}));
    const { client } = testClient(server.baseUrl);
    await expect(run(client)).resolves.toBeDefined();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject(expected);
  });

  it('extensiveForCalls batches 150 ids into 2 requests with the content selector', async () => {
    const server = await fake((req, reply) => sendJson(reply, 200, answers[req.path]));
    const { client } = testClient(server.baseUrl);
    const ids = Array.from({ length: 150 }, (_, i) => String(1000 + i));
    const selector = { context: 'Extended' as const, contextTiming: ['Now' as const, 'TimeOfCall' as const], exposedFields: { parties: true } };
    await collect(client.extensiveForCalls(ids, selector));
    expect(server.requests.map((r) => r.body)).toEqual([
      { filter: { callIds: ids.slice(0, 100) }, contentSelector: selector },
      { filter: { callIds: ids.slice(100) }, contentSelector: selector },
    ]);
  });

  it('sends nothing for users-access of no calls', async () => {
    const { client, permits } = testClient('http://127.0.0.1:9');
    await expect(client.getCallsUsersAccess([])).resolves.toEqual([]);
    expect(permits.acquired).toHaveLength(0);
  });
});
