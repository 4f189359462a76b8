import type { AccessFilter, CallIndexedV1, SubscriptionScope } from '@gong-connector/contracts';
import type { CallFacts } from '../filter/call-facts.schema.js';
import { matchesFilter } from '../filter/access-filter.matcher.js';
import type { ManagerHierarchy } from '../hierarchy/manager-hierarchy.js';

/** A service identity's scope with its teams resolved to the hosts they hold. */
export interface ServiceAudience {
  kind: 'service';
  allCalls: boolean;
  workspaceIds: ReadonlySet<string>;
  hostUserIds: ReadonlySet<string>;
  includePrivate: boolean;
}

/**
 * Who receives an event: a user (their access filter) or a service identity (its scope). The one
 * check behind outbound webhooks, SSE and internal NATS consumers of `call.indexed`.
 */
export type EventAudience = { kind: 'user'; filter: AccessFilter } | ServiceAudience;

/** Resolves a scope's teams (lead plus everyone below them, transitively) against the manager graph. */
export function resolveServiceScope(scope: SubscriptionScope, hierarchy: Pick<ManagerHierarchy, 'descendantsOf'>): ServiceAudience {
  const hosts = new Set<string>(scope.userIds);
  for (const lead of scope.teamLeadIds) {
    hosts.add(lead);
    for (const id of hierarchy.descendantsOf(lead)) hosts.add(id);
  }
  return {
    kind: 'service',
    allCalls: scope.calls === 'all',
    workspaceIds: new Set(scope.workspaceIds),
    hostUserIds: hosts,
    includePrivate: scope.includePrivate,
  };
}

/**
 * The access facts a `call.indexed` event carries. An event without `isPrivate` (published before
 * it existed) counts as private: the narrower reading, so such an event reaches only the call's
 * own host and participants unless the caller decides from the replica instead.
 */
export function callIndexedFacts(event: Pick<CallIndexedV1, 'callId' | 'workspaceId' | 'hostUserId' | 'participantUserIds' | 'isPrivate'>): CallFacts {
  return {
    callId: event.callId,
    workspaceId: event.workspaceId,
    hostUserId: event.hostUserId,
    participantUserIds: [...event.participantUserIds],
    isPrivate: event.isPrivate ?? true,
  };
}

/** May this audience receive an event about a call with these facts? Pure; no I/O. */
export function audienceMayReceive(audience: EventAudience, facts: CallFacts): boolean {
  if (audience.kind === 'user') return matchesFilter(audience.filter, facts);
  if (facts.isPrivate && !audience.includePrivate) return false;
  if (audience.allCalls) return true;
  if (facts.workspaceId !== null && audience.workspaceIds.has(facts.workspaceId)) return true;
  return facts.hostUserId !== null && audience.hostUserIds.has(facts.hostUserId);
}
