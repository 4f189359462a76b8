import { afterEach, describe, expect, it } from '@jest/globals';
import { ErrorCode } from '@gong-connector/contracts';
import { GongClient } from '../client/gong.client.js';
import { pageBody, sendJson, startFakeGong, type FakeGong, type SeenRequest } from '../../test/fake-gong.server.js';
import { RecordingPermits } from '../../test/recording.permits.js';
import { rejectionOf } from '../../test/test-client.factory.js';
import type { OAuthTokens, TokenStore } from './token-store.port.js';

const CLIENT_ID = 'client-id-1234';
const CLIENT_SECRET = 'client-secret-5678-abcdef';
const OLD: OAuthTokens = { accessToken: 'old-access-token-aaaa', refreshToken: 'old-refresh-token-bbbb' };

/** A store that logs into the shared timeline and takes a few turns of the event loop to save. */
class SlowStore implements TokenStore {
  readonly saved: OAuthTokens[] = [];
  loads = 0;
  constructor(
    private tokens: OAuthTokens,
    private readonly log: string[],
    /** Tokens another process wrote, returned from the second load on. */
    private readonly rotatedElsewhere?: OAuthTokens,
  ) {}

  async load(): Promise<OAuthTokens> {
    this.loads += 1;
    if (this.loads > 1 && this.rotatedElsewhere !== undefined) return { ...this.rotatedElsewhere };
    return { ...this.tokens };
  }

  async save(tokens: OAuthTokens): Promise<void> {
    this.log.push(`save:start ${tokens.refreshToken}`);
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
    this.tokens = { ...tokens };
    this.saved.push({ ...tokens });
    this.log.push(`save:done ${tokens.refreshToken}`);
  }
}

let gong: FakeGong | undefined;
afterEach(async () => {
  await gong?.close();
  gong = undefined;
});

interface Setup {
  server: FakeGong;
  client: GongClient;
  permits: RecordingPermits;
  store: SlowStore;
  log: string[];
}

/**
 * A fake Gong whose token endpoint hands out `new-access-token`/`new-refresh-token` and a tenant
 * host (`<base>/tenant`), and whose API accepts only `validToken` (or answers with `api`).
 */
async function setup(options: {
  api?: (req: SeenRequest) => { status: number; body: unknown } | Promise<{ status: number; body: unknown }>;
  token?: (req: SeenRequest) => { status: number; body: unknown };
  tokens?: OAuthTokens;
  rotatedElsewhere?: OAuthTokens;
  now?: number;
}): Promise<Setup> {
  const log: string[] = [];
  const server = await startFakeGong(async (req, reply) => {
    if (req.path === '/oauth2/generate-customer-token') {
      log.push(`token ${req.query.refresh_token}`);
      const answer = options.token?.(req) ?? {
        status: 200,
        body: {
          access_token: 'new-access-token-cccc',
          refresh_token: 'new-refresh-token-dddd',
          expires_in: 3600,
          token_type: 'Bearer',
          scope: 'api:calls:read:basic',
          api_base_url_for_customer: `${server.baseUrl}/tenant/`,
        },
      };
      return sendJson(reply, answer.status, answer.body);
    }
    log.push(`api ${req.path} ${String(req.headers.authorization)}`);
    const answer = (await options.api?.(req)) ??
      (req.headers.authorization === 'Bearer new-access-token-cccc'
        ? { status: 200, body: { requestId: 'ok', workspaces: [{ id: '1' }] } }
        : { status: 401, body: { requestId: 'no', errors: ['Access denied'] } });
    return sendJson(reply, answer.status, answer.body);
  });
  gong = server;
  const store = new SlowStore(options.tokens ?? OLD, log, options.rotatedElsewhere);
  const permits = new RecordingPermits();
  const now = options.now ?? 1_700_000_000_000;
  const client = new GongClient({
    baseUrl: server.baseUrl,
    auth: {
      kind: 'oauth',
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      tokenStore: store,
      oauthBaseUrl: server.baseUrl,
    },
    permits,
    priority: 'sync',
    clock: { now: () => now },
    sleep: async () => undefined,
  });
  return { server, client, permits, store, log };
}

