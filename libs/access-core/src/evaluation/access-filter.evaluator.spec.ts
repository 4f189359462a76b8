import { describe, expect, it } from '@jest/globals';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { AccessFilterSchema } from '../filter/access-filter.schema.js';
import { matchesFilter } from '../filter/access-filter.matcher.js';
import { toCallFacts } from '../filter/call-facts.schema.js';
import type { AccessCall } from '../model/access-call.schema.js';
import type { AccessModel, AccessUser, CallAccessGrant } from '../model/access-model.schema.js';
import type { CallsPermissionLevel } from '../model/calls-permission-level.js';
import { buildAccessIndex } from './access-index.builder.js';
import { computeFilter, filterFor } from './access-filter.evaluator.js';
import { canSee } from './call-access.evaluator.js';

// The company:
//   100 CEO
//   ├─ 200 VP Sales
//   │  ├─ 300 East manager ── 310, 311 reps; 900 inactive rep
//   │  └─ 400 West manager ── 410 rep
//   └─ 500 VP CS ── 510 CSM
//   600 ⇄ 601 (a manager cycle), 610 under 600
//   700 is their own manager, 710 under 700
//   800 has a dangling manager id (9999)
// Workspaces 1 (Sales) and 2 (CS); 3 is not in the model.
const user = (id: string, managerId: string | null, active = true): AccessUser => ({ id, managerId, active });
const USERS: AccessUser[] = [
  user('100', null),
  user('200', '100'),
  user('300', '200'),
  user('310', '300'),
  user('311', '300'),
  user('900', '300', false),
  user('400', '200'),
  user('410', '400'),
  user('500', '100'),
  user('510', '500'),
  user('600', '601'),
  user('601', '600'),
  user('610', '600'),
  user('700', '700'),
  user('710', '700'),
  user('800', '9999'),
];

const C = {
  east1: '7001',
  east2: '7002',
  eastMgr: '7003',
  west1: '7004',
  westMgr: '7005',
  vpSales: '7006',
  ceo: '7007',
  inactiveRep: '7008',
  east1Private: '7009',
  west1With310: '7010',
  cs1Ws2: '7011',
  east1Ws2: '7012',
  noWorkspace: '7013',
  unknownWorkspace: '7014',
  unknownHost: '7015',
  cycle600: '7016',
  cycle601: '7017',
  cycle610: '7018',
  self700: '7019',
  self710: '7020',
  dangling800: '7021',
} as const;
type CallName = keyof typeof C;

const call = (
  name: CallName,
  workspaceId: string | null,
  host: string,
  participants: string[] = [],
  isPrivate = false,
): AccessCall => ({ id: C[name], workspaceId, primaryUserId: host, participantUserIds: participants, isPrivate });
const CALLS: AccessCall[] = [
  call('east1', '1', '310'),
  call('east2', '1', '311'),
  call('eastMgr', '1', '300'),
  call('west1', '1', '410'),
  call('westMgr', '1', '400'),
  call('vpSales', '1', '200'),
  call('ceo', '1', '100'),
  call('inactiveRep', '1', '900'),
  call('east1Private', '1', '310', ['311'], true),
  call('west1With310', '1', '410', ['310']),
  call('cs1Ws2', '2', '510'),
  call('east1Ws2', '2', '310'),
  call('noWorkspace', null, '310'),
  call('unknownWorkspace', '3', '310'),
  call('unknownHost', '1', '8888'),
  call('cycle600', '1', '600'),
  call('cycle601', '1', '601'),
  call('cycle610', '1', '610'),
  call('self700', '1', '700'),
  call('self710', '1', '710'),
  call('dangling800', '1', '800'),
];

interface ProfileSpec {
  ws: string;
  level: CallsPermissionLevel;
  leads?: string[] | null;
  members: string[];
}
let profileSeq = 0;
function modelOf(profiles: ProfileSpec[], grants: CallAccessGrant[] = []): AccessModel {
  return {
    workspaceIds: ['1', '2'],
    users: USERS,
    profiles: profiles.map((p) => ({
      id: String(5000 + (profileSeq += 1)),
      workspaceId: p.ws,
      callsAccess: { permissionLevel: p.level, teamLeadIds: p.leads ?? null },
      userIds: p.members,
    })),
    callAccessGrants: grants,
  };
}

