import { describe, expect, it } from '@jest/globals';
import { CallFactsSchema, toCallFacts } from './call-facts.schema.js';

describe('toCallFacts', () => {
  it('renames Gong call fields to indexed facts', () => {
    const facts = toCallFacts({
      id: '7782342274025937895',
      workspaceId: '1',
      primaryUserId: '234599484848423',
      participantUserIds: ['563515258458745'],
      isPrivate: true,
    });
    expect(CallFactsSchema.parse(facts)).toEqual({
      callId: '7782342274025937895',
      workspaceId: '1',
      hostUserId: '234599484848423',
      participantUserIds: ['563515258458745'],
      isPrivate: true,
    });
  });
});
