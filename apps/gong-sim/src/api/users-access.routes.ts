import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GongHttpError, NO_CALLS_FOUND } from '../http/gong-http.error.js';
import { gongRoute } from '../http/gong-route.js';
import { gongId, parseInput } from '../http/request.validation.js';
import type { SimContext } from '../sim/sim.context.js';

/**
 * Individual call access granted through the API: read (POST, as the spec has it), add (PUT),
 * remove (DELETE). Only API grants are listed; access through profiles or shares is not.
 */
export function registerUsersAccessRoutes(app: FastifyInstance, ctx: SimContext): void {
  const GetBody = z.object({ filter: z.object({ callIds: z.array(gongId).min(1).max(ctx.settings.maxCallIds) }) });
  const ChangeBody = z.object({ callAccessList: z.array(z.object({ callId: gongId, userIds: z.array(gongId) })).min(1) });
  const grants = ctx.store.data.usersAccess;

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/calls/users-access',
    scope: 'api:call-user-access:read',
    handler: (req) => {
      const { filter } = parseInput(GetBody, req.body, 'body');
      const known = [...new Set(filter.callIds)].filter((id) => ctx.store.call(id));
      if (known.length === 0) throw GongHttpError.notFound(NO_CALLS_FOUND);
      return { callAccessList: known.map((callId) => ({ callId, users: (grants.get(callId) ?? []).map((userId) => ({ userId })) })) };
    },
  });

  const validate = (list: Array<{ callId: string; userIds: string[] }>) => {
    const problems: string[] = [];
    for (const entry of list) {
      if (!ctx.store.call(entry.callId)) problems.push(`callId ${entry.callId}: call not found`);
      for (const u of entry.userIds) if (!ctx.store.user(u)) problems.push(`userId ${u}: user not found`);
    }
    if (problems.length) throw new GongHttpError(400, problems);
  };

  gongRoute(app, {
    method: 'PUT',
    specPath: '/v2/calls/users-access',
    scope: 'api:call-user-access:write',
    handler: (req) => {
      const { callAccessList } = parseInput(ChangeBody, req.body, 'body');
      validate(callAccessList);
      for (const { callId, userIds } of callAccessList) {
        const current = grants.get(callId) ?? [];
        for (const u of userIds) if (!current.includes(u)) current.push(u);
        if (current.length) grants.set(callId, current);
      }
      return {};
    },
  });

  gongRoute(app, {
    method: 'DELETE',
    specPath: '/v2/calls/users-access',
    scope: 'api:call-user-access:write',
    handler: (req) => {
      const { callAccessList } = parseInput(ChangeBody, req.body, 'body');
      validate(callAccessList);
      for (const { callId, userIds } of callAccessList) {
        const left = (grants.get(callId) ?? []).filter((u) => !userIds.includes(u));
        if (left.length) grants.set(callId, left);
        else grants.delete(callId);
      }
      return {};
    },
  });
}
