import { describe, expect, it } from '@jest/globals';
import { matchesFilter } from '../filter/access-filter.matcher.js';
import { toCallFacts } from '../filter/call-facts.schema.js';
import type { AccessCall } from '../model/access-call.schema.js';
import type { AccessModel, AccessUser } from '../model/access-model.schema.js';
import { buildAccessIndex } from './access-index.builder.js';
import { filterFor } from './access-filter.evaluator.js';
import { explainCallAccess, type CallAccessRule } from './call-access.explainer.js';
import { describeUserAccess } from './user-access.describer.js';

// 100 CEO ── 200 sales manager ── 210, 211 reps; 300 CS manager ── 310 CSM; 900 inactive (under 200).
// Workspace 1: profiles all (100), managers-team leads [200] (300), report-to-them (200), own (210),
// none (310); 211 is in two profiles of workspace 1; 900 is in none. Workspace 2: 210 only (all).
const user = (id: string, managerId: string | null, active = true): AccessUser => ({ id, managerId, active });
const MODEL: AccessModel = {
  workspaceIds: ['1', '2'],
  users: [user('100', null), user('200', '100'), user('210', '200'), user('211', '200'), user('300', '100'), user('310', '300'), user('900', '200', false), user('400', null)],
  profiles: [
    { id: '11', workspaceId: '1', callsAccess: { permissionLevel: 'all', teamLeadIds: null }, userIds: ['100'] },
    { id: '12', workspaceId: '1', callsAccess: { permissionLevel: 'managers-team', teamLeadIds: ['200'] }, userIds: ['300', '211'] },
    { id: '13', workspaceId: '1', callsAccess: { permissionLevel: 'report-to-them', teamLeadIds: null }, userIds: ['200', '211'] },
    { id: '14', workspaceId: '1', callsAccess: { permissionLevel: 'own', teamLeadIds: null }, userIds: ['210'] },
    { id: '15', workspaceId: '1', callsAccess: { permissionLevel: 'none', teamLeadIds: ['200'] }, userIds: ['310'] },
    { id: '21', workspaceId: '2', callsAccess: { permissionLevel: 'all', teamLeadIds: null }, userIds: ['210'] },
  ],
  callAccessGrants: [{ callId: '5006', userIds: ['310'] }],
};
const call = (id: string, workspaceId: string | null, host: string | null, participants: string[] = [], isPrivate = false): AccessCall => ({
  id,
  workspaceId,
  primaryUserId: host,
  participantUserIds: participants,
  isPrivate,
});
const CALLS = {
  rep210: call('5001', '1', '210'),
  rep211: call('5002', '1', '211', ['210']),
  private210: call('5003', '1', '210', [], true),
  csm310: call('5004', '1', '310'),
  mgr200: call('5005', '1', '200'),
  granted: call('5006', '1', '211'),
  grantedPrivate: call('5007', '1', '211', [], true),
  noWorkspace: call('5008', null, '211'),
  unknownWorkspace: call('5009', '9', '211'),
  ws2: call('5010', '2', '310'),
  outsider: call('5011', '1', '400'),
};
const index = buildAccessIndex({ ...MODEL, callAccessGrants: [...MODEL.callAccessGrants, { callId: '5007', userIds: ['310'] }] });

