import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../sim/sim.context.js';
import { OAuthError } from './oauth.service.js';

/**
 * The OAuth endpoints Gong serves on app.gong.io: `/oauth2/authorize` (approves at once, as if the
 * technical administrator clicked "Allow") and `/oauth2/generate-customer-token` (parameters in the
 * query string or a form body, client credentials in HTTP Basic). Not rate limited.
 */
export function registerOAuthRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/oauth2/authorize', async (req, reply) => {
    try {
      const location = ctx.oauth.authorize(req.query as Record<string, string>);
      return reply.redirect(location, 302);
    } catch (e) {
      if (e instanceof OAuthError) return reply.code(e.status).send({ error: e.error, error_description: e.description });
      throw e;
    }
  });

  app.post('/oauth2/generate-customer-token', async (req, reply) => {
    const params: Record<string, string | undefined> = { ...(req.query as Record<string, string>) };
    if (req.body && typeof req.body === 'object') {
      for (const [k, v] of Object.entries(req.body as Record<string, unknown>)) if (typeof v === 'string') params[k] = v;
    }
    try {
      const tokens = ctx.oauth.exchange(params, req.headers.authorization);
      return reply.header('cache-control', 'no-store').send(tokens);
    } catch (e) {
      if (e instanceof OAuthError) return reply.code(e.status).send({ error: e.error, error_description: e.description });
      throw e;
    }
  });
}
