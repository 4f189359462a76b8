import { describe, expect, it } from '@jest/globals';
import type { TranscriptRecord } from '@gong-connector/persistence';
import { CALLS, USERS, acme, makeCall, makeTranscript } from '../../../test/agent-api.fixture.js';
import { newTestServices, ownFilter, principal } from '../../../test/unit.fixture.js';
import { ApiRequestSchemas } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import { GET_TRANSCRIPT_PAGE_MAX, GetTranscriptTool } from './get-transcript.tool.js';

const alice = principal(USERS.alice, ownFilter(USERS.alice.id));
const call = makeCall(CALLS.aliceAcme, USERS.alice, acme, '2026-01-05T15:00:00.000Z', 'Acme discovery');

function newTestTool(transcript: TranscriptRecord) {
  return new GetTranscriptTool(newTestServices({ calls: { getCall: async () => call, getTranscript: async () => transcript } }).calls);
}

describe('GetTranscriptTool', () => {
  it('takes the call id and /v1/calls/{callId}/transcript’s query as its input', () => {
    const tool = newTestTool(makeTranscript(CALLS.aliceAcme, 'rockets'));
    expect(Object.keys(tool.inputSchema.shape).sort()).toEqual(['callId', ...Object.keys(ApiRequestSchemas.transcript.shape)].sort());
    expect(tool.inputSchema.parse({ callId: CALLS.aliceAcme, fromMs: '5000', limit: 2 })).toEqual({ callId: CALLS.aliceAcme, fromMs: 5000, limit: 2 });
  });

  it('renders a page of monologues with offsets and speakers, and the cursor for more', async () => {
    const tool = newTestTool(makeTranscript(CALLS.aliceAcme, 'rockets'));
    const answer = await tool.run(alice, tool.inputSchema.parse({ callId: CALLS.aliceAcme, limit: 2 }));
    expect(answer.text.split('\n')).toEqual([
      'Acme discovery (2026-01-05T15:00:00.000Z) — monologues 0-1 of 3',
      '[0:00] Alice Rep (Internal): Thanks for joining, let us talk about pricing for rockets.',
      '[0:04] CTO of Acme Corp (External): Our budget for rockets is tight and the security review matters.',
      'More: cursor "2".',
    ]);
    expect(answer.data).toMatchObject({ callId: CALLS.aliceAcme, totalMonologues: 3, nextCursor: '2' });
    expect(answer.pageSize).toBe(2);
    expect(tool.outputSchema).toBe(ApiResponseSchemas.transcript);
    expect(tool.outputSchema.safeParse(answer.data).success).toBe(true);
  });

  it('caps a page at the MCP maximum', async () => {
    const long: TranscriptRecord = {
      callId: CALLS.aliceAcme,
      fetchedAt: '2026-01-10T00:00:00.000Z',
      monologues: Array.from({ length: GET_TRANSCRIPT_PAGE_MAX + 20 }, (_, i) => ({ speakerId: '1', topic: null, sentences: [{ start: i * 1000, end: i * 1000 + 900, text: `Sentence ${i}.` }] })),
    };
    const tool = newTestTool(long);
    const answer = await tool.run(alice, tool.inputSchema.parse({ callId: CALLS.aliceAcme, limit: 500 }));
    expect(answer.data).toMatchObject({ totalMonologues: GET_TRANSCRIPT_PAGE_MAX + 20, nextCursor: String(GET_TRANSCRIPT_PAGE_MAX) });
    expect(answer.data.monologues).toHaveLength(GET_TRANSCRIPT_PAGE_MAX);
  });
});
