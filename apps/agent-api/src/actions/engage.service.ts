import { AppError, ErrorCode } from '@gong-connector/contracts';
import type { AssignedFlow, GongClient } from '@gong-connector/gong-client';
import type { AccessRepository } from '@gong-connector/persistence';
import type {
  AssignFlowRequest,
  FlowsForProspectsRequest,
  ListFlowsRequest,
  ListTasksRequest,
  UnassignFlowRequest,
  UpdateTaskRequest,
} from '../api/api-request.schemas.js';
import type { Principal } from '../auth/principal.js';
import { ENGAGE_FOR_OTHERS, hasEngageRight, type EngageRight } from './engage-rights.js';
import type { GongWriteService, WriteAnswer } from './gong-write.service.js';

const OPEN_STATUSES = new Set(['Pending', 'Running', 'Paused']);
const sameEmail = (a: string | undefined | null, b: string | undefined | null): boolean => Boolean(a && b && a.toLowerCase() === b.toLowerCase());
const without = <T extends Record<string, unknown>>(input: T): Record<string, unknown> => {
  const { confirm: _c, idempotencyKey: _k, ...args } = input;
  return args;
};

/**
 * Engage for one user, live from Gong at interactive priority: flows they may use, the flows of
 * prospects (only their own flow instances unless they may act for others), their to-dos; and the
 * writes (assign and unassign flows, update a to-do) through `GongWriteService`. Acting for another
 * user (another flow owner, another user's to-dos) needs that user's Gong permission (the narrower
 * reading of the permission profile: see `hasEngageRight`); refusals name the missing right.
 */
export class EngageService {
  constructor(
    private readonly gong: () => Promise<GongClient>,
    private readonly writes: GongWriteService,
    private readonly access: AccessRepository,
  ) {}

  async listFlows(principal: Principal, q: ListFlowsRequest): Promise<{ flows: Record<string, unknown>[]; ownerEmail: string; nextCursor: string | null }> {
    const me = this.me(principal);
    const ownerEmail = q.ownerEmail ?? me.email;
    if (!sameEmail(ownerEmail, me.email)) await this.require(principal, 'assignFlows', `listing the flows of ${ownerEmail}`);
    const page = await (await this.gong()).getFlowsPage({ flowOwnerEmail: ownerEmail, workspaceId: q.workspaceId, folderId: q.folderId }, q.cursor === undefined ? {} : { cursor: q.cursor });
    return { flows: page.items.map((f) => ({ ...f })), ownerEmail, nextCursor: page.records.cursor ?? null };
  }

  async flowsForProspects(principal: Principal, q: FlowsForProspectsRequest): Promise<{ assignments: Record<string, unknown>[]; hiddenCount: number }> {
    const me = this.me(principal);
    const all = await (await this.gong()).getProspectsFlows({ crmProspectsIds: q.crmProspectIds });
    if (await this.has(principal, 'assignFlows')) return { assignments: all.map((a) => ({ ...a })), hiddenCount: 0 };
    const mine = all.filter((a) => sameEmail(a.flowInstanceOwnerEmail, me.email));
    return { assignments: mine.map((a) => ({ ...a })), hiddenCount: all.length - mine.length };
  }

  async listTasks(principal: Principal, q: ListTasksRequest): Promise<{ tasks: Record<string, unknown>[]; userId: string }> {
    const me = this.me(principal);
    const userId = q.userId ?? me.id;
    if (userId !== me.id) await this.require(principal, 'manageTasks', `listing the to-dos of user ${userId}`);
    const tasks = await (await this.gong()).listTasks({ userId, types: q.types ?? ['FLOW', 'MANUAL'], taskAction: ['CALL'], status: q.status ?? ['OPEN'] });
    return { tasks: tasks.map((t) => ({ ...t })), userId };
  }

  async assignFlow(principal: Principal, input: AssignFlowRequest): Promise<WriteAnswer> {
    const me = this.me(principal);
    const owner = input.ownerEmail ?? me.email;
    if (!sameEmail(owner, me.email)) await this.require(principal, 'assignFlows', `assigning a flow with ${owner} as the owner`);
    const prospects = [...new Set(input.crmProspectIds)];
    if (prospects.length > 100) throw new AppError(ErrorCode.VALIDATION_FAILED, 'crmProspectIds: at most 100 prospects per assignment', { details: [{ path: 'crmProspectIds', message: 'at most 100' }] });
    const request = {
      crmProspectsIds: prospects,
      flowId: input.flowId,
      flowInstanceOwnerEmail: owner,
      ...(input.coolOffOverride === undefined ? {} : { overrides: { coolOffOverride: input.coolOffOverride } }),
      ...(input.description === undefined ? {} : { flowInstanceDescription: input.description }),
    };
    return this.writes.run({
      tool: 'assign_flow',
      principal,
      args: without({ ...input, crmProspectIds: prospects, ownerEmail: owner }),
      confirm: input.confirm,
      idempotencyKey: input.idempotencyKey,
      preview: {
        summary: `Put ${prospects.length} prospect${prospects.length === 1 ? '' : 's'} into Engage flow ${input.flowId}, with ${owner} owning the flow to-dos`,
        actingFor: me.email,
        changes: prospects.map((p) => `${p}: assigned to flow ${input.flowId}${input.coolOffOverride ? ' (cool-off override)' : ''}`),
      },
      write: {
        send: async (gong) => {
          const r = await gong.assignProspectsToFlow(request);
          const { requestId, ...result } = r;
          return { result, gongRequestIds: requestId ? [requestId] : [] };
        },
        reconcile: async (gong) => {
          const found = (await gong.getProspectsFlows({ crmProspectsIds: prospects })).filter(
            (a) => a.flowId === input.flowId && sameEmail(a.flowInstanceOwnerEmail, owner) && OPEN_STATUSES.has(String(a.flowInstanceStatus)),
          );
          if (found.length === 0) return undefined;
          const assigned = new Set(found.map((a) => a.crmProspectId));
          return {
            result: {
              prospectsAssigned: found,
              prospectsNotAssigned: prospects.filter((p) => !assigned.has(p)).map((p) => ({ flowId: input.flowId, crmProspectId: p, errorCode: 'UnexpectedError', errorMessage: 'Not found in the flow after Gong did not answer in time' })),
            },
            gongRequestIds: [],
          };
        },
      },
    });
  }

