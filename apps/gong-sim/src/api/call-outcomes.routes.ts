import type { FastifyInstance } from 'fastify';
import { CALL_OUTCOMES } from '../company/call.factory.js';
import { gongRoute } from '../http/gong-route.js';
import type { SimContext } from '../sim/sim.context.js';

const SENTIMENT: Record<string, 'POSITIVE' | 'NEGATIVE' | 'NEUTRAL'> = { NOT_INTERESTED: 'NEGATIVE', LEFT_VOICEMAIL: 'NEUTRAL' };

/** GET /v2/call-outcomes: the outcomes the seeded calls carry (`content.callOutcome.name`), in display order. */
export function registerCallOutcomesRoutes(app: FastifyInstance, _ctx: SimContext): void {
  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/call-outcomes',
    scope: 'api:call-outcomes:read',
    handler: () => ({
      outcomes: CALL_OUTCOMES.map((o, i) => {
        const answered = o.category === 'Answered';
        return {
          callOutcome: o.name,
          displayOrder: i + 1,
          connectStatus: answered ? 'CONNECTED' : 'NOT_CONNECTED',
          sentiment: SENTIMENT[o.id] ?? 'POSITIVE',
          todoAction: 'COMPLETE',
          category: answered ? 'ANSWERED' : 'NOT_ANSWERED',
        };
      }),
    }),
  });
}
