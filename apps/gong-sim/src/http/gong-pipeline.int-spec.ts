import { afterEach, describe, expect, it } from '@jest/globals';
import { createTestSim, type TestSim, type Body } from '../../test/gong-sim.fixture.js';

let t: TestSim | undefined;
afterEach(async () => {
  await t?.sim.close();
  t = undefined;
});

describe('authentication', () => {
  it('accepts the Basic access key and rejects anything else with Gong\'s 401 body', async () => {
    t = await createTestSim();
    expect((await t.request('GET', '/v2/calls')).status).toBe(200);
    const wrong = `Basic ${Buffer.from(`${t.sim.credentials.accessKey}:nope`).toString('base64')}`;
    for (const authorization of [wrong, 'Bearer not-a-token', 'Digest x']) {
      const res = await t.request('GET', '/v2/calls', undefined, { authorization });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ requestId: expect.any(String), errors: ['Access denied'] });
    }
    const none = await fetch(`${t.sim.baseUrl}/v2/calls`);
    expect(none.status).toBe(401);
  });

  it('answers 403 where the spec documents 403 for bad credentials (/v2/users, /v2/workspaces)', async () => {
    t = await createTestSim();
    const res = await t.request('GET', '/v2/workspaces', undefined, { authorization: 'Basic eDp5' });
    expect(res.status).toBe(403);
    expect((await t.request('GET', '/v2/users', undefined, { authorization: 'Basic eDp5' })).status).toBe(403);
  });

  it('accepts Bearer tokens and enforces their scopes', async () => {
    t = await createTestSim();
    const tokens = t.sim.issueOAuthTokens(['api:calls:read:basic']);
    const bearer = { authorization: `Bearer ${tokens.access_token}` };
    expect((await t.request('GET', '/v2/calls', undefined, bearer)).status).toBe(200);
    const denied = await t.request('POST', '/v2/calls/transcript', { filter: {} }, bearer);
    expect(denied.status).toBe(401);
    expect(denied.json.errors[0]).toContain('api:calls:read:transcript');
    const extensive = { authorization: `Bearer ${t.sim.issueOAuthTokens(['api:calls:read:extensive']).access_token}` };
    const media = { filter: {}, contentSelector: { exposedFields: { media: true } } };
    expect((await t.request('POST', '/v2/calls/extensive', { filter: {} }, extensive)).status).toBe(200);
    expect((await t.request('POST', '/v2/calls/extensive', media, extensive)).status).toBe(401);
    const both = { authorization: `Bearer ${t.sim.issueOAuthTokens(['api:calls:read:extensive', 'api:calls:read:media-url']).access_token}` };
    expect((await t.request('POST', '/v2/calls/extensive', media, both)).json.calls[0].media.audioUrl).toMatch(/^http/);
    t.clock.advance(t.sim.settings.accessTokenTtlSeconds * 1000);
    expect((await t.request('GET', '/v2/calls', undefined, bearer)).status).toBe(401);
  });
});

describe('rate limits (company-wide, all credentials together)', () => {
  it('answers a burst past 3/s with 429 and a Retry-After, across Basic and Bearer', async () => {
    t = await createTestSim({ ratePerSecond: 3, dailyLimit: 10_000 });
    const bearer = { authorization: `Bearer ${t.sim.issueOAuthTokens().access_token}` };
    const statuses = [];
    statuses.push((await t.request('GET', '/v2/workspaces')).status);
    statuses.push((await t.request('GET', '/v2/workspaces', undefined, bearer)).status);
    statuses.push((await t.request('GET', '/v2/workspaces')).status);
    const limited = await t.request('GET', '/v2/workspaces', undefined, bearer);
    expect(statuses).toEqual([200, 200, 200]);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.json).toEqual({ requestId: expect.any(String), errors: ['API request limit exceeded'] });
    t.clock.advance(1000);
    expect((await t.request('GET', '/v2/workspaces')).status).toBe(200);
  });

  it('gives a long Retry-After once the day is spent', async () => {
    t = await createTestSim({ ratePerSecond: 1000, dailyLimit: 10_000 });
    t.sim.setQuotaUsed(10_000);
    const res = await t.request('GET', '/v2/calls');
    expect(res.status).toBe(429);
    // The manual clock is at 12:00 UTC: the day resets at midnight UTC, 12 hours on.
    expect(Number(res.headers.get('retry-after'))).toBe(12 * 3600);
    expect(t.sim.quota()).toMatchObject({ usedToday: 10_000, remainingToday: 0 });
  });

  it('does not rate-limit the admin surface', async () => {
    t = await createTestSim({ ratePerSecond: 1, dailyLimit: 10_000 });
    for (let i = 0; i < 5; i++) expect((await fetch(`${t.sim.baseUrl}/__sim/stats`)).status).toBe(200);
    expect(t.sim.quota().usedToday).toBe(0);
  });
});

