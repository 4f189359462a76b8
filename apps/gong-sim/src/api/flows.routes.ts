import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Flow, FlowInstance } from '../company/company.model.js';
import { GongHttpError } from '../http/gong-http.error.js';
import { gongRoute } from '../http/gong-route.js';
import { gongId, parseInput, queryBoolean } from '../http/request.validation.js';
import type { SimContext } from '../sim/sim.context.js';
import { assignProspects } from './flow.assigner.js';
import { registerFlowAssignmentRoutes } from './flow-assignment.routes.js';

import { OPEN_FLOW_STATUSES as OPEN } from './flow.assigner.js';

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

  const FoldersQuery = z.object({
    flowFolderOwnerEmail: z.string().min(1),
    cursor: z.string().optional(),
    parentId: gongId.optional(),
    workspaceId: gongId.optional(),
  });
  const StepsBody = z.object({ flowIds: z.array(gongId).min(1).max(20, 'at most 20 flow ids per request') });

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/flows/folders',
    scope: 'api:flows:read',
    handler: (req) => {
      const raw = req.query as Record<string, unknown>;
      const q = parseInput(FoldersQuery, raw, 'query');
      const owner = ctx.store.userByEmail(q.flowFolderOwnerEmail);
      if (!owner) throw GongHttpError.badRequest('flowFolderOwnerEmail: no Gong user with this email');
      // Folders are flat here: a parentId lists nothing below it.
      const folders = new Map<string, Flow>();
      for (const f of ctx.store.data.flows) {
        const visible = f.visibility === 'Company' || f.ownerUserId === owner.id || f.sharedWithUserIds.includes(owner.id);
        if (visible && (!q.workspaceId || f.workspaceId === q.workspaceId) && !q.parentId && !folders.has(f.folderId)) folders.set(f.folderId, f);
      }
      const { cursor: _c, ...request } = raw;
      const page = ctx.paginator.page('GET /v2/flows/folders', request, q.cursor, [...folders.values()], ctx.settings.pageSize);
      return {
        records: page.records,
        flows: page.items.map((f) => ({ id: f.folderId, name: f.folderName, visibility: f.visibility, creationDate: ctx.time.format(f.creationDate), exclusive: false })),
      };
    },
  });

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/flows/steps',
    scope: 'api:flows:read',
    handler: (req) => {
      const body = parseInput(StepsBody, req.body, 'body');
      const flows = body.flowIds.map((id) => ctx.store.flow(id)).filter((f): f is Flow => Boolean(f));
      if (flows.length === 0) throw GongHttpError.notFound('Flows not found');
      return { flows: flows.map((f) => ({ ...flowDto(f), folderName: undefined, description: `${f.name} sequence`, steps: flowSteps(f) })) };
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

  for (const specPath of ['/v2/flows/prospects/assign', '/v2/flows/prospects/assign/cool-off-override']) {
    const coolOff = specPath.endsWith('cool-off-override');
    gongRoute(app, {
      method: 'POST',
      specPath,
      scope: 'api:flows:write',
      handler: (req) => {
        const body = parseInput(AssignBody, req.body, 'body');
        // The older variant assigns regardless of the cool-off status.
        const { assigned, notAssigned } = assignProspects(ctx, coolOff ? { ...body, overrides: { ...body.overrides, coolOffOverride: true } } : body);
        return { prospectsAssigned: assigned.map(assignedDto), prospectsNotAssigned: notAssigned };
      },
    });
  }

  registerFlowAssignmentRoutes(app, ctx);
}

const STEP_ACTIONS = ['AUTO_SEND_EMAIL', 'CALL', 'SEND_EMAIL', 'LINKEDIN_CONNECT'] as const;

/** A flow's steps, derived from its id (stable across runs): an email, a call, a reply, a LinkedIn step. */
function flowSteps(flow: Flow): Array<Record<string, unknown>> {
  return STEP_ACTIONS.map((action, i) => ({
    id: `${flow.id.slice(0, -2)}${String(10 + i)}`,
    stepOrder: i + 1,
    action,
    ...(action.endsWith('EMAIL') ? { subject: i === 0 ? `${flow.name}: quick question` : `Re: ${flow.name}: quick question`, body: 'Hi {{first_name}}, ...' } : {}),
    isReply: action === 'SEND_EMAIL',
  }));
}
