import { describe, expect, it } from '@jest/globals';
import { USERS } from '../../../test/agent-api.fixture.js';
import { accessFilter, ownFilter, principal } from '../../../test/unit.fixture.js';
import { WhoamiTool } from './whoami.tool.js';

describe('WhoamiTool', () => {
  it('names the user the connection acts for and how fresh their permissions are', async () => {
    const tool = new WhoamiTool();
    const answer = await tool.run(principal(USERS.alice, ownFilter(USERS.alice.id)));
    expect(tool.outputSchema.safeParse(answer.data).success).toBe(true);
    expect(answer).toEqual({
      data: { user: { id: USERS.alice.id, email: USERS.alice.email, name: 'Alice Rep', title: 'Account Executive', active: true }, subject: USERS.alice.email, permissionsAsOf: '2026-01-15T12:00:00.000Z' },
      text: `Alice Rep (${USERS.alice.email}, Gong user ${USERS.alice.id})`,
    });
  });

  it('says when the user is unknown to the replica, so nothing is visible', async () => {
    const unknown = { ...principal(USERS.alice, accessFilter({ ownUserId: null })), user: null, subject: 'nobody@ourco.example' };
    await expect(new WhoamiTool().run(unknown)).resolves.toMatchObject({ data: { user: null }, text: 'Unknown Gong user nobody@ourco.example: no calls are visible' });
  });

  it('takes no arguments', () => {
    expect(new WhoamiTool().inputSchema).toBeUndefined();
  });
});
