import { describe, expect, it } from '@jest/globals';
import { ErrorCode } from '@gong-connector/contracts';
import type { CallListQuery, CallListRow, CallRecord } from '@gong-connector/persistence';
import { CALLS, USERS, WORKSPACE, acme, makeCall, makeTranscript } from '../../test/agent-api.fixture.js';
import { counterValue, failureOf, managerFilter, newTestServices, ownFilter, resolvedAccount } from '../../test/unit.fixture.js';
import { recorder } from '@gong-connector/testing';

const aliceCall = makeCall(CALLS.aliceAcme, USERS.alice, acme, '2026-01-05T15:00:00.000Z', 'Acme discovery');
const bobCall = makeCall(CALLS.bobAcme, USERS.bob, acme, '2026-01-08T15:00:00.000Z', 'Acme negotiation');
const bobPrivate: CallRecord = { ...bobCall, isPrivate: true };
const stored = (...calls: CallRecord[]) => async (id: string): Promise<CallRecord | undefined> => calls.find((c) => c.id === id);

const row = (id: string, started: string): CallListRow => ({ id, title: `Call ${id}`, started, durationS: 600, workspaceId: WORKSPACE, primaryUserId: USERS.bob.id, isPrivate: false, url: null, internal: false, accounts: [{ id: acme.id, name: acme.name }] });
const cursorOf = (started: string, id: string): string => Buffer.from(JSON.stringify({ s: started, i: id })).toString('base64url');

const expectCode = async (p: Promise<unknown>, code: ErrorCode): Promise<void> => {
  expect((await failureOf(p)).code).toBe(code);
};

