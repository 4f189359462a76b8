import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../sim/sim.context.js';

/** Settings, stats, library, flows, CRM and tasks endpoints (registered in the next step). */
export function registerExtraRoutes(app: FastifyInstance, ctx: SimContext): void {
  void app;
  void ctx;
}
