import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { toGroundTruth, toTranscriptTruth } from '../company/ground-truth.mapper.js';
import type { SimContext } from '../sim/sim.context.js';
import { gongId, isoDateTime } from '../http/request.validation.js';

const CompleteCallBody = z
  .object({
    accountId: z.string().optional(),
    hostUserId: gongId.optional(),
    isPrivate: z.boolean().optional(),
    phase: z.enum(['discovery', 'demo', 'pricing', 'security', 'follow-up', 'internal']).optional(),
    durationSeconds: z.number().int().min(60).max(4 * 3600).optional(),
    waitForWebhooks: z.boolean().optional(),
  })
  .strict();

const WebhookRuleBody = z
  .object({
    url: z.string().url(),
    auth: z.enum(['jwt', 'url-key']).optional(),
    filter: z
      .object({
        workspaceId: z.string().optional(),
        primaryUserIds: z.array(z.string()).optional(),
        scope: z.enum(['Internal', 'External', 'Unknown']).optional(),
        excludePrivate: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const ReplayBody = z
  .object({
    callIds: z.array(z.string()).optional(),
    fromDateTime: isoDateTime.optional(),
    toDateTime: isoDateTime.optional(),
    limit: z.number().int().positive().optional(),
    isTest: z.boolean().optional(),
  })
  .strict();

const QuotaBody = z
  .object({ usedToday: z.number().int().nonnegative().optional(), ratePerSecond: z.number().int().positive().optional(), dailyLimit: z.number().int().positive().optional() })
  .strict();

/**
 * The simulator's own surface under /__sim (not Gong's API): no Gong auth, not rate limited.
 */
export function registerAdminRoutes(app: FastifyInstance, ctx: SimContext): void {
  const bad = (message: string) => ({ error: 'Bad Request', message });
  const parse = <S extends z.ZodType>(schema: S, body: unknown): { ok: true; value: z.output<S> } | { ok: false; message: string } => {
    const r = schema.safeParse(body ?? {});
    return r.success ? { ok: true, value: r.data } : { ok: false, message: r.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ') };
  };

  app.get('/__sim/health', async () => ({ ok: true }));

  app.get('/__sim/stats', async () => {
    const deliveries = ctx.webhooks.deliveries();
    return {
      ...ctx.stats.snapshot(),
      quota: ctx.limiter.usage(),
      webhooks: {
        rules: ctx.webhooks.rules().length,
        delivered: deliveries.filter((d) => d.outcome === 'delivered').length,
        failed: deliveries.filter((d) => d.outcome === 'failed').length,
        dropped: deliveries.filter((d) => d.outcome === 'dropped').length,
      },
    };
  });

  app.post('/__sim/stats/reset', async () => {
    ctx.stats.reset();
    return { ok: true };
  });

  // The change requests Gong received, in order (GongSim.writeRequests over HTTP, for a sim in a process of its own).
  app.get('/__sim/writes', async () => ({ writes: ctx.writes.entries() }));

  // Engage's state as the sim holds it (flows, flow instances, CRM contacts): ground truth for tests and benchmarks, never served by the Gong API.
  app.get('/__sim/engage', async () => {
    const d = ctx.store.data;
    return { flows: d.flows, flowInstances: d.flowInstances, contacts: d.contacts };
  });

  app.get('/__sim/quota', async () => ctx.limiter.usage());
  app.put('/__sim/quota', async (req, reply) => {
    const r = parse(QuotaBody, req.body);
    if (!r.ok) return reply.code(400).send(bad(r.message));
    if (r.value.ratePerSecond || r.value.dailyLimit) ctx.limiter.setLimits({ perSecond: r.value.ratePerSecond, perDay: r.value.dailyLimit });
    if (r.value.usedToday !== undefined) ctx.limiter.setUsedToday(r.value.usedToday);
    return ctx.limiter.usage();
  });
  app.post('/__sim/quota/reset', async () => {
    ctx.limiter.reset();
    return ctx.limiter.usage();
  });

  app.post('/__sim/calls', async (req, reply) => {
    const r = parse(CompleteCallBody, req.body);
    if (!r.ok) return reply.code(400).send(bad(r.message));
    const { accountId, hostUserId, isPrivate, phase, durationSeconds, waitForWebhooks } = r.value;
    if (accountId && !ctx.store.account(accountId)) return reply.code(404).send({ error: 'Not Found', message: `unknown account ${accountId}` });
    if (hostUserId) {
      const host = ctx.store.user(hostUserId);
      if (!host || host.isAvatar) return reply.code(404).send({ error: 'Not Found', message: `unknown user ${hostUserId}` });
      if (!host.active) return reply.code(400).send(bad(`user ${hostUserId} is inactive and cannot host calls`));
    }
    const done = ctx.completeCall({ accountCrmId: accountId, hostUserId, isPrivate, phase, duration: durationSeconds });
    const deliveries = waitForWebhooks ? await done.webhooks : undefined;
    return reply.code(201).send({
      callId: done.call.id,
      call: ctx.mapper.basic(done.call),
      transcriptReadyAt: new Date(done.call.transcriptReadyAt).toISOString(),
      webhookRules: ctx.webhooks.rules().length,
      ...(deliveries ? { deliveries } : {}),
    });
  });

  app.delete('/__sim/calls/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    return ctx.store.deleteCall(id) ? reply.code(204).send() : reply.code(404).send({ error: 'Not Found', message: `unknown call ${id}` });
  });

  app.get('/__sim/company', async (req) => {
    const q = req.query as { calls?: string };
    return toGroundTruth(ctx.store, { includeCalls: q.calls !== 'false' });
  });

  app.get('/__sim/calls/:id/transcript-truth', async (req, reply) => {
    const { id } = req.params as { id: string };
    const call = ctx.store.call(id);
    if (!call) return reply.code(404).send({ error: 'Not Found', message: `unknown call ${id}` });
    return toTranscriptTruth(call, ctx.content.transcript(call));
  });

  app.get('/__sim/webhook-public-key', async (req, reply) => {
    const q = req.query as { format?: string };
    if (q.format === 'der') return reply.type('text/plain').send(ctx.signer.publicKeyBase64Der);
    return reply.type('application/x-pem-file').send(ctx.signer.publicKeyPem);
  });

  app.get('/__sim/webhooks', async () => ({ rules: ctx.webhooks.rules() }));
  app.post('/__sim/webhooks', async (req, reply) => {
    const r = parse(WebhookRuleBody, req.body);
    if (!r.ok) return reply.code(400).send(bad(r.message));
    return reply.code(201).send(ctx.webhooks.addRule(r.value));
  });
  app.delete('/__sim/webhooks/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    return ctx.webhooks.removeRule(id) ? reply.code(204).send() : reply.code(404).send({ error: 'Not Found', message: `no rule ${id}` });
  });
  app.get('/__sim/webhooks/deliveries', async () => ({ deliveries: ctx.webhooks.deliveries() }));
  app.post('/__sim/webhooks/replay', async (req, reply) => {
    const r = parse(ReplayBody, req.body);
    if (!r.ok) return reply.code(400).send(bad(r.message));
    const { callIds, fromDateTime, toDateTime, limit, isTest } = r.value;
    const ids = callIds ? new Set(callIds) : undefined;
    let calls = ctx.store.data.calls.filter(
      (c) => (!ids || ids.has(c.id)) && (fromDateTime === undefined || c.started >= fromDateTime) && (toDateTime === undefined || c.started < toDateTime),
    );
    if (limit) calls = calls.slice(0, limit);
    const deliveries = [];
    for (const call of calls) deliveries.push(...(await ctx.webhooks.dispatch(call, isTest ?? false)));
    return { calls: calls.length, deliveries };
  });

  app.get('/__sim/faults', async () => ctx.faults.current());
  app.put('/__sim/faults', async (req, reply) => {
    try {
      return ctx.faults.set((req.body ?? {}) as never);
    } catch (e) {
      const issues = (e as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues;
      return reply.code(400).send(bad(issues ? issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ') : (e as Error).message));
    }
  });
  app.delete('/__sim/faults', async () => {
    ctx.faults.clear();
    return ctx.faults.current();
  });
}
