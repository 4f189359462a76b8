import { describe, expect, it } from '@jest/globals';
import type { AccessDomain } from '../model/access-domain.js';
import type { AccessModel, AccessProfile } from '../model/access-model.schema.js';
import { buildAccessIndex } from './access-index.builder.js';
import { canSeeDomain, domainAudienceOf, explainDomainAccess } from './domain-access.evaluator.js';
import { canSeeLibraryFolder, libraryAudienceOf } from './library-access.evaluator.js';
import { apiGrantsHonoured, userHoldsFlag } from './profile-flags.js';

// 1 is the VP; 2 and 3 report to 1; 21, 22 report to 2; 31 reports to 3. 9 is inactive.
const ALL_FLAGS = { callsAndSearch: true, account: true, library: true, coaching: true, usage: true, deals: true, activity: true, teamStats: true, forecast: true, scoreCalls: true };
const profile = (id: string, userIds: string[], over: Partial<AccessProfile> = {}): AccessProfile => ({
  id,
  workspaceId: '100',
  callsAccess: { permissionLevel: 'own', teamLeadIds: null },
  userIds,
  flags: ALL_FLAGS,
  ...over,
});
const level = (permissionLevel: 'all' | 'managers-team' | 'report-to-them' | 'own' | 'none', teamLeadIds: string[] | null = null) => ({ permissionLevel, teamLeadIds });
const model: AccessModel = {
  workspaceIds: ['100', '200'],
  users: [
    { id: '1', managerId: null, active: true },
    { id: '2', managerId: '1', active: true },
    { id: '3', managerId: '1', active: true },
    { id: '21', managerId: '2', active: true },
    { id: '22', managerId: '2', active: true },
    { id: '31', managerId: '3', active: true },
    { id: '9', managerId: '2', active: false },
    { id: '50', managerId: null, active: true },
  ],
  profiles: [
    profile('p-admin', ['1'], { domains: { insightsAccess: level('all'), coachingAccess: level('all') }, libraryFolderAccess: { permissionLevel: 'all', libraryFolderIds: null } }),
    profile('p-mgr', ['2'], { domains: { insightsAccess: level('report-to-them'), coachingAccess: level('report-to-them') }, libraryFolderAccess: { permissionLevel: 'specific-folders', libraryFolderIds: ['7'] } }),
    profile('p-viewer', ['3'], { domains: { insightsAccess: level('managers-team', ['2']), coachingAccess: level('managers-team', ['2']) }, flags: { ...ALL_FLAGS, teamStats: false } }),
    profile('p-rep', ['21', '22'], { domains: { insightsAccess: level('own'), coachingAccess: level('own') }, flags: { ...ALL_FLAGS, coaching: false } }),
    profile('p-none', ['31'], { domains: { insightsAccess: level('none'), coachingAccess: level('none') }, flags: { ...ALL_FLAGS, callsAndSearch: false, account: false } }),
    // 2 also holds a profile of workspace 200 that sees own coaching only: company-wide, the narrower wins.
    profile('p-mgr-200', ['2'], { workspaceId: '200', domains: { insightsAccess: level('report-to-them'), coachingAccess: level('own') } }),
  ],
  callAccessGrants: [{ callId: '5000', userIds: ['31'] }],
};
const index = buildAccessIndex(model);

describe('domain access (rules D1-D4)', () => {
  it.each<[string, string, AccessDomain, boolean, string]>([
    ['1', '31', 'insightsAccess', true, 'level'],
    ['2', '21', 'insightsAccess', true, 'level'],
    ['2', '31', 'insightsAccess', false, 'outside-team'],
    ['2', '21', 'coachingAccess', false, 'level'], // workspace 200 gives own coaching only
    ['2', '2', 'coachingAccess', true, 'level'],
    ['3', '21', 'insightsAccess', false, 'team-stats-flag'], // teamStats off: own insights only
    ['3', '3', 'insightsAccess', true, 'level'],
    ['3', '21', 'coachingAccess', true, 'level'],
    ['3', '2', 'coachingAccess', true, 'level'], // managers-team includes the lead
    ['21', '21', 'insightsAccess', true, 'level'],
    ['21', '22', 'insightsAccess', false, 'level'],
    ['21', '21', 'coachingAccess', false, 'page-flag'], // coaching pages off
    ['31', '31', 'insightsAccess', false, 'level'], // none: not even own
    ['9', '9', 'insightsAccess', false, 'inactive-user'],
    ['404', '1', 'insightsAccess', false, 'unknown-user'],
    ['50', '50', 'insightsAccess', false, 'no-profile'],
    ['1', '31', 'usageAccess', false, 'level'], // a domain the profile leaves out is none
  ])('viewer %s on %s, %s: %p (%s)', (viewer, subject, domain, visible, rule) => {
    const explained = explainDomainAccess(index, viewer, subject, domain);
    expect({ visible: explained.visible, rule: explained.rule }).toEqual({ visible, rule });
    expect(canSeeDomain(index, viewer, subject, domain)).toBe(visible);
  });

  it('gives each viewer the audience the explanations agree with', () => {
    expect(domainAudienceOf(index, '1', 'insightsAccess')).toEqual({ everyone: true, userIds: [] });
    expect(domainAudienceOf(index, '2', 'insightsAccess')).toEqual({ everyone: false, userIds: ['2', '9', '21', '22'] });
    expect(domainAudienceOf(index, '3', 'coachingAccess')).toEqual({ everyone: false, userIds: ['2', '3', '9', '21', '22'] });
    expect(domainAudienceOf(index, '31', 'coachingAccess')).toEqual({ everyone: false, userIds: [] });
  });

  it('reads one workspace alone when the data names it', () => {
    expect(canSeeDomain(index, '2', '21', 'coachingAccess', '100')).toBe(true);
    expect(canSeeDomain(index, '2', '21', 'coachingAccess', '200')).toBe(false);
  });
});

describe('Library folders (rules L1-L4) and booleans', () => {
  it.each<[string, string, string | null, boolean]>([
    ['1', '7', '100', true],
    ['1', '8', '100', true],
    ['1', '8', '200', false], // no profile in 200
    ['2', '7', '100', true],
    ['2', '8', '100', false],
    ['2', '7', '200', false], // the id is listed by the profile of 100 only
    ['21', '7', null, false],
  ])('viewer %s, folder %s of workspace %s: %p', (viewer, id, workspaceId, visible) => {
    expect(canSeeLibraryFolder(index, viewer, { id, workspaceId })).toBe(visible);
  });

  it('lists the folders as data', () => {
    expect(libraryAudienceOf(index, '2')).toEqual({ allWorkspaceIds: [], folderIdsByWorkspace: [{ workspaceId: '100', folderIds: ['7'] }] });
  });

  it('holds a boolean only when every profile grants it, and withholds API grants when callsAndSearch is off', () => {
    expect(userHoldsFlag(index, '1', 'account')).toBe(true);
    expect(userHoldsFlag(index, '31', 'account')).toBe(false);
    expect(userHoldsFlag(index, '50', 'account')).toBe(false);
    expect(apiGrantsHonoured(index, '31')).toBe(false);
    expect(apiGrantsHonoured(index, '50')).toBe(true);
  });
});
