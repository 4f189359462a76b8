import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FlowInstance } from '../company/company.model.js';
import { GongHttpError } from '../http/gong-http.error.js';
import { GongReply, gongRoute } from '../http/gong-route.js';
import { gongId, parseInput } from '../http/request.validation.js';
import type { SimContext } from '../sim/sim.context.js';
import { assignProspects, OPEN_FLOW_STATUSES } from './flow.assigner.js';

interface BulkProspect {
  firstName?: string | undefined;
  lastName?: string | undefined;
  email?: string | undefined;
  jobTitle?: string | undefined;
  linkedInUrl?: string | undefined;
  crmId?: string | undefined;
  accountCrmId?: string | undefined;
  companyName?: string | undefined;
}

interface BulkAssignment {
  id: string;
  submittedAt: number;
  results: Array<{ prospect: BulkProspect; status: 'CRM_OPERATION_FAILED' | 'FLOW_ASSIGNMENT_FAILED' | 'ASSIGNED'; crmId?: string; flowInstanceId?: string; errorCode?: string; errorMessage?: string }>;
}

/**
 * Engage writes besides the plain assignment: bulk assignment (up to 50 prospects, answered 202 and
 * processed asynchronously: PENDING, IN_PROGRESS, then COMPLETED, polled by id) and unassignment by
 * CRM id (optionally one flow) or by flow instance ids. Unassigned instances leave the open list.
 */
export function registerFlowAssignmentRoutes(app: FastifyInstance, ctx: SimContext): void {
  const bulk = new Map<string, BulkAssignment>();
  const Prospect = z.object({
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    email: z.string().optional(),
    jobTitle: z.string().optional(),
    linkedInUrl: z.string().optional(),
    crmId: z.string().min(1).optional(),
    accountCrmId: z.string().optional(),
    companyName: z.string().optional(),
  });
  const BulkBody = z.object({
    flowInstanceOwnerEmail: z.string().min(1),
    flowId: gongId,
    prospects: z
      .array(Prospect.refine((p) => p.crmId !== undefined || (p.firstName && p.lastName), 'firstName and lastName are required when crmId is not provided'))
      .min(1)
      .max(50, 'at most 50 prospects per bulk assignment'),
  });
  const ByCrmId = z.object({ crmProspectId: z.string().min(1), flowId: gongId.optional(), unassignedByUserEmail: z.string().optional() });
  const ByInstance = z.object({ flowInstanceIds: z.array(gongId).min(1), unassignedByUserEmail: z.string().optional() });

  const unassigner = (email: string | undefined): void => {
    if (email !== undefined && !ctx.store.userByEmail(email)) throw GongHttpError.badRequest('unassignedByUserEmail: no Gong user with this email');
  };
  const remove = (match: (i: FlowInstance) => boolean): string[] => {
    const gone = ctx.store.data.flowInstances.filter((i) => OPEN_FLOW_STATUSES.includes(i.status) && match(i));
    for (const instance of gone) ctx.store.data.flowInstances.splice(ctx.store.data.flowInstances.indexOf(instance), 1);
    return gone.map((i) => i.id);
  };

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/flows/prospects/bulk-assignments',
    scope: 'api:flows:write',
    handler: (req) => {
      const body = parseInput(BulkBody, req.body, 'body');
      if (!ctx.store.flow(body.flowId)) throw GongHttpError.notFound('Flow not found');
      if (!ctx.store.userByEmail(body.flowInstanceOwnerEmail)) throw GongHttpError.badRequest('flowInstanceOwnerEmail: no Gong user with this email');
      const results: BulkAssignment['results'] = body.prospects.map((prospect) => {
        if (!prospect.crmId || !ctx.store.contact(prospect.crmId)) {
          return { prospect, status: 'CRM_OPERATION_FAILED', errorCode: 'InvalidArgument', errorMessage: 'Prospect could not be found or created in the CRM' };
        }
        const { assigned, notAssigned } = assignProspects(ctx, { crmProspectsIds: [prospect.crmId], flowId: body.flowId, flowInstanceOwnerEmail: body.flowInstanceOwnerEmail });
        if (assigned[0]) return { prospect, status: 'ASSIGNED', crmId: prospect.crmId, flowInstanceId: assigned[0].id };
        return { prospect, status: 'FLOW_ASSIGNMENT_FAILED', crmId: prospect.crmId, errorCode: notAssigned[0]!.errorCode, errorMessage: notAssigned[0]!.errorMessage };
      });
      const job: BulkAssignment = { id: ctx.store.ids.next(), submittedAt: ctx.clock.now(), results };
      bulk.set(job.id, job);
      return new GongReply(202, bulkDto(job));
    },
  });

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/flows/prospects/bulk-assignments/{id}',
    scope: 'api:flows:read',
    handler: (req) => {
      const { id } = req.params as { id: string };
      const job = bulk.get(id);
      if (!job) throw GongHttpError.notFound('Bulk assignment not found');
      return bulkDto(job);
    },
  });

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/flows/prospects/unassign-flows-by-crm-id',
    scope: 'api:flows:write',
    handler: (req) => {
      const body = parseInput(ByCrmId, req.body, 'body');
      unassigner(body.unassignedByUserEmail);
      if (body.flowId !== undefined && !ctx.store.flow(body.flowId)) throw GongHttpError.badRequest('flowId: flow not found');
      return { unassignedFlowInstanceIds: remove((i) => i.crmProspectId === body.crmProspectId && (body.flowId === undefined || i.flowId === body.flowId)) };
    },
  });

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/flows/prospects/unassign-flows-by-instance-id',
    scope: 'api:flows:write',
    handler: (req) => {
      const body = parseInput(ByInstance, req.body, 'body');
      unassigner(body.unassignedByUserEmail);
      return { unassignedFlowInstanceIds: remove((i) => body.flowInstanceIds.includes(i.id)) };
    },
  });

  function bulkDto(job: BulkAssignment): Record<string, unknown> {
    const total = ctx.settings.crmProcessingMs;
    const elapsed = ctx.clock.now() - job.submittedAt;
    const status = elapsed < total / 3 ? 'PENDING' : elapsed < total ? 'IN_PROGRESS' : 'COMPLETED';
    const done = status === 'COMPLETED';
    const processed = done ? job.results.length : status === 'IN_PROGRESS' ? Math.floor(job.results.length / 2) : 0;
    const shown = job.results.slice(0, processed);
    return {
      id: job.id,
      status,
      totalCount: job.results.length,
      processedCount: processed,
      successCount: shown.filter((r) => r.status === 'ASSIGNED').length,
      failedCount: shown.filter((r) => r.status !== 'ASSIGNED').length,
      results: shown,
    };
  }
}
