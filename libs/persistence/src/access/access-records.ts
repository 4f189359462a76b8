/**
 * A permission profile of one workspace as the replica keeps it, with its members
 * (`/v2/all-permission-profiles?workspaceId=` and `/v2/permission-profile/users?profileId=`).
 */
export interface PermissionProfileRecord {
  id: string;
  workspaceId: string;
  name: string;
  /**
   * `callsAccess.permissionLevel` exactly as Gong sent it (an unknown value is kept verbatim, so
   * the access model can fail closed on it); `none` when the profile has no `callsAccess`.
   */
  callsLevel: string;
  /** `callsAccess.teamLeadIds`; empty when Gong sent `null`, `[]` or nothing (the rules read these alike). */
  teamLeadIds: string[];
  /** The whole profile as Gong sent it. */
  raw: unknown;
  /** Member user ids, sorted, without duplicates. */
  userIds: string[];
}

/** What `/v2/calls/users-access` said about one call: the users granted access through the API. */
export interface CallAccessCheckRecord {
  callId: string;
  userIds: string[];
}

/** A user as the access service needs them: the manager graph, activity, and how to find and name them. */
export interface AccessDirectoryUser {
  id: string;
  managerId: string | null;
  active: boolean;
  email: string | null;
  emailAliases: string[];
  firstName: string | null;
  lastName: string | null;
  title: string | null;
}

/**
 * Everything the access model is built from, read in one consistent (repeatable-read) snapshot,
 * with the times the directory and the profiles were last synced (undefined: never).
 */
export interface AccessSnapshotRecord {
  workspaceIds: string[];
  users: AccessDirectoryUser[];
  profiles: PermissionProfileRecord[];
  grants: CallAccessCheckRecord[];
  directorySyncedAt: Date | undefined;
  profilesSyncedAt: Date | undefined;
}
