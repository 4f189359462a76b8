import type { LibraryAudience } from '@gong-connector/contracts';
import { compareGongIds } from '../ids/gong-id.order.js';
import type { AccessIndex } from './access-index.builder.js';
import { profileAllows } from './profile-flags.js';

/*
 * Library folders (`libraryFolderAccess`, `/v2/library/folders?workspaceId=`), as this connector
 * enforces them:
 * L1 Only a known, active user sees folders.
 * L2 A folder belongs to one workspace; the viewer's one profile of that workspace decides. No
 *    profile, several, or a folder of no known workspace: hidden [narrower].
 * L3 The profile's `library` flag ("User can view library pages") off: hidden.
 * L4 `all`: every folder of the workspace; `specific-folders`: the listed `libraryFolderIds`
 *    (null or empty: none); `none` or anything unknown: none.
 * A visible folder's clips are served only as far as their calls obey calls access (R1-R8).
 */

/** A Library folder as the rules see it. */
export interface AccessLibraryFolder {
  readonly id: string;
  readonly workspaceId: string | null;
}

/** Whether the viewer may open one Library folder (L1-L4). Agrees with `libraryAudienceOf`. */
export function canSeeLibraryFolder(index: AccessIndex, viewerId: string, folder: AccessLibraryFolder): boolean {
  const viewer = index.users.get(viewerId);
  if (viewer === undefined || !viewer.active || folder.workspaceId === null) return false;
  const access = index.profilesByWorkspace.get(folder.workspaceId)?.get(viewerId);
  if (access === undefined || access.kind !== 'profile' || !profileAllows(access.profile, 'library')) return false;
  const library = access.profile.libraryFolderAccess;
  if (library === undefined) return false;
  if (library.permissionLevel === 'all') return true;
  return library.permissionLevel === 'specific-folders' && (library.libraryFolderIds ?? []).includes(folder.id);
}

/**
 * The folders the viewer may open, as data: `libraryAudienceOpens(libraryAudienceOf(i, v), f)`
 * equals `canSeeLibraryFolder(i, v, f)`. A listed folder id counts only in the workspace of the
 * profile that lists it.
 */
export function libraryAudienceOf(index: AccessIndex, viewerId: string): LibraryAudience {
  const viewer = index.users.get(viewerId);
  const allWorkspaceIds: string[] = [];
  const folderIdsByWorkspace: Array<{ workspaceId: string; folderIds: string[] }> = [];
  if (viewer === undefined || !viewer.active) return { allWorkspaceIds, folderIdsByWorkspace };
  for (const workspaceId of index.workspaceIds) {
    const access = index.profilesByWorkspace.get(workspaceId)?.get(viewerId);
    if (access === undefined || access.kind !== 'profile' || !profileAllows(access.profile, 'library')) continue;
    const library = access.profile.libraryFolderAccess;
    if (library?.permissionLevel === 'all') allWorkspaceIds.push(workspaceId);
    else if (library?.permissionLevel === 'specific-folders' && (library.libraryFolderIds ?? []).length > 0) {
      folderIdsByWorkspace.push({ workspaceId, folderIds: [...new Set(library.libraryFolderIds)].sort(compareGongIds) });
    }
  }
  return { allWorkspaceIds, folderIdsByWorkspace };
}
