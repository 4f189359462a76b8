import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AccessGrant, PermissionProfile } from '../company/company.model.js';
import { GongHttpError } from '../http/gong-http.error.js';
import { gongRoute } from '../http/gong-route.js';
import { gongId, parseInput } from '../http/request.validation.js';
import type { SimContext } from '../sim/sim.context.js';
import { PROFILE_FLAG_NAMES } from '../company/company.generator.js';

/** The spec's PermissionProfileDTO, field by field. */
export function toPermissionProfileDto(p: PermissionProfile, specificFolderIds: (p: PermissionProfile) => string[] = () => []): Record<string, unknown> {
  // Every field the spec types as an array is one: a level that names no leads has `teamLeadIds: []`.
  const g = (a: AccessGrant) => ({ permissionLevel: a.permissionLevel, teamLeadIds: [...(a.teamLeadIds ?? [])] });
  const out: Record<string, unknown> = {
    id: p.id,
    name: p.name,
    description: p.description,
    callsAccess: g(p.callsAccess),
    libraryFolderAccess: {
      permissionLevel: p.libraryLevel,
      // The spec types it as an array: the named folders for `specific-folders` (the workspace's public root folders), else [].
      libraryFolderIds: p.libraryLevel === 'specific-folders' ? specificFolderIds(p) : [],
      managePublicFolder: p.flags.manageGeneralBusinessSettings,
      manageStreams: p.flags.manageGeneralBusinessSettings,
      manageFolderCalls: p.libraryLevel !== 'none',
      shareFoldersAndStreams: p.libraryLevel !== 'none',
    },
    dealsAccess: g(p.dealsAccess),
    forecastPermissions: {
      forecastAccess: g(p.forecastAccess),
      forecastEditSubmissions: g(p.forecastAccess.permissionLevel === 'all' ? p.forecastAccess : { permissionLevel: 'own', teamLeadIds: null }),
      forecastEditTargets: g(p.forecastAccess.permissionLevel === 'all' ? p.forecastAccess : { permissionLevel: 'none', teamLeadIds: null }),
    },
    coachingAccess: g(p.coachingAccess),
    insightsAccess: g(p.insightsAccess),
    usageAccess: g(p.usageAccess),
    emailsAccess: g(p.emailsAccess),
  };
  for (const name of PROFILE_FLAG_NAMES) out[name] = p.flags[name] ?? false;
  return out;
}

/** Permission profiles: list per workspace, one profile, its users. */
export function registerPermissionProfilesRoutes(app: FastifyInstance, ctx: SimContext): void {
  const WorkspaceQuery = z.object({ workspaceId: gongId });
  const ProfileQuery = z.object({ profileId: gongId });
  const folderIds = (p: PermissionProfile) => ctx.store.data.folders.filter((f) => f.workspaceId === p.workspaceId && f.visibility === 'public' && !f.parentFolderId).map((f) => f.id);
  const requireProfile = (id: string) => {
    const p = ctx.store.profile(id);
    if (!p) throw GongHttpError.notFound('Permission profile not found');
    return p;
  };

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/all-permission-profiles',
    scope: 'api:permission-profile:read',
    handler: (req) => {
      const { workspaceId } = parseInput(WorkspaceQuery, req.query, 'query');
      if (!ctx.store.workspace(workspaceId)) throw GongHttpError.notFound('Workspace not found');
      const profiles = ctx.store.data.profiles
        .filter((p) => p.workspaceId === workspaceId)
        .sort((a, b) => a.name.localeCompare(b.name, 'en'));
      return { profiles: profiles.map((p) => toPermissionProfileDto(p, folderIds)) };
    },
  });

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/permission-profile',
    scope: 'api:permission-profile:read',
    handler: (req) => {
      const { profileId } = parseInput(ProfileQuery, req.query, 'query');
      return { profile: toPermissionProfileDto(requireProfile(profileId), folderIds) };
    },
  });

  gongRoute(app, {
    method: 'GET',
    specPath: '/v2/permission-profile/users',
    scope: 'api:users:read',
    handler: (req) => {
      const { profileId } = parseInput(ProfileQuery, req.query, 'query');
      const profile = requireProfile(profileId);
      return {
        users: profile.userIds.map((id) => {
          const u = ctx.store.user(id)!;
          return { id: u.id, fullName: `${u.firstName} ${u.lastName}`, emailAddress: u.emailAddress };
        }),
      };
    },
  });
}