describe('CallsService', () => {
  describe('list', () => {
    it('asks for one row more than the page, and gives a cursor from the last row of the page when there are more', async () => {
      const rows = [row('7000000000000000013', '2026-01-09T15:00:00.000Z'), row('7000000000000000012', '2026-01-08T15:00:00.000Z'), row('7000000000000000011', '2026-01-07T15:00:00.000Z')];
      const listCalls = recorder(async (q: CallListQuery) => rows.slice(0, q.limit));
      const { calls } = newTestServices({ queries: { listCalls, resolveAccounts: async () => [resolvedAccount(acme.id, acme.name)] } });
      const page = await calls.list({ filter: managerFilter, account: acme.id, limit: 2 });
      expect(page.calls.map((c) => c.id)).toEqual(['7000000000000000013', '7000000000000000012']);
      expect(page.nextCursor).toBe(cursorOf('2026-01-08T15:00:00.000Z', '7000000000000000012'));
      expect(listCalls.calls).toEqual([[{ filter: managerFilter, startedFrom: undefined, startedTo: undefined, accountIds: [acme.id], participant: undefined, text: undefined, limit: 3, after: undefined }]]);
      expect(page.calls[0]).toMatchObject({ hostUserId: USERS.bob.id, links: { self: '/v1/calls/7000000000000000013' } });
    });

    it('continues after the cursor, and has no cursor on the last page', async () => {
      const listCalls = recorder(async (_q: CallListQuery) => [row('7000000000000000011', '2026-01-07T15:00:00.000Z')]);
      const { calls } = newTestServices({ queries: { listCalls } });
      const page = await calls.list({ filter: managerFilter, limit: 2, cursor: cursorOf('2026-01-08T15:00:00.000Z', '7000000000000000012') });
      expect(page.nextCursor).toBeNull();
      expect(listCalls.calls[0]![0].after).toEqual({ started: '2026-01-08T15:00:00.000Z', id: '7000000000000000012' });
    });

    it.each(['garbage', Buffer.from('{"s":"not a date","i":"1"}').toString('base64url'), Buffer.from('[1]').toString('base64url')])(
      'refuses a cursor it did not give (%s) without querying',
      async (cursor) => {
        const { calls } = newTestServices();
        await expectCode(calls.list({ filter: managerFilter, limit: 2, cursor }), ErrorCode.VALIDATION_FAILED);
      },
    );
  });

  describe('get', () => {
    it('answers a call the user may see, from the replica', async () => {
      const { calls } = newTestServices({ calls: { getCall: stored(aliceCall) } });
      await expect(calls.get(ownFilter(USERS.alice.id), CALLS.aliceAcme)).resolves.toMatchObject({ id: CALLS.aliceAcme, title: 'Acme discovery', hostUserId: USERS.alice.id });
    });

    it('answers NOT_FOUND for a call the user may not see, exactly like a missing one', async () => {
      const { calls } = newTestServices({ calls: { getCall: stored(bobCall) }, live: null });
      const hidden = await failureOf(calls.get(ownFilter(USERS.alice.id), CALLS.bobAcme));
      const missing = await failureOf(calls.get(ownFilter(USERS.alice.id), '7999999999999999999'));
      expect(hidden.code).toBe(ErrorCode.NOT_FOUND);
      expect(missing.code).toBe(ErrorCode.NOT_FOUND);
      expect(hidden.message.replace(CALLS.bobAcme, 'ID')).toBe(missing.message.replace('7999999999999999999', 'ID'));
    });

    it('hides a private call from a manager who sees every other call of the workspace', async () => {
      const { calls } = newTestServices({ calls: { getCall: stored(bobPrivate) } });
      await expectCode(calls.get(managerFilter, CALLS.bobAcme), ErrorCode.NOT_FOUND);
      await expect(calls.get(ownFilter(USERS.bob.id), CALLS.bobAcme)).resolves.toMatchObject({ isPrivate: true });
    });

    it('fetches a call the replica does not hold from the live source, then applies the same access rule', async () => {
      const fetch = recorder(async (id: string) => (id === CALLS.bobAcme ? { call: bobCall, transcript: makeTranscript(CALLS.bobAcme, 'anvils') } : undefined));
      const { calls, registry } = newTestServices({ calls: { getCall: async () => undefined }, live: { fetch } });
      await expect(calls.get(managerFilter, CALLS.bobAcme)).resolves.toMatchObject({ id: CALLS.bobAcme });
      await expectCode(calls.get(ownFilter(USERS.alice.id), CALLS.bobAcme), ErrorCode.NOT_FOUND);
      await expectCode(calls.get(managerFilter, '7999999999999999999'), ErrorCode.NOT_FOUND);
      expect(fetch.calls).toEqual([[CALLS.bobAcme], [CALLS.bobAcme], ['7999999999999999999']]);
      await expect(counterValue(registry, 'agent_api_live_fallback_total', { outcome: 'found' })).resolves.toBe(2);
      await expect(counterValue(registry, 'agent_api_live_fallback_total', { outcome: 'missing' })).resolves.toBe(1);
    });

    it('does not ask Gong when the live fallback is turned off', async () => {
      const { calls } = newTestServices({ calls: { getCall: async () => undefined }, live: {}, liveFallback: false });
      await expectCode(calls.get(managerFilter, CALLS.bobAcme), ErrorCode.NOT_FOUND);
    });
  });

  describe('transcript', () => {
    const getTranscript = async () => makeTranscript(CALLS.aliceAcme, 'rockets');

    it('pages monologues with speakers resolved, and continues from the cursor', async () => {
      const { calls } = newTestServices({ calls: { getCall: stored(aliceCall), getTranscript } });
      const first = await calls.transcript(ownFilter(USERS.alice.id), CALLS.aliceAcme, { limit: 2 });
      expect(first).toMatchObject({ callId: CALLS.aliceAcme, totalMonologues: 3, nextCursor: '2' });
      expect(first.monologues.map((m) => m.speaker.name)).toEqual(['Alice Rep', `CTO of ${acme.name}`]);
      const rest = await calls.transcript(ownFilter(USERS.alice.id), CALLS.aliceAcme, { limit: 2, cursor: '2' });
      expect(rest).toMatchObject({ nextCursor: null });
      expect(rest.monologues.map((m) => m.text)).toEqual(['Understood, I will send a proposal next week.']);
    });

    it('restricts to a time range', async () => {
      const { calls } = newTestServices({ calls: { getCall: stored(aliceCall), getTranscript } });
      const ranged = await calls.transcript(ownFilter(USERS.alice.id), CALLS.aliceAcme, { fromMs: 5000, toMs: 8000, limit: 10 });
      expect(ranged.monologues.map((m) => m.speaker.affiliation)).toEqual(['External']);
    });

    it('refuses a cursor that is not an offset', async () => {
      const { calls } = newTestServices({ calls: { getCall: stored(aliceCall), getTranscript } });
      await expectCode(calls.transcript(ownFilter(USERS.alice.id), CALLS.aliceAcme, { limit: 2, cursor: 'x' }), ErrorCode.VALIDATION_FAILED);
    });

    it('never answers the transcript of a call the user may not see', async () => {
      const { calls } = newTestServices({ calls: { getCall: stored(bobCall), getTranscript: async () => makeTranscript(CALLS.bobAcme, 'anvils') } });
      await expectCode(calls.transcript(ownFilter(USERS.alice.id), CALLS.bobAcme, { limit: 10 }), ErrorCode.NOT_FOUND);
    });
  });
});