/** The names of the calls `viewer` may see, asked both ways; fails if the two ways disagree. */
function visibleCalls(model: AccessModel, viewer: string): CallName[] {
  const index = buildAccessIndex(model);
  const filter = filterFor(index, viewer);
  const wire = AccessFilterSchema.parse(JSON.parse(JSON.stringify(filter)));
  const names = Object.keys(C) as CallName[];
  const seen: CallName[] = [];
  for (const c of CALLS) {
    const direct = canSee(index, viewer, c);
    expect({ call: c.id, viaFilter: matchesFilter(wire, toCallFacts(c)) }).toEqual({ call: c.id, viaFilter: direct });
    if (direct) seen.push(names.find((n) => C[n] === c.id) as CallName);
  }
  return seen.sort();
}

const OWN_310: CallName[] = ['east1', 'east1Private', 'west1With310', 'east1Ws2', 'noWorkspace', 'unknownWorkspace'];
const ALL_WS1_PUBLIC: CallName[] = [
  'east1', 'east2', 'eastMgr', 'west1', 'westMgr', 'vpSales', 'ceo', 'inactiveRep', 'west1With310',
  'unknownHost', 'cycle600', 'cycle601', 'cycle610', 'self700', 'self710', 'dangling800',
];

interface Row {
  name: string;
  viewer: string;
  profiles: ProfileSpec[];
  grants?: CallAccessGrant[];
  sees: CallName[];
}

