import { describe, expect, it } from '@jest/globals';
import { USERS } from '../../../test/agent-api.fixture.js';
import { ownFilter, principal } from '../../../test/unit.fixture.js';
import { BriefingRequestSchema, BriefingResponseSchema, type BriefingView } from '../../briefings/briefing.schemas.js';
import type { MeetingPrepService } from '../../briefings/meeting-prep.service.js';
import { MCP_RESULT_BUDGET_BYTES, resultBytes } from '../agent-mcp.server-builder.js';
import { MeetingPrepTool } from './meeting-prep.tool.js';

const call = (i: number) => ({ id: String(7_000_000_000_000_000_000n + BigInt(i)), title: `Call ${i}`, started: `2026-01-${String(10 + i).padStart(2, '0')}T10:00:00.000Z`, url: null });
/** A brief far over the result budget: long Gong summaries on every call, long passages. */
function bigBrief(): BriefingView {
  return {
    account: { id: 'crm:salesforce:001ACME', name: 'Acme', domains: ['acme.example'], matchedBy: 'name' },
    generatedAt: '2026-01-20T00:00:00.000Z',
    lastCalls: Array.from({ length: 10 }, (_, i) => ({ ...call(i), internal: false, brief: 'b'.repeat(600), outcome: 'Meeting booked', keyPoints: Array(5).fill('k'.repeat(300)), nextSteps: Array(5).fill('n'.repeat(300)) })),
    attendees: Array.from({ length: 5 }, (_, i) => ({ email: `p${i}@acme.example`, name: null, title: null, affiliation: 'External', callsAttended: 3, lastCallAt: null, recentCalls: [call(1)], raised: Array(3).fill({ callId: call(1).id, started: call(1).started, text: 'r'.repeat(300), startMs: 0, topic: null }) })),
    openObjections: [],
    competitors: [{ name: 'Initech', mentions: 3, lastMentionedAt: call(2).started, quotes: [{ callId: call(2).id, started: call(2).started, text: 'q'.repeat(300) }] }],
    deals: [],
    dealsNote: null,
    live: { checked: true, since: '2026-01-19T18:00:00.000Z', gongRequests: 1, newCalls: [], note: 'No call missing.' },
    citedCallIds: [call(1).id],
    callsRead: 10,
  };
}

describe('MeetingPrepTool', () => {
  it('keeps an answer over the result budget under it by cutting the brief, never by asking again (one live check per call)', async () => {
    let briefs = 0;
    const tool = new MeetingPrepTool({ brief: async () => (briefs++, bigBrief()) } as unknown as MeetingPrepService);
    expect(resultBytes(await (async () => ({ data: bigBrief(), text: JSON.stringify(bigBrief()) }))())).toBeGreaterThan(MCP_RESULT_BUDGET_BYTES);
    const answer = await tool.run(principal(USERS.alice, ownFilter(USERS.alice.id)), BriefingRequestSchema.parse({ account: 'Acme', calls: 10 }));
    expect(briefs).toBe(1);
    expect(resultBytes(answer)).toBeLessThanOrEqual(MCP_RESULT_BUDGET_BYTES);
    const data = BriefingResponseSchema.parse(answer.data);
    expect(data.lastCalls.length).toBeGreaterThanOrEqual(1);
    expect(data.lastCalls.length).toBeLessThan(10);
    expect(data.lastCalls[0]!.id).toBe(call(0).id);
    expect(answer.text).toContain('Call 0');
  });

  it('is listed as an open-world read (it may ask Gong once) with the briefing schemas', () => {
    const tool = new MeetingPrepTool({} as unknown as MeetingPrepService);
    expect(tool.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: true });
    expect(tool.inputSchema).toBe(BriefingRequestSchema);
    expect(tool.outputSchema).toBe(BriefingResponseSchema);
    expect(BriefingRequestSchema.safeParse({ account: 'acme', attendees: 'a@acme.io, B@Acme.io' }).data?.attendees).toEqual(['a@acme.io', 'b@acme.io']);
    expect(BriefingRequestSchema.safeParse({ account: 'acme', attendees: ['nope'] }).success).toBe(false);
  });
});
