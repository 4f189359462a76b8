import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_TOKEN, USERS, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';

/** Revoking a token closes its open `/v1/events` streams within the token cache time (AGENT_API_TOKEN_CACHE_MS). */
describe('GET /v1/events after the token is revoked', () => {
  let app: AgentApiTestApp;

  beforeAll(async () => {
    app = await startAgentApi({ AGENT_API_TOKEN_CACHE_MS: '300' });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('sends an error event and closes the stream; a token still valid keeps its stream', async () => {
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const created = (await (await fetch(`${app.service.url}/admin/tokens`, { method: 'POST', headers: admin, body: JSON.stringify({ user: USERS.alice.email }) })).json()) as { id: string; token: string };
    const other = await app.token({ user: USERS.bob.email });
    const open = async (token: string) => {
      const res = await fetch(`${app.service.url}/v1/events`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      await reader.read(); // ': connected'
      return reader;
    };
    const revoked = await open(created.token);
    const kept = await open(other);
    const revoke = await fetch(`${app.service.url}/admin/tokens/${created.id}/revoke`, { method: 'POST', headers: admin, body: '{}' });
    expect(revoke.status).toBeLessThan(300);
    // The stream ends by itself (the jest timeout bounds the wait): read to its end.
    let text = '';
    for (;;) {
      const { done, value } = await revoked.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toContain('event: error');
    expect(text).toContain('UNAUTHENTICATED');
    // The other user's stream is still open: REST with the same token works, and the stream was not ended.
    await expect(fetch(`${app.service.url}/v1/me`, { headers: { authorization: `Bearer ${other}` } }).then((r) => r.status)).resolves.toBe(200);
    await kept.cancel();
  });
});