describe('explainCallAccess: which rule decides', () => {
  it.each<[string, string, AccessCall, boolean, CallAccessRule]>([
    ['an unknown user sees nothing', '999', CALLS.rep210, false, 'unknown-user'],
    ['an inactive user sees nothing, not even their own', '900', call('5100', '1', '900'), false, 'inactive-user'],
    ['the host sees their call', '210', CALLS.rep210, true, 'owner'],
    ['the host sees their private call', '210', CALLS.private210, true, 'owner'],
    ['a participant sees the call', '210', CALLS.rep211, true, 'participant'],
    ["someone else's private call is withheld, even at level all", '100', CALLS.private210, false, 'private'],
    ['a private call is withheld even when granted', '310', CALLS.grantedPrivate, false, 'private'],
    ['an API grant opens a call the profile does not', '310', CALLS.granted, true, 'api-grant'],
    ['a call in no workspace is seen by host and participants only', '100', CALLS.noWorkspace, false, 'no-workspace'],
    ['a call in an unknown workspace likewise', '100', CALLS.unknownWorkspace, false, 'no-workspace'],
    ['in no profile of the workspace: own calls only', '200', CALLS.ws2, false, 'no-profile'],
    ['in two profiles of the workspace: own calls only', '211', CALLS.rep210, false, 'conflicting-profiles'],
    ['level all sees every non-private call', '100', CALLS.csm310, true, 'profile-level'],
    ['managers-team sees the listed lead', '300', CALLS.mgr200, true, 'profile-level'],
    ['managers-team sees below the listed lead', '300', CALLS.rep210, true, 'profile-level'],
    ["managers-team does not see another team's call", '300', CALLS.outsider, false, 'outside-team'],
    ['report-to-them sees a report', '200', CALLS.rep210, true, 'profile-level'],
    ['report-to-them does not see a peer', '200', CALLS.csm310, false, 'outside-team'],
    ['level own: own calls only', '210', CALLS.mgr200, false, 'profile-level'],
    ['level none: own calls only, stale leads ignored', '310', CALLS.rep210, false, 'profile-level'],
  ])('%s', (_name, userId, c, visible, rule) => {
    const e = explainCallAccess(index, userId, c);
    expect({ visible: e.visible, rule: e.rule }).toEqual({ visible, rule });
    expect(e.reason.length).toBeGreaterThan(10);
    // The explanation agrees with the filter the search index applies.
    expect(matchesFilter(filterFor(index, userId), toCallFacts(c))).toBe(visible);
  });

  it('names the level and the leads that decided', () => {
    expect(explainCallAccess(index, '300', CALLS.rep210)).toMatchObject({ workspaceId: '1', level: 'managers-team', teamLeadIds: ['200'] });
    expect(explainCallAccess(index, '300', CALLS.outsider).reason).toContain('the teams of 200');
    expect(explainCallAccess(index, '200', CALLS.rep210)).toMatchObject({ level: 'report-to-them', teamLeadIds: [] });
  });

  it('takes a model as well as an index', () => {
    expect(explainCallAccess(MODEL, '100', CALLS.csm310).visible).toBe(true);
  });
});

describe('describeUserAccess', () => {
  it('tells the level per workspace and whose calls it covers', () => {
    const d = describeUserAccess(index, '300');
    expect(d).toMatchObject({ known: true, active: true, grantedCallCount: 0 });
    expect(d.workspaces).toEqual([
      expect.objectContaining({ workspaceId: '1', profile: 'profile', level: 'managers-team', teamLeadIds: ['200'], sees: 'calls hosted by 200 and everyone below them' }),
      { workspaceId: '2', profile: 'no-profile', level: null, teamLeadIds: [], sees: 'own calls only' },
    ]);
    // A profile that names no other domain: each is none (nothing, own data included).
    expect(d.workspaces[0]!.domains).toContainEqual({ domain: 'coachingAccess', level: 'none', sees: 'nothing' });
    expect(describeUserAccess(index, '211').workspaces[0]).toMatchObject({ profile: 'conflicting-profiles', sees: 'own calls only' });
    expect(describeUserAccess(index, '200').workspaces[0]!.sees).toBe('calls hosted by everyone below you');
    expect(describeUserAccess(index, '310').grantedCallCount).toBe(2);
    expect(describeUserAccess(index, '100').rules.join(' ')).toContain('Private calls');
  });

  it('an unknown or inactive user has no workspace access', () => {
    expect(describeUserAccess(index, '999')).toMatchObject({ known: false, active: false, workspaces: [] });
    expect(describeUserAccess(index, '900')).toMatchObject({ known: true, active: false, workspaces: [] });
  });
});
