import { describe, expect, it } from '@jest/globals';
import { startAgentApi } from '../../test/agent-api.fixture.js';

interface Readiness {
  status: string;
  dependencies: Record<string, { status: string; error?: string }>;
}

describe('agent-api checks the search index at start and in /health/ready', () => {
  it('reports the PostgreSQL index as search-index, up', async () => {
    const app = await startAgentApi();
    try {
      const res = await fetch(`${app.service.url}/health/ready`);
      const body = (await res.json()) as Readiness;
      expect(res.status).toBe(200);
      expect(body.dependencies['search-index']).toMatchObject({ status: 'up' });
    } finally {
      await app.close();
    }
  });

  it('stays up but not ready while Elasticsearch cannot be reached, naming it (no 500s, no secret in the report)', async () => {
    const app = await startAgentApi({
      ELASTICSEARCH_URL: 'http://127.0.0.1:1',
      ELASTICSEARCH_MAX_RETRIES: '0',
      ELASTICSEARCH_REQUEST_TIMEOUT_MS: '500',
      ELASTICSEARCH_API_KEY: 'c2VjcmV0LWtleS12YWx1ZQ==',
    });
    try {
      const res = await fetch(`${app.service.url}/health/ready`);
      const body = (await res.json()) as Readiness;
      expect(res.status).toBe(503);
      expect(body.dependencies['search-index']).toMatchObject({ status: 'down', error: expect.stringContaining('Elasticsearch') });
      expect(JSON.stringify(body)).not.toContain('c2VjcmV0LWtleS12YWx1ZQ');
      expect(app.logs.text).toContain('search index not ready');
      expect(app.logs.text).not.toContain('c2VjcmV0LWtleS12YWx1ZQ');
      const live = await fetch(`${app.service.url}/health/live`);
      expect(live.status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