describe('OAuth', () => {
  it('refreshes on a 401 and saves the new tokens before the retried request is sent', async () => {
    const { server, client, permits, store, log } = await setup({});
    await expect(client.listWorkspaces()).resolves.toEqual([{ id: '1' }]);
    expect(log).toEqual([
      'api /v2/workspaces Bearer old-access-token-aaaa',
      'token old-refresh-token-bbbb',
      'save:start new-refresh-token-dddd',
      'save:done new-refresh-token-dddd',
      'api /tenant/v2/workspaces Bearer new-access-token-cccc',
    ]);
    expect(store.saved).toEqual([
      {
        accessToken: 'new-access-token-cccc',
        refreshToken: 'new-refresh-token-dddd',
        expiresAt: 1_700_000_000_000 + 3_600_000,
        apiBaseUrl: `${server.baseUrl}/tenant`,
        scope: 'api:calls:read:basic',
      },
    ]);
    const tokenRequest = server.requests[1];
    expect(tokenRequest.method).toBe('POST');
    expect(tokenRequest.query).toEqual({ grant_type: 'refresh_token', refresh_token: 'old-refresh-token-bbbb' });
    expect(tokenRequest.headers.authorization).toBe(
      `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
    );
    expect(permits.acquired.map((a) => a.endpoint)).toEqual([
      'GET /v2/workspaces',
      'POST /oauth2/generate-customer-token',
      'GET /v2/workspaces',
    ]);
    expect(permits.statuses()).toEqual([401, 200, 200]);
  });

  it('refreshes once for many concurrent 401s (single-flight)', async () => {
    const held: Array<() => void> = [];
    let oldTokenRequests = 0;
    const { client, log, store } = await setup({
      api: (req) => {
        if (req.headers.authorization === 'Bearer new-access-token-cccc') {
          return { status: 200, body: { requestId: 'ok', workspaces: [] } };
        }
        oldTokenRequests += 1;
        // Hold every 401 until all five requests are in flight, so they fail together.
        return new Promise((resolve) => {
          held.push(() => resolve({ status: 401, body: { errors: ['Access denied'] } }));
          if (held.length === 5) held.forEach((release) => release());
        });
      },
    });
    const calls = Array.from({ length: 5 }, () => client.listWorkspaces());
    await expect(Promise.all(calls)).resolves.toHaveLength(5);
    expect(oldTokenRequests).toBe(5);
    expect(log.filter((line) => line.startsWith('token'))).toHaveLength(1);
    expect(store.saved).toHaveLength(1);
    const saveDone = log.indexOf('save:done new-refresh-token-dddd');
    const retried = log.map((line, i) => [line, i] as const).filter(([line]) => line.includes('new-access-token'));
    expect(retried).toHaveLength(5);
    expect(retried.every(([, i]) => i > saveDone)).toBe(true);
  });

  it('uses the new tokens for later calls without refreshing again', async () => {
    const { client, log } = await setup({});
    await client.listWorkspaces();
    await client.listWorkspaces();
    expect(log.filter((line) => line.startsWith('token'))).toHaveLength(1);
    expect(log.at(-1)).toBe('api /tenant/v2/workspaces Bearer new-access-token-cccc');
  });

  it('refreshes ahead of a known expiry', async () => {
    const { client, log } = await setup({ tokens: { ...OLD, expiresAt: 1_700_000_000_000 + 10_000 } });
    await expect(client.listWorkspaces()).resolves.toHaveLength(1);
    expect(log).toEqual([
      'token old-refresh-token-bbbb',
      'save:start new-refresh-token-dddd',
      'save:done new-refresh-token-dddd',
      'api /tenant/v2/workspaces Bearer new-access-token-cccc',
    ]);
  });

  it('adopts tokens another process already rotated instead of spending the refresh token', async () => {
    const { client, log } = await setup({
      rotatedElsewhere: { accessToken: 'new-access-token-cccc', refreshToken: 'rotated-refresh-token-eeee' },
    });
    await expect(client.listWorkspaces()).resolves.toHaveLength(1);
    expect(log).toEqual([
      'api /v2/workspaces Bearer old-access-token-aaaa',
      'api /v2/workspaces Bearer new-access-token-cccc',
    ]);
  });

  it('fails with GONG_AUTH_FAILED when the refresh token is refused, saving nothing', async () => {
    const { client, store } = await setup({
      token: () => ({ status: 400, body: { error: 'invalid_grant' } }),
    });
    await expect(client.listWorkspaces()).rejects.toMatchObject({
      code: ErrorCode.GONG_AUTH_FAILED,
      endpoint: 'POST /oauth2/generate-customer-token',
    });
    expect(store.saved).toEqual([]);
  });

  it('fails with GONG_AUTH_FAILED when the refreshed token is refused too (no loop)', async () => {
    const { client, log } = await setup({ api: () => ({ status: 401, body: { errors: ['Access denied'] } }) });
    await expect(client.listWorkspaces()).rejects.toMatchObject({ code: ErrorCode.GONG_AUTH_FAILED, status: 401 });
    expect(log.filter((line) => line.startsWith('token'))).toHaveLength(1);
    expect(log.filter((line) => line.startsWith('api'))).toHaveLength(2);
  });

  it('rejects a token answer without an access token as GONG_BAD_RESPONSE', async () => {
    const { client, store } = await setup({ token: () => ({ status: 200, body: { refresh_token: 'x-refresh-9999' } }) });
    const error = await rejectionOf(client.listWorkspaces());
    expect(error).toMatchObject({ code: ErrorCode.GONG_BAD_RESPONSE, details: [{ path: 'response.access_token' }] });
    expect(store.saved).toEqual([]);
  });

  it('pages with the bearer token too', async () => {
    const { client } = await setup({
      api: (req) =>
        req.headers.authorization === 'Bearer new-access-token-cccc'
          ? { status: 200, body: pageBody('users', [{ id: 7 }]) }
          : { status: 401, body: {} },
    });
    const users = [];
    for await (const page of client.listUsers()) users.push(...page.items);
    expect(users).toEqual([{ id: '7' }]);
  });
});
