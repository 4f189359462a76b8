import {
  buildAccessIndex,
  describeUserAccess,
  explainCallAccess,
  filterFor,
  matchesFilter,
  toCallFacts,
  type AccessCall,
  type AccessIndex,
  type CallAccessExplanation,
  type UserAccessDescription,
} from '@gong-connector/access-core';
import { AppError, ErrorCode, type Clock } from '@gong-connector/contracts';
import type { AccessRepository, CallReadRepository, DirectoryRepository } from '@gong-connector/persistence';
import { toModel } from '../access/replica-access-filter.source.js';

export interface ExplainedUser {
  id: string;
  email: string | null;
  name: string;
  active: boolean;
}

export interface CallAccessAnswer extends CallAccessExplanation {
  user: ExplainedUser | null;
  call: { id: string; title: string; started: string; workspaceId: string | null; primaryUserId: string | null; isPrivate: boolean };
  /** The access filter the search index applies gives the same verdict (always true; shown so it can be checked). */
  filterAgrees: boolean;
  /** When the users, profiles and grants evaluated were last synced from Gong. */
  permissionsAsOf: string | null;
}

/**
 * Explains access from the replicated users, manager graph, permission profiles and users-access
 * grants, with access-core's own evaluation (the rules every filter comes from): what a user sees
 * per workspace (`GET /v1/me`), and whether a user may see one call and which rule decides
 * (`GET /admin/explain`, `npm run admin -- explain`). The model is reloaded at most every `cacheMs`.
 */
export class AccessExplainer {
  private loaded: { index: AccessIndex; asOf: string | null; at: number } | undefined;

  constructor(
    private readonly access: AccessRepository,
    private readonly directory: DirectoryRepository,
    private readonly calls: CallReadRepository,
    private readonly clock: Clock,
    private readonly cacheMs: number,
  ) {}

  /** A user's access level per workspace and the rules in force. */
  async describe(userId: string): Promise<UserAccessDescription & { permissionsAsOf: string | null }> {
    const { index, asOf } = await this.index();
    return { ...describeUserAccess(index, userId), permissionsAsOf: asOf };
  }

  /** Whether `user` (a Gong user id or email) may see call `callId`, and which rule decides. */
  async explain(user: string, callId: string): Promise<CallAccessAnswer> {
    const record = await this.calls.getCall(callId);
    if (!record) throw new AppError(ErrorCode.NOT_FOUND, `No call ${callId} in the replica: check the id, or wait for the sync or backfill to store it`);
    const found = /^\d{1,20}$/.test(user) ? await this.directory.getUser(user) : await this.directory.findUserByEmail(user);
    const { index, asOf } = await this.index();
    const userId = found?.id ?? (/^\d{1,20}$/.test(user) ? user : '0');
    const call: AccessCall = {
      id: record.id,
      workspaceId: record.workspaceId,
      primaryUserId: record.primaryUserId,
      participantUserIds: [...new Set(record.parties.map((p) => p.userId).filter((id): id is string => id !== null))],
      isPrivate: record.isPrivate,
    };
    const explanation = explainCallAccess(index, userId, call);
    const unknownEmail = !found && !/^\d{1,20}$/.test(user);
    return {
      ...explanation,
      ...(unknownEmail ? { rule: 'unknown-user' as const, visible: false, reason: `No Gong user has the email ${user}: they see no call.` } : {}),
      user: found
        ? { id: found.id, email: found.email, name: [found.firstName, found.lastName].filter(Boolean).join(' ') || (found.email ?? found.id), active: found.active }
        : null,
      call: { id: record.id, title: record.title, started: record.started, workspaceId: record.workspaceId, primaryUserId: record.primaryUserId, isPrivate: record.isPrivate },
      filterAgrees: unknownEmail || matchesFilter(filterFor(index, userId), toCallFacts(call)) === explanation.visible,
      permissionsAsOf: asOf,
    };
  }

  private async index(): Promise<{ index: AccessIndex; asOf: string | null }> {
    const now = this.clock.now();
    if (this.loaded && now - this.loaded.at <= this.cacheMs) return this.loaded;
    const snapshot = await this.access.loadSnapshot();
    const times = [snapshot.directorySyncedAt, snapshot.profilesSyncedAt].filter((d): d is Date => d !== undefined).map((d) => d.getTime());
    this.loaded = { index: buildAccessIndex(toModel(snapshot)), asOf: times.length === 2 ? new Date(Math.min(...times)).toISOString() : null, at: now };
    return this.loaded;
  }
}