const ROWS: Row[] = [
  // own calls
  { name: 'no profile anywhere: own calls only, in every workspace and none', viewer: '310', profiles: [], sees: OWN_310 },
  { name: 'own: own calls only', viewer: '100', profiles: [{ ws: '1', level: 'own', members: ['100'] }], sees: ['ceo'] },
  {
    name: 'none: still own calls, stale teamLeadIds ignored',
    viewer: '100',
    profiles: [{ ws: '1', level: 'none', leads: ['200'], members: ['100'] }],
    sees: ['ceo'],
  },
  // all
  {
    name: 'all: every non-private call of the workspace, nothing of other workspaces',
    viewer: '100',
    profiles: [{ ws: '1', level: 'all', members: ['100'] }],
    sees: ALL_WS1_PUBLIC,
  },
  {
    name: 'all in a workspace not in the model: ignored',
    viewer: '300',
    profiles: [{ ws: '3', level: 'all', members: ['300'] }],
    sees: ['eastMgr'],
  },
  // report-to-them
  {
    name: 'report-to-them, teamLeadIds null: everyone below the user, transitively (inactive included)',
    viewer: '300',
    profiles: [{ ws: '1', level: 'report-to-them', leads: null, members: ['300'] }],
    sees: ['east1', 'east2', 'eastMgr', 'inactiveRep'],
  },
  {
    name: 'report-to-them, teamLeadIds []: read like null',
    viewer: '300',
    profiles: [{ ws: '1', level: 'report-to-them', leads: [], members: ['300'] }],
    sees: ['east1', 'east2', 'eastMgr', 'inactiveRep'],
  },
  {
    name: 'report-to-them from the top: several levels down, not the cycle, self-manager or dangling users',
    viewer: '100',
    profiles: [{ ws: '1', level: 'report-to-them', members: ['100'] }],
    sees: ['ceo', 'east1', 'east2', 'eastMgr', 'inactiveRep', 'vpSales', 'west1', 'west1With310', 'westMgr'],
  },
  {
    name: 'report-to-them with listed leads: below the leads, not the leads, not the user’s own reports',
    viewer: '300',
    profiles: [{ ws: '1', level: 'report-to-them', leads: ['400'], members: ['300'] }],
    sees: ['eastMgr', 'west1', 'west1With310'],
  },
  {
    name: 'report-to-them listing only unknown users: nothing beyond own',
    viewer: '300',
    profiles: [{ ws: '1', level: 'report-to-them', leads: ['9999'], members: ['300'] }],
    sees: ['eastMgr'],
  },
  // managers-team
  {
    name: 'managers-team: the lead and everyone below them',
    viewer: '310',
    profiles: [{ ws: '1', level: 'managers-team', leads: ['300'], members: ['310'] }],
    sees: [...OWN_310, 'eastMgr', 'east2', 'inactiveRep'].sort() as CallName[],
  },
  {
    name: 'managers-team across the tree, from another branch',
    viewer: '510',
    profiles: [{ ws: '1', level: 'managers-team', leads: ['200'], members: ['510'] }],
    sees: ['cs1Ws2', 'east1', 'east2', 'eastMgr', 'inactiveRep', 'vpSales', 'west1', 'west1With310', 'westMgr'],
  },
  {
    name: 'managers-team, teamLeadIds null: own only',
    viewer: '310',
    profiles: [{ ws: '1', level: 'managers-team', leads: null, members: ['310'] }],
    sees: OWN_310,
  },
  {
    name: 'managers-team, teamLeadIds []: own only',
    viewer: '310',
    profiles: [{ ws: '1', level: 'managers-team', leads: [], members: ['310'] }],
    sees: OWN_310,
  },
  {
    name: 'managers-team with an inactive lead: the lead’s calls stay visible',
    viewer: '100',
    profiles: [{ ws: '1', level: 'managers-team', leads: ['900', '9999'], members: ['100'] }],
    sees: ['ceo', 'inactiveRep'],
  },
  // several workspaces
  {
    name: 'different profiles per workspace: own in 1, all in 2',
    viewer: '500',
    profiles: [
      { ws: '1', level: 'own', members: ['500'] },
      { ws: '2', level: 'all', members: ['500'] },
    ],
    sees: ['cs1Ws2', 'east1Ws2'],
  },
  {
    name: 'different profiles per workspace: own in 1, report-to-them in 2',
    viewer: '200',
    profiles: [
      { ws: '1', level: 'own', members: ['200'] },
      { ws: '2', level: 'report-to-them', members: ['200'] },
    ],
    sees: ['east1Ws2', 'vpSales'],
  },
  {
    name: 'member of two profiles of one workspace: own only there',
    viewer: '300',
    profiles: [
      { ws: '1', level: 'all', members: ['300'] },
      { ws: '1', level: 'report-to-them', members: ['300'] },
      { ws: '2', level: 'all', members: ['300'] },
    ],
    sees: ['cs1Ws2', 'east1Ws2', 'eastMgr'],
  },
  // private calls
  {
    name: 'private: an internal participant sees it',
    viewer: '311',
    profiles: [{ ws: '1', level: 'own', members: ['311'] }],
    sees: ['east1Private', 'east2'],
  },
  {
    name: 'private: not even the host’s managers-team lead',
    viewer: '300',
    profiles: [{ ws: '1', level: 'managers-team', leads: ['300'], members: ['300'] }],
    sees: ['east1', 'east2', 'eastMgr', 'inactiveRep'],
  },
  // grants
  {
    name: 'grants open non-private calls in any workspace, never private ones',
    viewer: '410',
    profiles: [{ ws: '1', level: 'own', members: ['410'] }],
    grants: [
      { callId: C.east1Private, userIds: ['410'] },
      { callId: C.cs1Ws2, userIds: ['410', '100'] },
      { callId: C.noWorkspace, userIds: ['410'] },
    ],
    sees: ['cs1Ws2', 'noWorkspace', 'west1', 'west1With310'],
  },
  // cycles and dangling managers
  {
    name: 'cycle member: below them only those who name them, not the other cycle member',
    viewer: '600',
    profiles: [{ ws: '1', level: 'report-to-them', members: ['600'] }],
    sees: ['cycle600', 'cycle610'],
  },
  {
    name: 'the other cycle member sees nobody below',
    viewer: '601',
    profiles: [{ ws: '1', level: 'report-to-them', members: ['601'] }],
    sees: ['cycle601'],
  },
  {
    name: 'managers-team led by a cycle member',
    viewer: '100',
    profiles: [{ ws: '1', level: 'managers-team', leads: ['600'], members: ['100'] }],
    sees: ['ceo', 'cycle600', 'cycle610'],
  },
  {
    name: 'self-manager: their reports, without looping',
    viewer: '700',
    profiles: [{ ws: '1', level: 'report-to-them', members: ['700'] }],
    sees: ['self700', 'self710'],
  },
  {
    name: 'dangling manager id: a root; its holder sees own calls',
    viewer: '800',
    profiles: [{ ws: '1', level: 'report-to-them', members: ['800'] }],
    sees: ['dangling800'],
  },
  // who sees nothing
  {
    name: 'inactive user: nothing, not even own calls',
    viewer: '900',
    profiles: [{ ws: '1', level: 'all', members: ['900'] }],
    grants: [{ callId: C.east1, userIds: ['900'] }],
    sees: [],
  },
  {
    name: 'unknown user: nothing, even when listed in a profile, granted, and hosting',
    viewer: '8888',
    profiles: [{ ws: '1', level: 'all', members: ['8888'] }],
    grants: [{ callId: C.east1, userIds: ['8888'] }],
    sees: [],
  },
];

