import { describe, expect, it } from '@jest/globals';
import { denyAllAccessFilter, SubscriptionScopeSchema, type AccessFilter } from '@gong-connector/contracts';
import { ManagerHierarchy } from '../hierarchy/manager-hierarchy.js';
import { audienceMayReceive, callIndexedFacts, resolveServiceScope } from './event-audience.js';

// lead 10 manages 11, who manages 12; 20 is elsewhere.
const hierarchy = new ManagerHierarchy([
  { id: '10', managerId: null },
  { id: '11', managerId: '10' },
  { id: '12', managerId: '11' },
  { id: '20', managerId: null },
]);
const call = (hostUserId: string, isPrivate: boolean | undefined, workspaceId = '1', participantUserIds: string[] = []) =>
  callIndexedFacts({ callId: '900', workspaceId, hostUserId, participantUserIds, ...(isPrivate === undefined ? {} : { isPrivate }) });
const service = (scope: unknown) => ({ ...resolveServiceScope(SubscriptionScopeSchema.parse(scope), hierarchy) });

describe('event audience: who may receive a call.indexed', () => {
  it.each([
    ['all, open call', { calls: 'all' }, call('20', false), true],
    ['all, private call', { calls: 'all' }, call('20', true), false],
    ['all with private, private call', { calls: 'all', includePrivate: true }, call('20', true), true],
    ['all, event without isPrivate (read as private)', { calls: 'all' }, call('20', undefined), false],
    ['team of 10, host 12 (two levels below)', { calls: 'selected', teamLeadIds: ['10'] }, call('12', false), true],
    ['team of 10, the lead hosts', { calls: 'selected', teamLeadIds: ['10'] }, call('10', false), true],
    ['team of 11, host 10 (above the lead)', { calls: 'selected', teamLeadIds: ['11'] }, call('10', false), false],
    ['team of 10, host 20 with 11 only participating', { calls: 'selected', teamLeadIds: ['10'] }, call('20', false, '1', ['11']), false],
    ['team of 10, private call of 11', { calls: 'selected', teamLeadIds: ['10'] }, call('11', true), false],
    ['user 20', { calls: 'selected', userIds: ['20'] }, call('20', false), true],
    ['user 20, call of 12', { calls: 'selected', userIds: ['20'] }, call('12', false), false],
    ['workspace 2, call in 2', { calls: 'selected', workspaceIds: ['2'] }, call('12', false, '2'), true],
    ['workspace 2, call in 1', { calls: 'selected', workspaceIds: ['2'] }, call('12', false, '1'), false],
    ['unknown team lead: nobody', { calls: 'selected', teamLeadIds: ['99'] }, call('12', false), false],
  ])('%s', (_name, scope, facts, expected) => {
    expect(audienceMayReceive(service(scope), facts)).toBe(expected);
  });

  it('a user audience is the access filter: own private calls yes, others\' private calls no', () => {
    const filter: AccessFilter = { ...denyAllAccessFilter('11'), ownUserId: '11', allWorkspaceIds: ['1'] };
    expect(audienceMayReceive({ kind: 'user', filter }, call('11', true))).toBe(true);
    expect(audienceMayReceive({ kind: 'user', filter }, call('12', true))).toBe(false);
    expect(audienceMayReceive({ kind: 'user', filter }, call('12', false))).toBe(true);
    expect(audienceMayReceive({ kind: 'user', filter: denyAllAccessFilter('11') }, call('12', false))).toBe(false);
  });

  it('refuses scopes that say nothing or contradict themselves', () => {
    expect(SubscriptionScopeSchema.safeParse({ calls: 'selected' }).success).toBe(false);
    expect(SubscriptionScopeSchema.safeParse({ calls: 'all', userIds: ['1'] }).success).toBe(false);
    expect(SubscriptionScopeSchema.safeParse({ calls: 'selected', userIds: ['x'] }).success).toBe(false);
  });
});