describe('fault injection', () => {
  it.each([500, 502, 503, 504] as const)('answers injected %s errors, then serves again', async (status) => {
    t = await createTestSim();
    t.sim.setFaults({ errors: [{ status, rate: 1, remaining: 2 }] });
    const first = await t.request('GET', '/v2/calls');
    const second = await t.request('GET', '/v2/calls');
    const third = await t.request('GET', '/v2/calls');
    expect([first.status, second.status, third.status]).toEqual([status, status, 200]);
    if (status === 500) expect(first.json).toEqual({ requestId: expect.any(String), errors: [expect.any(String)] });
    else expect(first.text).toMatch(/<html>/);
  });

  it('applies error rates per path and proportionally', async () => {
    t = await createTestSim();
    t.sim.setFaults({ errors: [{ status: 503, rate: 0.5, paths: ['/v2/calls/extensive'] }] });
    expect((await t.request('GET', '/v2/calls')).status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 40; i++) statuses.push((await t.request('POST', '/v2/calls/extensive', { filter: {} })).status);
    const failed = statuses.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
  });

  it('adds latency', async () => {
    t = await createTestSim();
    t.sim.setFaults({ latency: { ms: 150 } });
    const started = performance.now();
    expect((await t.request('GET', '/v2/workspaces')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('runs a 429 storm with the given Retry-After whatever the quota says', async () => {
    t = await createTestSim();
    t.sim.setFaults({ rateLimitStorm: { retryAfterSeconds: 4800, remaining: 3 } });
    const res = await Promise.all([1, 2, 3].map(() => t!.request('GET', '/v2/workspaces')));
    expect(res.map((r) => r.status)).toEqual([429, 429, 429]);
    expect(res.map((r) => r.headers.get('retry-after'))).toEqual(['4800', '4800', '4800']);
    expect((await t.request('GET', '/v2/workspaces')).status).toBe(200);
  });

  it('truncates bodies and breaks JSON', async () => {
    t = await createTestSim();
    t.sim.setFaults({ truncatedBody: { remaining: 1 } });
    const cut = await t.request('GET', '/v2/workspaces');
    expect(cut.status).toBe(200);
    expect(cut.json).toBeUndefined();
    expect(cut.text.startsWith('{"requestId"')).toBe(true);
    t.sim.setFaults({ malformedJson: { remaining: 1 } });
    const broken = await t.request('GET', '/v2/workspaces');
    expect(broken.status).toBe(200);
    expect(() => JSON.parse(broken.text)).toThrow();
    expect((await t.request('GET', '/v2/workspaces')).json.workspaces).toBeDefined();
  });

  it('expires cursors early (shorter TTL, or all at once)', async () => {
    t = await createTestSim();
    t.sim.setFaults({ cursorTtlMs: 1000 });
    const page = await t.request('GET', '/v2/calls');
    t.clock.advance(1000);
    expect((await t.request('GET', `/v2/calls?cursor=${encodeURIComponent(page.json.records.cursor)}`)).status).toBe(400);
    t.sim.clearFaults();
    const again = await t.request('GET', '/v2/calls');
    t.sim.setFaults({ expireCursorsNow: true });
    const res = await t.request('GET', `/v2/calls?cursor=${encodeURIComponent(again.json.records.cursor)}`);
    expect(res.status).toBe(400);
    expect(res.json.errors[0]).toMatch(/expired/);
  });

  it('is driven over HTTP: PUT/GET/DELETE /__sim/faults, with 400 on a bad config', async () => {
    t = await createTestSim();
    const put = await fetch(`${t.sim.baseUrl}/__sim/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errors: [{ status: 502 }] }) });
    expect(put.status).toBe(200);
    expect((await t.request('GET', '/v2/calls')).status).toBe(502);
    expect((await fetch(`${t.sim.baseUrl}/__sim/faults`, { method: 'DELETE' })).status).toBe(200);
    expect((await t.request('GET', '/v2/calls')).status).toBe(200);
    const bad = await fetch(`${t.sim.baseUrl}/__sim/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errors: [{ status: 418 }] }) });
    expect(bad.status).toBe(400);
  });
});

describe('stats', () => {
  it('counts requests by endpoint and status, and resets', async () => {
    t = await createTestSim();
    await t.request('GET', '/v2/calls');
    await t.request('GET', '/v2/calls/1');
    await t.request('GET', '/v2/nothing-here');
    const stats = (await (await fetch(`${t.sim.baseUrl}/__sim/stats`)).json()) as Body;
    expect(stats.byEndpoint['GET /v2/calls']).toEqual({ '200': 1 });
    expect(stats.byEndpoint['GET /v2/calls/{id}']).toEqual({ '404': 1 });
    expect(stats.total).toBe(3);
    await fetch(`${t.sim.baseUrl}/__sim/stats/reset`, { method: 'POST' });
    expect(t.sim.stats().total).toBe(0);
  });
});
