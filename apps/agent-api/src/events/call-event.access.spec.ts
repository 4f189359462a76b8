import { describe, expect, it } from '@jest/globals';
import type { AccessFilter, CallIndexedV1 } from '@gong-connector/contracts';
import type { CallRecord, CallReadRepository } from '@gong-connector/persistence';
import { USERS, WORKSPACE, acme, makeCall } from '../../test/agent-api.fixture.js';
import { accessFilter as filter } from '../../test/unit.fixture.js';
import { CallEventAccess } from './call-event.access.js';
import { recorder, strictFake } from '@gong-connector/testing';

const OTHER_WORKSPACE = '5000000000000000009';

const allOfWorkspace = filter({ allWorkspaceIds: [WORKSPACE] });
const ownOnly = (userId: string): AccessFilter => filter({ userId, ownUserId: userId });
const teamOf = (hosts: string[]): AccessFilter => filter({ hostUserIdsByWorkspace: [{ workspaceId: WORKSPACE, hostUserIds: hosts }] });
const granted = (callId: string): AccessFilter => filter({ grantedCallIds: [callId] });
const denyAll = filter({ ownUserId: null });

const event = (over: Partial<CallIndexedV1> = {}): CallIndexedV1 => ({
  callId: '7000000000000000001',
  title: 'Acme discovery',
  started: '2026-01-05T15:00:00.000Z',
  workspaceId: WORKSPACE,
  accounts: [{ id: acme.id, name: acme.name }],
  hostUserId: USERS.bob.id,
  participantUserIds: [USERS.bob.id],
  chunkCount: 3,
  indexedAt: '2026-01-05T16:00:00.000Z',
  isPrivate: false,
  ...over,
});

/** The service with a strict fake replica: no read unless a case sets `getCall` up. */
function newTestService(getCall?: (id: string) => Promise<CallRecord | undefined>) {
  const read = getCall ? recorder(getCall) : undefined;
  const calls = strictFake<Pick<CallReadRepository, 'getCall'>>('CallReadRepository', read ? { getCall: read } : {});
  return { sut: new CallEventAccess(calls), reads: read?.calls ?? [] };
}

describe('CallEventAccess: which SSE clients receive a call.indexed', () => {
  it.each<[string, AccessFilter, Partial<CallIndexedV1>, boolean]>([
    ['the whole workspace, an open call', allOfWorkspace, {}, true],
    ['the whole workspace, a private call of someone else', allOfWorkspace, { isPrivate: true }, false],
    ['the whole workspace, a call of another workspace', allOfWorkspace, { workspaceId: OTHER_WORKSPACE }, false],
    ['the whole workspace, a call without a workspace', allOfWorkspace, { workspaceId: null }, false],
    ['own calls, as the host of a private call', ownOnly(USERS.bob.id), { isPrivate: true }, true],
    ['own calls, as a participant of a private call', ownOnly(USERS.alice.id), { isPrivate: true, participantUserIds: [USERS.bob.id, USERS.alice.id] }, true],
    ['own calls, someone else’s open call', ownOnly(USERS.alice.id), {}, false],
    ['a team, an open call of a member', teamOf([USERS.bob.id]), {}, true],
    ['a team, a private call of a member', teamOf([USERS.bob.id]), { isPrivate: true }, false],
    ['a team, a call of someone outside it', teamOf([USERS.alice.id]), {}, false],
    ['a team, a call without a host', teamOf([USERS.bob.id]), { hostUserId: null, participantUserIds: [] }, false],
    ['a granted call', granted('7000000000000000001'), {}, true],
    ['a granted call that is private', granted('7000000000000000001'), { isPrivate: true }, false],
    ['another call than the granted one', granted('7000000000000000009'), {}, false],
    ['the deny-all filter', denyAll, {}, false],
  ])('%s: decided from the event, without reading the call', async (_, f, over, expected) => {
    const { sut } = newTestService();
    await expect(sut.mayReceive(f, event(over))).resolves.toBe(expected);
  });

  it('reads the call from the replica for an event without isPrivate (published before it existed), and uses the stored privacy', async () => {
    const stored = { ...makeCall('7000000000000000001', USERS.bob, acme, '2026-01-05T15:00:00.000Z', 'Acme discovery'), isPrivate: true };
    const { sut, reads } = newTestService(async () => stored);
    const old = event();
    delete old.isPrivate;
    await expect(sut.mayReceive(allOfWorkspace, old)).resolves.toBe(false);
    await expect(sut.mayReceive(ownOnly(USERS.bob.id), old)).resolves.toBe(true);
    expect(reads).toEqual([['7000000000000000001'], ['7000000000000000001']]);
  });

  it('does not send an old event of a call the replica does not hold', async () => {
    const { sut } = newTestService(async () => undefined);
    const old = event();
    delete old.isPrivate;
    await expect(sut.mayReceive(allOfWorkspace, old)).resolves.toBe(false);
  });

  it('fails on a read the case did not set up (the fake is strict)', async () => {
    const { sut } = newTestService();
    const old = event();
    delete old.isPrivate;
    await expect(sut.mayReceive(allOfWorkspace, old)).rejects.toThrow('unexpected call: CallReadRepository.getCall');
  });
});
