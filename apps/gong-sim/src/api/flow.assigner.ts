import type { FlowInstance } from '../company/company.model.js';
import { GongHttpError } from '../http/gong-http.error.js';
import type { SimContext } from '../sim/sim.context.js';

/** Flow instances still running for their prospect (the ones `POST /v2/flows/prospects` by CRM id lists). */
export const OPEN_FLOW_STATUSES: ReadonlyArray<FlowInstance['status']> = ['Pending', 'Running', 'Paused'];

export interface AssignRequest {
  crmProspectsIds: string[];
  flowId: string;
  flowInstanceOwnerEmail: string;
  overrides?: { coolOffOverride?: boolean | undefined } | undefined;
}

export interface NotAssigned {
  flowId: string;
  crmProspectId: string;
  errorCode: string;
  errorMessage: string;
}

/**
 * Gong's flow assignment: an unknown flow is 404, an unknown owner 400; each prospect is assigned
 * or reported not assigned (unknown in the CRM; already open in this flow, or, without the cool-off
 * override, in an exclusive flow or next to one).
 */
export function assignProspects(ctx: SimContext, body: AssignRequest): { assigned: FlowInstance[]; notAssigned: NotAssigned[] } {
  const flow = ctx.store.flow(body.flowId);
  if (!flow) throw GongHttpError.notFound('Flow not found');
  const owner = ctx.store.userByEmail(body.flowInstanceOwnerEmail);
  if (!owner) throw GongHttpError.badRequest('flowInstanceOwnerEmail: no Gong user with this email');
  const assigned: FlowInstance[] = [];
  const notAssigned: NotAssigned[] = [];
  for (const crmId of body.crmProspectsIds) {
    if (!ctx.store.contact(crmId)) {
      notAssigned.push({ flowId: flow.id, crmProspectId: crmId, errorCode: 'InvalidArgument', errorMessage: 'Prospect not found in the CRM' });
      continue;
    }
    const open = ctx.store.data.flowInstances.filter((i) => i.crmProspectId === crmId && OPEN_FLOW_STATUSES.includes(i.status));
    const sameFlow = open.some((i) => i.flowId === flow.id);
    const exclusive = open.some((i) => ctx.store.flow(i.flowId)?.exclusive || flow.exclusive);
    if (sameFlow || (exclusive && !body.overrides?.coolOffOverride)) {
      notAssigned.push({ flowId: flow.id, crmProspectId: crmId, errorCode: 'InvalidState', errorMessage: 'Prospect is already in an open flow that does not allow another' });
      continue;
    }
    const instance: FlowInstance = { id: ctx.store.ids.next(), flowId: flow.id, crmProspectId: crmId, ownerUserId: owner.id, created: ctx.clock.now(), status: 'Pending' };
    ctx.store.data.flowInstances.push(instance);
    assigned.push(instance);
  }
  return { assigned, notAssigned };
}
