import { Inject, Injectable } from '@nestjs/common';
import { audienceMayReceive, type CallFacts } from '@gong-connector/access-core';
import type { AccessFilter, CallIndexedV1 } from '@gong-connector/contracts';
import { CallReadRepository } from '@gong-connector/persistence';
import { canSeeCall } from '../calls/calls.service.js';

/**
 * May a user's SSE stream receive this `call.indexed`? Decided from the event's own facts (host,
 * participants, workspace, privacy, call id for grants) with the user's access filter, the rule
 * the search index applies, so no database read per event and client. An event published before
 * `isPrivate` existed says nothing about privacy: it is decided from the replica's copy of the
 * call instead, as before (a call the replica does not hold is not sent).
 */
@Injectable()
export class CallEventAccess {
  constructor(@Inject(CallReadRepository) private readonly calls: Pick<CallReadRepository, 'getCall'>) {}

  async mayReceive(filter: AccessFilter, event: CallIndexedV1): Promise<boolean> {
    if (event.isPrivate !== undefined) return audienceMayReceive({ kind: 'user', filter }, CallEventAccess.factsOf(event, event.isPrivate));
    const call = await this.calls.getCall(event.callId);
    return call !== undefined && canSeeCall(filter, call);
  }

  /** The event's facts in the shape an access filter is evaluated against. */
  static factsOf(event: CallIndexedV1, isPrivate: boolean): CallFacts {
    return {
      callId: event.callId,
      workspaceId: event.workspaceId,
      hostUserId: event.hostUserId,
      participantUserIds: [...event.participantUserIds],
      isPrivate,
    };
  }
}
