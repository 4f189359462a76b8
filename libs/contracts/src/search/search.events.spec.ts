import { describe, expect, it } from '@jest/globals';
import { CallIndexedV1Schema } from './search.events.js';

const event = {
  callId: '7000000000000000001',
  title: 'Acme discovery',
  started: '2026-01-05T15:00:00.000Z',
  workspaceId: '5000000000000000001',
  accounts: [{ id: 'crm:salesforce:001ACME', name: 'Acme Corp' }],
  hostUserId: '1000000000000000002',
  participantUserIds: ['1000000000000000002'],
  chunkCount: 3,
  indexedAt: '2026-01-05T16:00:00.000Z',
};

describe('CallIndexedV1Schema', () => {
  it('carries whether the call is private', () => {
    expect(CallIndexedV1Schema.parse({ ...event, isPrivate: true }).isPrivate).toBe(true);
    expect(CallIndexedV1Schema.parse({ ...event, isPrivate: false }).isPrivate).toBe(false);
  });

  it('still parses an event stored before isPrivate existed, leaving it unset', () => {
    const parsed = CallIndexedV1Schema.parse(event);
    expect(parsed).not.toHaveProperty('isPrivate');
  });

  it('rejects an isPrivate that is not a boolean', () => {
    expect(CallIndexedV1Schema.safeParse({ ...event, isPrivate: 'no' }).success).toBe(false);
  });
});
