import { describe, expect, it } from '@jest/globals';
import { denyAllAccessFilter, type AccessFilter } from './access-filter.schema.js';
import { matchesFilter } from './access-filter.matcher.js';
import type { CallFacts } from './call-facts.schema.js';

const FILTER: AccessFilter = {
  version: 1,
  userId: '10',
  ownUserId: '10',
  allWorkspaceIds: ['1'],
  hostUserIdsByWorkspace: [{ workspaceId: '2', hostUserIds: ['20', '21'] }],
  grantedCallIds: ['900'],
  privateCalls: 'owner-and-participants-only',
};

const facts = (over: Partial<CallFacts>): CallFacts => ({
  callId: '1',
  workspaceId: '3',
  hostUserId: '99',
  participantUserIds: [],
  isPrivate: false,
  ...over,
});

describe('matchesFilter', () => {
  it.each<[string, Partial<CallFacts>, boolean]>([
    ['own call as host', { hostUserId: '10' }, true],
    ['own call as participant', { participantUserIds: ['30', '10'] }, true],
    ['own private call as host', { hostUserId: '10', isPrivate: true }, true],
    ['own private call as participant, no workspace', { participantUserIds: ['10'], isPrivate: true, workspaceId: null }, true],
    ['workspace with all', { workspaceId: '1' }, true],
    ['private call of a workspace with all', { workspaceId: '1', isPrivate: true }, false],
    ['listed host in its workspace', { workspaceId: '2', hostUserId: '21' }, true],
    ['listed host in another workspace', { workspaceId: '3', hostUserId: '21' }, false],
    ['listed host, private', { workspaceId: '2', hostUserId: '21', isPrivate: true }, false],
    ['listed host as a mere participant', { workspaceId: '2', participantUserIds: ['21'] }, false],
    ['unlisted host', { workspaceId: '2', hostUserId: '22' }, false],
    ['no host', { workspaceId: '2', hostUserId: null }, false],
    ['no workspace', { workspaceId: null, hostUserId: '21' }, false],
    ['granted call', { callId: '900' }, true],
    ['granted call without workspace', { callId: '900', workspaceId: null, hostUserId: null }, true],
    ['granted private call', { callId: '900', isPrivate: true }, false],
    ['nothing in common', {}, false],
  ])('%s → %p', (_name, over, expected) => {
    expect(matchesFilter(FILTER, facts(over))).toBe(expected);
  });

  it.each<Partial<CallFacts>>([
    { hostUserId: '10' },
    { participantUserIds: ['10'] },
    { workspaceId: '1' },
    { callId: '900' },
  ])('the deny-all filter matches nothing: %p', (over) => {
    expect(matchesFilter(denyAllAccessFilter('10'), facts(over))).toBe(false);
  });
});
