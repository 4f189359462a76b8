import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GongHttpError } from '../http/gong-http.error.js';
import { gongRoute } from '../http/gong-route.js';
import { gongId, isoDateTime, parseInput, queryBoolean } from '../http/request.validation.js';
import type { SimContext } from '../sim/sim.context.js';
import { toUserMetadata } from './user.mapper.js';

/** Users: GET /v2/users, GET /v2/users/{id}, POST /v2/users/extensive. */
export function registerUsersRoutes(app: FastifyInstance, ctx: SimContext): void {
  const slug = ctx.store.data.domain.split('.')[0];
  const map = (u: Parameters<typeof toUserMetadata>[0]) => toUserMetadata(u, ctx.time, slug);
  const ListQuery = z.object({ cursor: z.string().optional(), includeAvatars: queryBoolean.optional() });
  const ExtensiveBody = z.object({
    cursor: z.string().optional(),
    filter: z.object({
      createdFromDateTime: isoDateTime.optional(),
      createdToDateTime: isoDateTime.optional(),
      includeAvatars: z.boolean().optional(),
      userIds: z.array(gongId).optional(),
    }),
  });

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/users',
    scope: 'api:users:read',
    authFailureStatus: 403,
    handler: (req) => {
      const raw = req.query as Record<string, unknown>;
      const q = parseInput(ListQuery, raw, 'query');
      const users = ctx.store.data.users.filter((u) => q.includeAvatars || !u.isAvatar);
      const { cursor: _c, ...request } = raw;
      const page = ctx.paginator.page('GET /v2/users', request, q.cursor, users, ctx.settings.pageSize);
      return { records: page.records, users: page.items.map(map) };
    },
  });

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/users/{id}',
    scope: 'api:users:read',
    handler: (req) => {
      const { id } = req.params as { id: string };
      if (!/^\d{1,20}$/.test(id)) throw GongHttpError.badRequest('id: must be a numeric Gong id of up to 20 digits');
      const user = ctx.store.user(id);
      if (!user) throw GongHttpError.notFound('User not found');
      return { user: map(user) };
    },
  });

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/users/extensive',
    scope: 'api:users:read',
    handler: (req) => {
      const body = parseInput(ExtensiveBody, req.body, 'body');
      const f = body.filter;
      const ids = f.userIds ? new Set(f.userIds) : undefined;
      const users = ctx.store.data.users.filter(
        (u) =>
          (f.includeAvatars || !u.isAvatar) &&
          (!ids || ids.has(u.id)) &&
          (f.createdFromDateTime === undefined || u.created >= f.createdFromDateTime) &&
          (f.createdToDateTime === undefined || u.created < f.createdToDateTime),
      );
      if (users.length === 0) throw GongHttpError.notFound('No users found corresponding to the provided filters');
      const { cursor: _c, ...request } = (req.body ?? {}) as Record<string, unknown>;
      const page = ctx.paginator.page('POST /v2/users/extensive', request, body.cursor, users, ctx.settings.pageSize);
      return { records: page.records, users: page.items.map(map) };
    },
  });
}
