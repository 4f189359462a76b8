import type { FastifyInstance } from 'fastify';
import { gongRoute } from '../http/gong-route.js';
import type { SimContext } from '../sim/sim.context.js';

/** GET /v2/workspaces. */
export function registerWorkspacesRoutes(app: FastifyInstance, ctx: SimContext): void {
  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/workspaces',
    scope: 'api:workspaces:read',
    authFailureStatus: 403,
    handler: () => ({
      workspaces: ctx.store.data.workspaces.map((w) => ({ id: w.id, name: w.name, description: w.description })),
    }),
  });
}
