import { describe, expect, it } from '@jest/globals';
import { CallIndexedWebhookV1Schema, type CallIndexedWebhookV1 } from './call-indexed.webhook.js';

const payload: CallIndexedWebhookV1 = {
  event: 'call.indexed',
  eventId: '7000000000000000001@2026-01-05T16:00:00.000Z',
  occurredAt: '2026-01-05T16:00:00.000Z',
  data: {
    callId: '7000000000000000001',
    title: 'Acme discovery',
    started: '2026-01-05T15:00:00.000Z',
    workspaceId: '5000000000000000001',
    accounts: [{ id: 'crm:salesforce:001ACME', name: 'Acme Corp' }],
    host: { userId: '1000000000000000002', name: 'Alice Rep', email: 'alice.rep@ourco.example' },
    participants: [
      { name: 'Alice Rep', email: 'alice.rep@ourco.example', affiliation: 'Internal', userId: '1000000000000000002' },
      { name: 'CTO of Acme', email: 'cto@acme.example', affiliation: 'External', userId: null },
    ],
    chunkCount: 3,
    indexedAt: '2026-01-05T16:00:00.000Z',
    links: {
      call: 'https://agents.example.com/v1/calls/7000000000000000001',
      transcript: 'https://agents.example.com/v1/calls/7000000000000000001/transcript',
      note: 'Fetch with your own bearer token: the answer is filtered to what that user may see.',
    },
  },
};

describe('CallIndexedWebhookV1Schema (the public call.indexed webhook body)', () => {
  it('accepts the body agent-api sends, unchanged', () => {
    expect(CallIndexedWebhookV1Schema.parse(payload)).toEqual(payload);
  });

  it('accepts a call without workspace, host user or replica copy (participants from the event)', () => {
    const sparse = { ...payload, data: { ...payload.data, workspaceId: null, host: { userId: null, name: null, email: null }, participants: [] } };
    expect(CallIndexedWebhookV1Schema.safeParse(sparse).success).toBe(true);
  });

  it.each<[string, unknown]>([
    ['a numeric call id (Gong ids are strings)', { ...payload, data: { ...payload.data, callId: 7000000000000001 } }],
    ['another event name', { ...payload, event: 'call.created' }],
    ['a field this version does not have', { ...payload, data: { ...payload.data, transcript: 'all of it' } }],
    ['a participant with an unknown affiliation', { ...payload, data: { ...payload.data, participants: [{ name: null, email: null, affiliation: 'Sideways', userId: null }] } }],
    ['a link that is not a URL', { ...payload, data: { ...payload.data, links: { ...payload.data.links, call: '/v1/calls/1' } } }],
    ['a date without offset', { ...payload, occurredAt: '2026-01-05 16:00' }],
  ])('rejects %s', (_, body) => {
    expect(CallIndexedWebhookV1Schema.safeParse(body).success).toBe(false);
  });
});
