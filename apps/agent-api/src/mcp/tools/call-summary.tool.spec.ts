import { describe, expect, it } from '@jest/globals';
import { ErrorCode } from '@gong-connector/contracts';
import type { CallRecord } from '@gong-connector/persistence';
import { CALLS, USERS, acme, makeCall } from '../../../test/agent-api.fixture.js';
import { failureOf, newTestServices, ownFilter, principal } from '../../../test/unit.fixture.js';
import { ApiRequestSchemas } from '../../api/api-request.schemas.js';
import { CallSummaryOutputSchema, CallSummaryTool } from './call-summary.tool.js';

const bobCall: CallRecord = {
  ...makeCall(CALLS.bobAcme, USERS.bob, acme, '2026-01-08T15:00:00.000Z', 'Acme negotiation'),
  url: `https://app.gong.io/call?id=${CALLS.bobAcme}`,
  brief: 'Acme wants a discount before signing.',
  outline: [{ section: 'Pricing', startTime: 60, duration: 300, items: [{ text: 'Discount asked', startTime: 70 }] }],
  highlights: [{ title: 'Next steps', items: [{ text: 'Send the revised quote', startTimes: [1500] }] }, { title: 'Pricing', items: [{ text: 'Budget is fixed' }] }],
  keyPoints: [{ text: 'Budget approved for Q1' }],
  callOutcome: { id: 'X', category: 'Answered', name: 'Meeting booked' },
};
const newTestTool = (...stored: CallRecord[]) =>
  new CallSummaryTool(newTestServices({ calls: { getCall: async (id: string) => stored.find((c) => c.id === id) }, live: null }).calls);

describe('CallSummaryTool', () => {
  it('takes the call id, and declares its output', () => {
    const tool = newTestTool();
    expect(tool.inputSchema).toBe(ApiRequestSchemas.callId);
    expect(tool.outputSchema).toBe(CallSummaryOutputSchema);
    expect(tool.requiredScope).toBe('gong:read');
  });

  it('answers Gong’s summary of the call without its transcript: brief, outline, key points, outcome and next steps', async () => {
    const answer = await newTestTool(bobCall).run(principal(USERS.bob, ownFilter(USERS.bob.id)), { callId: CALLS.bobAcme });
    expect(CallSummaryOutputSchema.parse(answer.data)).toEqual(answer.data);
    expect(answer.data).toMatchObject({ id: CALLS.bobAcme, url: bobCall.url, summary: { brief: bobCall.brief, nextSteps: ['Send the revised quote'], callOutcome: bobCall.callOutcome } });
    expect(answer.text.split('\n')).toEqual([
      `Acme negotiation (2026-01-08, 30 min) call ${CALLS.bobAcme} ${bobCall.url}`,
      'Brief: Acme wants a discount before signing.',
      'Outline:',
      '- Pricing: Discount asked',
      'Key points:',
      '- Budget approved for Q1',
      'Outcome: Meeting booked',
      'Next steps: Send the revised quote',
    ]);
  });

  it('reports a call the user may not see as not found', async () => {
    await expect(failureOf(newTestTool(bobCall).run(principal(USERS.alice, ownFilter(USERS.alice.id)), { callId: CALLS.bobAcme }))).resolves.toMatchObject({ code: ErrorCode.NOT_FOUND });
  });
});