  async unassignFlow(principal: Principal, input: UnassignFlowRequest): Promise<WriteAnswer> {
    const me = this.me(principal);
    const gong = await this.gong();
    const by = input.flowInstanceIds !== undefined ? { flowInstanceIds: input.flowInstanceIds } : { crmProspectsIds: [input.crmProspectId!] };
    const instances = (await gong.getProspectsFlows(by)).filter((a) => OPEN_STATUSES.has(String(a.flowInstanceStatus)) && (input.flowId === undefined || a.flowId === input.flowId));
    const others = instances.filter((a) => !sameEmail(a.flowInstanceOwnerEmail, me.email));
    if (others.length > 0) await this.require(principal, 'assignFlows', `taking prospects out of flows owned by ${[...new Set(others.map((a) => a.flowInstanceOwnerEmail))].join(', ')}`);
    if (instances.length === 0) throw new AppError(ErrorCode.NOT_FOUND, 'No open flow instance matches: flows_for_prospects lists the open ones');
    const ids = instances.map((a) => a.flowInstanceId);
    return this.writes.run({
      tool: 'unassign_flow',
      principal,
      args: without({ ...input }),
      confirm: input.confirm,
      idempotencyKey: input.idempotencyKey,
      preview: {
        summary: `Take ${instances.length} flow instance${instances.length === 1 ? '' : 's'} out of Engage (the prospects stop receiving these flows' steps)`,
        actingFor: me.email,
        changes: instances.map((a: AssignedFlow) => `${a.crmProspectId}: out of flow ${a.flowName ?? a.flowId} (instance ${a.flowInstanceId}, owner ${a.flowInstanceOwnerEmail ?? 'unknown'})`),
      },
      write: {
        send: async (g) => {
          const removed = await g.unassignFlows({ flowInstanceIds: ids }, me.email);
          return { result: { unassignedFlowInstanceIds: removed.unassignedFlowInstanceIds }, gongRequestIds: removed.requestId ? [removed.requestId] : [] };
        },
        reconcile: async (g) => {
          const open = (await g.getProspectsFlows({ flowInstanceIds: ids })).filter((a) => OPEN_STATUSES.has(String(a.flowInstanceStatus)));
          return open.length === 0 ? { result: { unassignedFlowInstanceIds: ids }, gongRequestIds: [] } : undefined;
        },
      },
    });
  }

  async updateTask(principal: Principal, input: UpdateTaskRequest): Promise<WriteAnswer> {
    const me = this.me(principal);
    const userId = input.userId ?? me.id;
    if (userId !== me.id) await this.require(principal, 'manageTasks', `changing a to-do of user ${userId}`);
    const update = { userId, status: input.status, dueDate: input.dueDate, priority: input.priority };
    const changes = [
      ...(input.status ? [`status -> ${input.status}`] : []),
      ...(input.dueDate ? [`due date -> ${input.dueDate}`] : []),
      ...(input.priority ? [`priority -> ${input.priority}`] : []),
    ];
    return this.writes.run({
      tool: 'update_task',
      principal,
      args: without({ ...input, userId }),
      confirm: input.confirm,
      idempotencyKey: input.idempotencyKey,
      preview: { summary: `Change to-do ${input.taskId} of user ${userId}: ${changes.join(', ')}`, actingFor: me.email, changes },
      write: {
        send: async (gong) => {
          const r = await gong.updateTask(input.taskId, update);
          return { result: { task: r.task ?? null }, gongRequestIds: r.requestId ? [r.requestId] : [] };
        },
        reconcile: async (gong) => {
          const tasks = await gong.listTasks({ userId, types: ['FLOW', 'MANUAL'], taskAction: ['CALL'], status: ['OPEN', 'DONE', 'DISMISSED'] });
          const task = tasks.find((t) => t.id === input.taskId);
          const applied =
            task !== undefined &&
            (input.status === undefined || task.status === input.status) &&
            (input.priority === undefined || task.priority?.name?.toLowerCase() === input.priority.toLowerCase()) &&
            (input.dueDate === undefined || (task.dueDate !== undefined && Date.parse(task.dueDate) === Date.parse(input.dueDate)));
          return applied ? { result: { task }, gongRequestIds: [] } : undefined;
        },
      },
    });
  }

  private me(principal: Principal): { id: string; email: string } {
    const user = principal.user;
    if (!user?.email) throw new AppError(ErrorCode.ACCESS_DENIED, `Engage acts for a Gong user with an email address; this token's user (${principal.subject}) is not known to the replica`);
    return { id: user.id, email: user.email };
  }

  private async has(principal: Principal, right: EngageRight): Promise<boolean> {
    return hasEngageRight(await this.access.listProfiles(), principal.user!.id, right);
  }

  private async require(principal: Principal, right: EngageRight, what: string): Promise<void> {
    if (!(await this.has(principal, right))) {
      throw new AppError(
        ErrorCode.ACCESS_DENIED,
        `${what} acts for another Gong user: that needs the Gong permission ${ENGAGE_FOR_OTHERS[right]} in your permission profile, which ${principal.user?.email ?? principal.subject} lacks`,
      );
    }
  }
}
