import { describe, expect, it } from '@jest/globals';
import { ErrorCode } from '@gong-connector/contracts';
import type { CallRecord } from '@gong-connector/persistence';
import { CALLS, USERS, acme, makeCall } from '../../../test/agent-api.fixture.js';
import { failureOf, newTestServices, ownFilter, principal } from '../../../test/unit.fixture.js';
import { ApiRequestSchemas } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import { GetCallTool } from './get-call.tool.js';

const bobCall = makeCall(CALLS.bobAcme, USERS.bob, acme, '2026-01-08T15:00:00.000Z', 'Acme negotiation');
const newTestTool = (...stored: CallRecord[]) =>
  new GetCallTool(newTestServices({ calls: { getCall: async (id: string) => stored.find((c) => c.id === id) }, live: null }).calls);

describe('GetCallTool', () => {
  it('takes /v1/calls/{callId}’s path schema as its input', () => {
    expect(newTestTool().inputSchema).toBe(ApiRequestSchemas.callId);
    expect(() => newTestTool().inputSchema.parse({ callId: 7000000000000002 })).toThrow();
  });

  it('renders the call, its accounts, parties, topics and trackers', async () => {
    const tool = newTestTool(bobCall);
    const answer = await tool.run(principal(USERS.bob, ownFilter(USERS.bob.id)), { callId: CALLS.bobAcme });
    expect(answer.text.split('\n')).toEqual([
      `Acme negotiation (2026-01-08T15:00:00.000Z, 30 min) call ${CALLS.bobAcme}`,
      `Brief: ${bobCall.brief ?? 'none'}`,
      'Accounts: Acme Corp',
      'Parties: Bob Rep (Internal, Account Executive); CTO of Acme Corp (External, CTO)',
      'Topics: Pricing',
      'Trackers: Competitors×1',
      'CRM Account Acme Corp: ',
    ]);
    expect(answer.data).toMatchObject({ id: CALLS.bobAcme, hostUserId: USERS.bob.id });
    expect(tool.outputSchema).toBe(ApiResponseSchemas.call);
    expect(tool.outputSchema.safeParse(answer.data).success).toBe(true);
  });

  it("shows Gong's call outcome when the call has one", async () => {
    const tool = newTestTool({ ...bobCall, callOutcome: { id: '4', category: 'Answered', name: 'Meeting booked' } });
    const answer = await tool.run(principal(USERS.bob, ownFilter(USERS.bob.id)), { callId: CALLS.bobAcme });
    expect(answer.text.split('\n')).toContain('Outcome: Meeting booked (Answered)');
    expect(answer.data).toMatchObject({ summary: { callOutcome: { name: 'Meeting booked' } } });
  });

  it('reports a call the user may not see as not found', async () => {
    const tool = newTestTool(bobCall);
    await expect(failureOf(tool.run(principal(USERS.alice, ownFilter(USERS.alice.id)), { callId: CALLS.bobAcme }))).resolves.toMatchObject({ code: ErrorCode.NOT_FOUND });
  });
});
