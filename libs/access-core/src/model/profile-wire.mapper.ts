import { ACCESS_DOMAINS, PROFILE_FLAGS, toLibraryPermissionLevel, type AccessDomain, type DomainAccess, type ProfileFlag } from './access-domain.js';
import type { AccessProfile } from './access-model.schema.js';
import { toCallsPermissionLevel } from './calls-permission-level.js';

type ProfileExtras = Required<Pick<AccessProfile, 'domains' | 'libraryFolderAccess' | 'flags'>>;

function field(raw: unknown, key: string): unknown {
  return raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
}

function ids(raw: unknown): string[] | null {
  if (!Array.isArray(raw)) return null;
  const out = raw.filter((id): id is string => typeof id === 'string' && /^\d{1,20}$/.test(id));
  return out.length === 0 ? null : [...new Set(out)];
}

function domainAccess(raw: unknown): DomainAccess {
  return { permissionLevel: toCallsPermissionLevel(field(raw, 'permissionLevel')), teamLeadIds: ids(field(raw, 'teamLeadIds')) };
}

/**
 * The domains, Library access and booleans of a permission profile exactly as Gong sent it
 * (PermissionProfileDTO; `forecastAccess` is read from `forecastPermissions.forecastAccess`).
 * Fails closed field by field: an unknown or missing level is `none`, a missing or non-boolean
 * flag is `false`, a `teamLeadIds` that is not an array of Gong ids is `null` (no leads), and a
 * non-array `libraryFolderIds` lists no folder.
 */
export function profileExtrasFromGong(raw: unknown): ProfileExtras {
  const domains: Partial<Record<AccessDomain, DomainAccess>> = {};
  for (const domain of ACCESS_DOMAINS) {
    domains[domain] = domainAccess(domain === 'forecastAccess' ? field(field(raw, 'forecastPermissions'), 'forecastAccess') : field(raw, domain));
  }
  const flags: Partial<Record<ProfileFlag, boolean>> = {};
  for (const flag of PROFILE_FLAGS) flags[flag] = field(raw, flag) === true;
  const library = field(raw, 'libraryFolderAccess');
  return {
    domains,
    libraryFolderAccess: { permissionLevel: toLibraryPermissionLevel(field(library, 'permissionLevel')), libraryFolderIds: ids(field(library, 'libraryFolderIds')) },
    flags,
  };
}