describe('call access rules', () => {
  it.each(ROWS)('$name', ({ viewer, profiles, grants, sees }) => {
    expect(visibleCalls(modelOf(profiles, grants), viewer)).toEqual([...sees].sort());
  });

  it('canSee accepts the model itself', () => {
    const model = modelOf([{ ws: '1', level: 'report-to-them', members: ['300'] }]);
    expect(CALLS.filter((c) => canSee(model, '300', c)).map((c) => c.id)).toEqual([C.east1, C.east2, C.eastMgr, C.inactiveRep]);
  });
});

describe('filterFor', () => {
  it('is compact: host user ids per workspace, sorted numerically, without the user', () => {
    const model = modelOf([
      { ws: '1', level: 'report-to-them', members: ['100'] },
      { ws: '2', level: 'all', members: ['100'] },
    ]);
    expect(computeFilter(model, '100')).toEqual({
      version: 1,
      userId: '100',
      ownUserId: '100',
      allWorkspaceIds: ['2'],
      hostUserIdsByWorkspace: [{ workspaceId: '1', hostUserIds: ['200', '300', '310', '311', '400', '410', '500', '510', '900'] }],
      grantedCallIds: [],
      privateCalls: 'owner-and-participants-only',
    });
  });

  it('orders ids numerically without converting them, and dedupes grants', () => {
    const model: AccessModel = {
      workspaceIds: ['20', '3'],
      users: [user('7782342274025937895', null), user('99', '7782342274025937895'), user('100', '7782342274025937895')],
      profiles: [
        {
          id: '1',
          workspaceId: '20',
          callsAccess: { permissionLevel: 'report-to-them', teamLeadIds: null },
          userIds: ['7782342274025937895'],
        },
        { id: '2', workspaceId: '3', callsAccess: { permissionLevel: 'all', teamLeadIds: null }, userIds: ['7782342274025937895'] },
      ],
      callAccessGrants: [
        { callId: '10000000000000000001', userIds: ['7782342274025937895'] },
        { callId: '9', userIds: ['7782342274025937895', '7782342274025937895'] },
        { callId: '10000000000000000001', userIds: ['7782342274025937895'] },
      ],
    };
    const filter = computeFilter(model, '7782342274025937895');
    expect(filter.allWorkspaceIds).toEqual(['3']);
    expect(filter.hostUserIdsByWorkspace).toEqual([{ workspaceId: '20', hostUserIds: ['99', '100'] }]);
    expect(filter.grantedCallIds).toEqual(['9', '10000000000000000001']);
  });

  it.each([
    ['unknown', '4242'],
    ['inactive', '900'],
  ])('gives a deny-all filter to an %s user', (_kind, viewer) => {
    const filter = computeFilter(modelOf([{ ws: '1', level: 'all', members: [viewer] }]), viewer);
    expect(filter).toEqual({
      version: 1,
      userId: viewer,
      ownUserId: null,
      allWorkspaceIds: [],
      hostUserIdsByWorkspace: [],
      grantedCallIds: [],
      privateCalls: 'owner-and-participants-only',
    });
  });

  it('fails with VALIDATION_FAILED when a user id appears twice', () => {
    const model: AccessModel = {
      workspaceIds: ['1'],
      users: [user('1', null), user('1', null, false)],
      profiles: [],
      callAccessGrants: [],
    };
    let caught: unknown;
    try {
      buildAccessIndex(model);
    } catch (error) {
      caught = error;
    }
    expect(AppError.is(caught, ErrorCode.VALIDATION_FAILED)).toBe(true);
  });
});
