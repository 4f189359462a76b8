import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../sim/sim.context.js';
import { GongHttpError } from './gong-http.error.js';
import { sendGongJson } from './gong-route.js';
import { isWriteScope } from '../stats/write.log.js';

const PROXY_PAGES: Record<number, string> = {
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/**
 * What happens around every Gong API request, in Gong's order: a request id, authentication,
 * injected faults, the company's rate limits; then the handler; then body faults and stats.
 * Errors are answered as `{requestId, errors}`.
 */
export function installGongPipeline(app: FastifyInstance, ctx: SimContext): void {
  app.decorateRequest('gongRequestId', '');
  app.decorateRequest('gongScopes', undefined);

  app.addHook('onRequest', async (req) => {
    const gong = req.routeOptions.config.gong;
    if (!gong && !req.url.startsWith('/v2/')) return;
    req.gongRequestId = ctx.requestIds.next();
    const failStatus = gong?.authFailureStatus ?? 401;
    const auth = ctx.credentials.verify(req.headers.authorization);
    if (!auth.ok) throw new GongHttpError(failStatus, ['Access denied']);
    if (auth.kind === 'bearer') {
      req.gongScopes = auth.scopes;
      if (gong?.scope && !auth.scopes.has(gong.scope)) throw new GongHttpError(failStatus, [`Access denied: the token lacks the scope '${gong.scope}'`]);
    }
    const path = gong?.specPath ?? req.url.split('?')[0];
    const latency = ctx.faults.latencyFor(path);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const injected = ctx.faults.answerFor(path);
    if (injected?.kind === 'rate-limit') {
      throw new GongHttpError(429, ['API request limit exceeded'], { 'retry-after': String(injected.retryAfterSeconds) });
    }
    if (injected?.kind === 'status') {
      throw new GongHttpError(injected.status, ['Failed to complete the operation due to an unexpected error']);
    }
    const decision = ctx.limiter.tryAcquire();
    if (!decision.allowed) {
      throw new GongHttpError(429, ['API request limit exceeded'], { 'retry-after': String(decision.retryAfterSeconds) });
    }
  });

  app.addHook('preHandler', async (req) => {
    const gong = req.routeOptions.config.gong;
    if (!gong || req.method === 'GET' || !isWriteScope(gong.scope)) return;
    ctx.writes.record({ at: ctx.clock.now(), endpoint: `${req.method} ${gong.specPath}`, requestId: req.gongRequestId, body: structuredClone(req.body ?? null) });
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const gong = req.routeOptions.config.gong;
    if (!gong || reply.statusCode >= 300 || typeof payload !== 'string') return payload;
    const held = ctx.faults.slowAnswerFor(gong.specPath);
    if (held > 0) await new Promise((resolve) => setTimeout(resolve, held));
    return ctx.faults.corruptBody(gong.specPath, payload);
  });

  app.addHook('onResponse', async (req, reply) => {
    const url = req.routeOptions.url;
    if (url?.startsWith('/__sim')) return;
    const gong = req.routeOptions.config.gong;
    const endpoint = `${req.method} ${gong?.specPath ?? url ?? '(unmatched)'}`;
    ctx.stats.record(endpoint, reply.statusCode);
  });

  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/v2/')) {
      return sendGongJson(reply, 404, { requestId: req.gongRequestId || ctx.requestIds.next(), errors: ['Not found'] });
    }
    return reply.code(404).send({ error: 'Not Found', message: `${req.method} ${req.url.split('?')[0]} is not a simulator route` });
  });

  app.setErrorHandler((error: FastifyError | GongHttpError, req: FastifyRequest, reply: FastifyReply) => {
    const isGong = Boolean(req.routeOptions.config.gong) || req.url.startsWith('/v2/');
    if (error instanceof GongHttpError) {
      for (const [k, v] of Object.entries(error.headers)) reply.header(k, v);
      const page = PROXY_PAGES[error.status];
      if (page) {
        // What a load balancer in front of Gong answers: HTML, not JSON.
        return reply
          .code(error.status)
          .type('text/html')
          .send(`<html>\r\n<head><title>${error.status} ${page}</title></head>\r\n<body>\r\n<center><h1>${error.status} ${page}</h1></center>\r\n</body>\r\n</html>\r\n`);
      }
      if (!isGong) return reply.code(error.status).send({ error: error.errors.join('; ') });
      return sendGongJson(reply, error.status, { requestId: req.gongRequestId || ctx.requestIds.next(), errors: error.errors });
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) ctx.logger.error({ err: { message: error.message, stack: error.stack }, url: req.url }, 'unexpected error');
    const message = status === 500 ? 'Failed to complete the operation due to an unexpected error' : error.message;
    if (!isGong) return reply.code(status).send({ error: message });
    return sendGongJson(reply, status === 415 ? 400 : status, { requestId: req.gongRequestId || ctx.requestIds.next(), errors: [message] });
  });
}
