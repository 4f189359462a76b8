import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Contact, Task } from '../company/company.model.js';
import { GongHttpError } from '../http/gong-http.error.js';
import { int64 } from '../http/gong-json.serializer.js';
import { gongRoute } from '../http/gong-route.js';
import { gongId, isoDateTime, parseInput } from '../http/request.validation.js';
import type { SimContext } from '../sim/sim.context.js';

/** Engage tasks: list a user's tasks (POST /v2/tasks, as the spec has it) and update one. */
export function registerTasksRoutes(app: FastifyInstance, ctx: SimContext): void {
  const ListBody = z.object({
    filter: z.object({
      userId: gongId,
      workspaceId: gongId.optional(),
      types: z.array(z.enum(['FLOW', 'MANUAL'])).min(1),
      taskAction: z.array(z.enum(['CALL'])).min(1),
      status: z.array(z.enum(['OPEN', 'DONE', 'DISMISSED'])).min(1),
    }),
  });
  const UpdateBody = z.object({
    userId: gongId,
    status: z.enum(['OPEN', 'DONE', 'DISMISSED']).optional(),
    dueDate: isoDateTime.optional(),
    priority: z.string().optional(),
  });
  const sfBase = `https://${ctx.store.data.domain.split('.')[0]}.my.salesforce.com`;

  const contactDto = (c: Contact) => {
    const account = ctx.store.account(c.accountCrmId);
    return {
      crmId: c.crmId,
      type: 'CONTACT',
      data: {
        firstName: c.firstName,
        lastName: c.lastName,
        crmUrl: `${sfBase}/${c.crmId}`,
        ...(account ? { companyName: account.name } : {}),
        affiliation: 'Them',
        emails: [{ email: c.emailAddress }],
        title: c.title,
        timezone: 'America/New_York',
        phoneNumbers: c.phoneNumber ? [{ raw: c.phoneNumber, countryCode: 1, normalized: c.phoneNumber.replace(/[^+\d]/g, ''), label: 'work', isVerified: false }] : [],
        optOutChannels: [],
      },
    };
  };

  const taskDto = (t: Task) => {
    const account = t.accountCrmId ? ctx.store.account(t.accountCrmId) : undefined;
    const opp = t.opportunityCrmId ? ctx.store.opportunity(t.opportunityCrmId) : undefined;
    const contact = t.contactCrmId ? ctx.store.contact(t.contactCrmId) : undefined;
    const flow = t.flowId ? ctx.store.flow(t.flowId) : undefined;
    return {
      id: int64(t.id),
      userId: int64(t.userId),
      created: ctx.time.format(t.created),
      updated: ctx.time.format(t.updated),
      status: t.status,
      type: t.type,
      actions: ['CALL'],
      ...(account ? { account: { crmId: account.crmId, name: account.name, crmUrl: `${sfBase}/${account.crmId}` } } : {}),
      ...(opp
        ? {
            opportunity: {
              crmId: opp.crmId,
              name: opp.name,
              crmUrl: `${sfBase}/${opp.crmId}`,
              status: opp.stage === 'Closed Won' ? 'WON' : opp.stage === 'Closed Lost' ? 'LOST' : 'OPEN',
              stage: opp.stage,
              amount: String(opp.amount),
              probability: String(opp.probability),
              closeDate: opp.closeDate,
            },
          }
        : {}),
      dueDate: ctx.time.format(t.dueDate),
      ...(flow && t.flowStep ? { flow: { id: int64(flow.id), name: flow.name, step: { id: int64(t.flowStep.id), name: t.flowStep.name, stepNumber: t.flowStep.stepNumber } } } : {}),
      ...(contact ? { contact: contactDto(contact) } : {}),
      additionalContacts: t.additionalContactCrmIds.map((id) => ctx.store.contact(id)).filter((c): c is Contact => Boolean(c)).map(contactDto),
      title: t.title,
      priority: { id: int64(t.priority.id), name: t.priority.name, weight: t.priority.weight },
    };
  };

  gongRoute(app, {
    method: 'POST',
    specPath: '/v2/tasks',
    scope: 'api:tasks:read',
    authFailureStatus: 403,
    handler: (req) => {
      const { filter } = parseInput(ListBody, req.body, 'body');
      if (!ctx.store.user(filter.userId)) throw GongHttpError.badRequest('filter.userId: user not found');
      const tasks = ctx.store.data.tasks.filter(
        (t) => t.userId === filter.userId && (!filter.workspaceId || t.workspaceId === filter.workspaceId) && filter.types.includes(t.type) && filter.status.includes(t.status),
      );
      return { tasks: tasks.map(taskDto), crmType: 'SALESFORCE' };
    },
  });

  gongRoute(app, {
    method: 'PATCH',
    specPath: '/v2/tasks/{taskId}',
    scope: 'api:tasks:write',
    authFailureStatus: 403,
    handler: (req) => {
      const { taskId } = req.params as { taskId: string };
      if (!/^\d{1,20}$/.test(taskId)) throw GongHttpError.badRequest('taskId: must be an integer');
      const body = parseInput(UpdateBody, req.body, 'body');
      const task = ctx.store.task(taskId);
      if (!task || task.userId !== body.userId) throw GongHttpError.notFound('TaskId not found');
      if (body.priority !== undefined) {
        const priority = ctx.store.data.tasks.map((t) => t.priority).find((p) => p.name.toLowerCase() === body.priority!.toLowerCase() || p.id === body.priority);
        if (!priority) throw GongHttpError.badRequest('priority: unknown priority (High, Medium or Low)');
        task.priority = priority;
      }
      if (body.status) task.status = body.status;
      if (body.dueDate !== undefined) task.dueDate = body.dueDate;
      task.updated = ctx.clock.now();
      return { tasks: [taskDto(task)], crmType: 'SALESFORCE' };
    },
  });
}
