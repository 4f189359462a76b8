import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Flow, FlowInstance } from '../company/company.model.js';
import { GongHttpError } from '../http/gong-http.error.js';
import { gongRoute } from '../http/gong-route.js';
import { gongId, parseInput, queryBoolean } from '../http/request.validation.js';
import type { SimContext } from '../sim/sim.context.js';

const OPEN: ReadonlyArray<FlowInstance['status']> = ['Pending', 'Running', 'Paused'];

/** Engage flows: list for an owner, flows assigned to prospects, assignment of prospects. */
export function registerFlowsRoutes(app: FastifyInstance, ctx: SimContext): void {
  const ListQuery = z.object({
    flowOwnerEmail: z.string().min(1),
    cursor: z.string().optional(),
    workspaceId: gongId.optional(),
    folderId: gongId.optional(),
    mostRecentlyAssigned: queryBoolean.optional(),
  });
  const ProspectsBody = z
    .object({ crmProspectsIds: z.array(z.string().min(1)).optional(), flowInstanceIds: z.array(gongId).optional() })
    .refine((b) => Boolean(b.crmProspectsIds?.length) !== Boolean(b.flowInstanceIds?.length), 'send either crmProspectsIds or flowInstanceIds');
  const AssignBody = z.object({
    crmProspectsIds: z.array(z.string().min(1)).min(1).max(100, 'at most 100 prospects per request'),
    flowId: gongId,
    flowInstanceOwnerEmail: z.string().min(1),
    overrides: z
      .object({
        steps: z.array(z.object({ number: z.number().int(), subject: z.string().optional(), body: z.string().optional() })).optional(),
        flowInstanceVariables: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
        coolOffOverride: z.boolean().optional(),
      })
      .optional(),
    flowInstanceDescription: z.string().optional(),
  });

  const flowDto = (f: Flow) => ({
    id: f.id,
    name: f.name,
    folderId: f.folderId,
    folderName: f.folderName,
    visibility: f.visibility,
    creationDate: ctx.time.format(f.creationDate),
    exclusive: f.exclusive,
  });
  const assignedDto = (i: FlowInstance) => {
    const flow = ctx.store.flow(i.flowId)!;
    const owner = ctx.store.user(i.ownerUserId)!;
    return {
      flowId: flow.id,
      flowName: flow.name,
      crmProspectId: i.crmProspectId,
      flowInstanceId: i.id,
      flowInstanceOwnerEmail: owner.emailAddress,
      flowInstanceOwnerFullName: `${owner.firstName} ${owner.lastName}`,
      flowInstanceCreateDate: ctx.time.format(i.created),
      flowInstanceStatus: i.status,
      workspaceId: flow.workspaceId,
      exclusive: flow.exclusive,
    };
  };

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/flows',
    scope: 'api:flows:read',
    handler: (req) => {
      const raw = req.query as Record<string, unknown>;
      const q = parseInput(ListQuery, raw, 'query');
      const owner = ctx.store.userByEmail(q.flowOwnerEmail);
      if (!owner) throw GongHttpError.badRequest('flowOwnerEmail: no Gong user with this email');
      let flows = ctx.store.data.flows.filter(
        (f) =>
          (f.visibility === 'Company' || f.ownerUserId === owner.id || f.sharedWithUserIds.includes(owner.id)) &&
          (!q.workspaceId || f.workspaceId === q.workspaceId) &&
          (!q.folderId || f.folderId === q.folderId),
      );
      if (q.mostRecentlyAssigned) {
        const latest = new Map<string, number>();
        for (const i of ctx.store.data.flowInstances) if (i.ownerUserId === owner.id) latest.set(i.flowId, Math.max(latest.get(i.flowId) ?? 0, i.created));
        flows = flows.filter((f) => latest.has(f.id)).sort((a, b) => latest.get(b.id)! - latest.get(a.id)!).slice(0, 20);
      }
      const { cursor: _c, ...request } = raw;
      const page = ctx.paginator.page('GET /v2/flows', request, q.cursor, flows, ctx.settings.pageSize);
      return { records: page.records, flows: page.items.map(flowDto) };
    },
  });

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/flows/prospects',
    scope: 'api:flows:read',
    handler: (req) => {
      const body = parseInput(ProspectsBody, req.body, 'body');
      const instances = body.crmProspectsIds
        ? ctx.store.data.flowInstances.filter((i) => body.crmProspectsIds!.includes(i.crmProspectId) && OPEN.includes(i.status))
        : ctx.store.data.flowInstances.filter((i) => body.flowInstanceIds!.includes(i.id));
      return { prospectsAssigned: instances.map(assignedDto) };
    },
  });

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/flows/prospects/assign',
    scope: 'api:flows:write',
    handler: (req) => {
      const body = parseInput(AssignBody, req.body, 'body');
      const flow = ctx.store.flow(body.flowId);
      if (!flow) throw GongHttpError.notFound('Flow not found');
      const owner = ctx.store.userByEmail(body.flowInstanceOwnerEmail);
      if (!owner) throw GongHttpError.badRequest('flowInstanceOwnerEmail: no Gong user with this email');
      const assigned: FlowInstance[] = [];
      const notAssigned: Array<Record<string, string>> = [];
      for (const crmId of body.crmProspectsIds) {
        if (!ctx.store.contact(crmId)) {
          notAssigned.push({ flowId: flow.id, crmProspectId: crmId, errorCode: 'InvalidArgument', errorMessage: 'Prospect not found in the CRM' });
          continue;
        }
        const open = ctx.store.data.flowInstances.filter((i) => i.crmProspectId === crmId && OPEN.includes(i.status));
        const blocking = open.find((i) => i.flowId === flow.id || ctx.store.flow(i.flowId)?.exclusive || flow.exclusive);
        if (blocking && !body.overrides?.coolOffOverride) {
          notAssigned.push({ flowId: flow.id, crmProspectId: crmId, errorCode: 'InvalidState', errorMessage: 'Prospect is already in an open flow that does not allow another' });
          continue;
        }
        const instance: FlowInstance = { id: ctx.store.ids.next(), flowId: flow.id, crmProspectId: crmId, ownerUserId: owner.id, created: ctx.clock.now(), status: 'Pending' };
        ctx.store.data.flowInstances.push(instance);
        assigned.push(instance);
      }
      return { prospectsAssigned: assigned.map(assignedDto), prospectsNotAssigned: notAssigned };
    },
  });
}
