import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { User } from '../company/company.model.js';
import { GongHttpError } from '../http/gong-http.error.js';
import { gongRoute } from '../http/gong-route.js';
import { gongId, isoDateTime, parseInput } from '../http/request.validation.js';
import type { SimContext } from '../sim/sim.context.js';
import type { ActivityCounter } from '../transcript/coaching-figures.service.js';

/** Coaching metric name -> the manager's activity counter it lists (call ids of the report's hosted calls). */
const METRICS: Record<string, ActivityCounter> = {
  callsListened: 'othersCallsListenedTo',
  callsWithFeedback: 'callsGaveFeedback',
  callsCommented: 'callsCommentsGiven',
  callsScored: 'callsScorecardsFilled',
  callsMarkedAsFeedback: 'callsMarkedAsFeedbackGiven',
};

/**
 * GET /v2/coaching: a manager's coaching of each direct report over [from, to), as metric name ->
 * ids of the report's calls the manager listened to, gave feedback on, commented, scored.
 * Kebab-case query parameters, all required (spec).
 */
export function registerCoachingRoutes(app: FastifyInstance, ctx: SimContext): void {
  const Query = z.object({ 'workspace-id': gongId, 'manager-id': gongId, from: isoDateTime, to: isoDateTime });

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/coaching',
    scope: 'api:coaching:read',
    handler: (req) => {
      const q = parseInput(Query, req.query, 'query');
      if (q.from >= q.to) throw GongHttpError.badRequest('from: must be before to');
      if (!ctx.store.workspace(q['workspace-id'])) throw GongHttpError.notFound('Workspace not found');
      const manager = ctx.store.user(q['manager-id']);
      if (!manager) throw GongHttpError.notFound('User not found');
      const reports = ctx.store.data.users.filter((u) => u.managerId === manager.id && u.workspaceId === q['workspace-id'] && !u.isAvatar);
      const person = (u: User) => ({ id: u.id, emailAddress: u.emailAddress, firstName: u.firstName, lastName: u.lastName, title: u.title });
      const calls = ctx.figures.callsBetween(q.from, q.to);
      return {
        coachingData: [
          {
            manager: person(manager),
            directReportsMetrics: reports.map((r) => {
              const metrics: Record<string, string[]> = Object.fromEntries(Object.keys(METRICS).map((k) => [k, []]));
              for (const c of calls) {
                if (c.primaryUserId !== r.id) continue;
                for (const e of ctx.figures.activity(c)) {
                  if (e.userId !== manager.id) continue;
                  for (const [name, counter] of Object.entries(METRICS)) if (e.counter === counter && !metrics[name].includes(c.id)) metrics[name].push(c.id);
                }
              }
              return { report: person(r), metrics };
            }),
          },
        ],
      };
    },
  });
}
