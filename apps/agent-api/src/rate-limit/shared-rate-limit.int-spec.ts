import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ServiceHandle } from '@gong-connector/platform';
import { USERS, startAgentApi, startReplica, type AgentApiTestApp } from '../../test/agent-api.fixture.js';

/**
 * Two agent-api instances on one database (two replicas of the Deployment): one token's rate limit
 * is counted once, in PostgreSQL, so the 429 comes at the configured count wherever the requests
 * land, not at twice it.
 */
describe('per-token rate limit shared by replicas', () => {
  const LIMIT = 10;
  let first: AgentApiTestApp;
  let second: ServiceHandle;

  beforeAll(async () => {
    first = await startAgentApi({ AGENT_API_RATE_LIMIT: String(LIMIT), AGENT_API_RATE_WINDOW_MS: '3600000' });
    second = await startReplica(first);
  }, 60_000);

  afterAll(async () => {
    await second?.shutdown();
    await first?.close();
  });

  const me = (url: string, token: string) => fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });

  it('answers 429 at the configured count, requests alternating between the two instances', async () => {
    const token = await first.token({ user: USERS.alice.email });
    const remaining: string[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const res = await me(i % 2 === 0 ? first.service.url : second.url, token);
      expect(res.status).toBe(200);
      remaining.push(res.headers.get('ratelimit')!.split(';')[1]!);
    }
    // one count: each instance sees the other's requests
    expect(remaining).toEqual(Array.from({ length: LIMIT }, (_, i) => `r=${LIMIT - 1 - i}`));
    for (const url of [second.url, first.service.url]) {
      const refused = await me(url, token);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      await expect(refused.json()).resolves.toMatchObject({ error: { code: 'RATE_LIMITED' } });
    }
    // another token has a count of its own
    const other = await first.token({ user: USERS.alice.email });
    expect((await me(second.url, other)).status).toBe(200);
  });

  it('counts concurrent requests on both instances exactly (one atomic upsert each)', async () => {
    const token = await first.token({ user: USERS.alice.email });
    const answers = await Promise.all(Array.from({ length: 2 * LIMIT }, (_, i) => me(i % 2 === 0 ? first.service.url : second.url, token)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(LIMIT);
  });

  it('lets the token in again on every instance once its window has passed', async () => {
    const token = await first.token({ user: USERS.alice.email });
    for (let i = 0; i < LIMIT; i++) await me(first.service.url, token);
    expect((await me(second.url, token)).status).toBe(429);
    // the window ends (its stored expiry passes) instead of waiting an hour
    await first.db.database.query(`UPDATE api_rate_limits SET expire = $1 WHERE key LIKE 'token:%' AND points > $2`, [Date.now() - 1, LIMIT - 1]);
    const again = await me(second.url, token);
    expect(again.status).toBe(200);
    expect(again.headers.get('ratelimit')).toMatch(new RegExp(`^"per-token";r=${LIMIT - 1};t=\\d+$`));
  });
});
