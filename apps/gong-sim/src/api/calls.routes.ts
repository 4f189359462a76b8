import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listKey } from '../company/company.store.js';
import { GongHttpError, NO_CALLS_FOUND } from '../http/gong-http.error.js';
import { GongRawReply, gongRoute } from '../http/gong-route.js';
import { gongId, isoDateTime, parseInput } from '../http/request.validation.js';
import type { SimContext } from '../sim/sim.context.js';
import type { ContentSelector } from './call-data.mapper.js';

const bool = z.boolean().optional();

const ContentSelectorSchema = z.object({
  context: z.enum(['None', 'Basic', 'Extended']).optional(),
  contextTiming: z.array(z.enum(['Now', 'TimeOfCall'])).optional(),
  exposedFields: z
    .object({
      parties: bool,
      content: z
        .object({ structure: bool, topics: bool, trackers: bool, trackerOccurrences: bool, pointsOfInterest: bool, brief: bool, outline: bool, highlights: bool, callOutcome: bool, keyPoints: bool })
        .optional(),
      interaction: z.object({ speakers: bool, video: bool, personInteractionStats: bool, questions: bool }).optional(),
      collaboration: z.object({ publicComments: bool }).optional(),
      media: bool,
    })
    .optional(),
});

function callFilter(maxCallIds: number) {
  return z.object({
    fromDateTime: isoDateTime.optional(),
    toDateTime: isoDateTime.optional(),
    workspaceId: gongId.optional(),
    callIds: z.array(gongId).max(maxCallIds, `at most ${maxCallIds} call ids per request`).optional(),
  });
}

/** Calls: list (GET /v2/calls), one call, extensive data, transcripts. */
export function registerCallsRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { settings } = ctx;
  const ListQuery = z.object({
    fromDateTime: isoDateTime.optional(),
    toDateTime: isoDateTime.optional(),
    workspaceId: gongId.optional(),
    cursor: z.string().optional(),
  });
  const ExtensiveBody = z.object({
    cursor: z.string().optional(),
    filter: callFilter(settings.maxCallIds).extend({ primaryUserIds: z.array(gongId).optional() }),
    contentSelector: ContentSelectorSchema.optional(),
  });
  const TranscriptBody = z.object({ cursor: z.string().optional(), filter: callFilter(settings.maxCallIds) });

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/calls',
    scope: 'api:calls:read:basic',
    handler: (req) => {
      const raw = req.query as Record<string, unknown>;
      const q = parseInput(ListQuery, raw, 'query');
      // For web conferences Gong filters /v2/calls on the *scheduled* time; otherwise on the start.
      const calls = ctx.store
        .callsInListOrder()
        .filter((c) => (!q.workspaceId || c.workspaceId === q.workspaceId) && inRange(listKey(c), q.fromDateTime, q.toDateTime));
      if (calls.length === 0) throw GongHttpError.notFound(NO_CALLS_FOUND);
      const { cursor: _c, ...request } = raw;
      const page = ctx.paginator.page('GET /v2/calls', request, q.cursor, calls, settings.pageSize);
      return { records: page.records, calls: page.items.map((c) => ctx.mapper.basic(c)) };
    },
  });

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/calls/{id}',
    scope: 'api:calls:read:basic',
    handler: (req) => {
      const { id } = req.params as { id: string };
      if (!/^\d{1,20}$/.test(id)) throw GongHttpError.badRequest('id: must be a numeric Gong id of up to 20 digits');
      const call = ctx.store.call(id);
      if (!call) throw GongHttpError.notFound('Call ID was not found');
      return { call: ctx.mapper.basic(call) };
    },
  });

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/calls/extensive',
    scope: 'api:calls:read:extensive',
    handler: (req) => {
      const body = parseInput(ExtensiveBody, req.body, 'body');
      if (body.contentSelector?.exposedFields?.media && req.gongScopes && !req.gongScopes.has('api:calls:read:media-url')) {
        throw new GongHttpError(401, ["Access denied: media URLs need the scope 'api:calls:read:media-url'"]);
      }
      const f = body.filter;
      const ids = f.callIds ? new Set(f.callIds) : undefined;
      const hosts = f.primaryUserIds?.length ? new Set(f.primaryUserIds) : undefined;
      const calls = ctx.store.data.calls.filter(
        (c) =>
          inRange(c.started, f.fromDateTime, f.toDateTime) &&
          (!f.workspaceId || c.workspaceId === f.workspaceId) &&
          (!ids || ids.has(c.id)) &&
          (!hosts || hosts.has(c.primaryUserId)),
      );
      if (calls.length === 0) throw GongHttpError.notFound(NO_CALLS_FOUND);
      const { cursor: _c, ...request } = (req.body ?? {}) as Record<string, unknown>;
      const page = ctx.paginator.page('POST /v2/calls/extensive', request, body.cursor, calls, settings.pageSize);
      const selector = body.contentSelector as ContentSelector | undefined;
      return { records: page.records, calls: page.items.map((c) => ctx.mapper.extensive(c, selector)) };
    },
  });

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/calls/transcript',
    scope: 'api:calls:read:transcript',
    handler: (req) => {
      const body = parseInput(TranscriptBody, req.body, 'body');
      const f = body.filter;
      const ids = f.callIds ? new Set(f.callIds) : undefined;
      const now = ctx.clock.now();
      const calls = ctx.store.data.calls.filter(
        (c) =>
          inRange(c.started, f.fromDateTime, f.toDateTime) &&
          (!f.workspaceId || c.workspaceId === f.workspaceId) &&
          (!ids || ids.has(c.id)) &&
          (settings.pendingTranscripts === 'empty' || c.transcriptReadyAt <= now),
      );
      if (calls.length === 0) throw GongHttpError.notFound(NO_CALLS_FOUND);
      const { cursor: _c, ...request } = (req.body ?? {}) as Record<string, unknown>;
      const page = ctx.paginator.page('POST /v2/calls/transcript', request, body.cursor, calls, settings.transcriptPageSize);
      // Transcripts are the big bodies (megabytes a page): written from per-call cached JSON.
      const transcripts = page.items.map((c) => (c.transcriptReadyAt > now ? JSON.stringify({ callId: c.id, transcript: [] }) : ctx.content.transcriptJson(c)));
      return new GongRawReply(200, `"records":${JSON.stringify(page.records)},"callTranscripts":[${transcripts.join(',')}]`);
    },
  });
}

function inRange(t: number, from: number | undefined, to: number | undefined): boolean {
  return (from === undefined || t >= from) && (to === undefined || t < to);
}
