import { describe, expect, it } from '@jest/globals';
import type { KeywordTrackerRecord, TrackerRepository } from '@gong-connector/persistence';
import { recorder, strictFake } from '@gong-connector/testing';
import { USERS } from '../../../test/agent-api.fixture.js';
import { managerFilter, principal } from '../../../test/unit.fixture.js';
import { ApiRequestSchemas } from '../../api/api-request.schemas.js';
import { TrackersService } from '../../trackers/trackers.service.js';
import { ListTrackersOutputSchema, ListTrackersTool } from './list-trackers.tool.js';

const tracker = (id: string, name: string, affiliation: string, phrases: string[]): KeywordTrackerRecord => ({
  id, name, workspaceId: '5100000000000000001', affiliation, keywords: [{ language: 'eng', phrases }], saidAt: 'Anytime', saidInTopics: [], partOfQuestion: false, updated: null,
});
const TRACKERS = [tracker('11', 'Competitors', 'Anyone', ['Gong', 'Chorus']), tracker('12', 'Pricing', 'NonCompany', ['discount', 'budget'])];

function newTestTool(stored = TRACKERS) {
  const list = recorder(async (_o?: { workspaceIds?: readonly string[] }) => stored);
  const tool = new ListTrackersTool(new TrackersService(strictFake<TrackerRepository>('TrackerRepository', { list })));
  return { tool, list };
}

describe('ListTrackersTool', () => {
  it('takes /v1/trackers’s query as input and declares its output', () => {
    const { tool } = newTestTool();
    expect(tool.inputSchema).toBe(ApiRequestSchemas.listTrackers);
    expect(tool.outputSchema).toBe(ListTrackersOutputSchema);
  });

  it('lists the trackers with their phrases and whose words count', async () => {
    const { tool } = newTestTool();
    const answer = await tool.run(principal(USERS.alice, managerFilter), tool.inputSchema.parse({}));
    expect(ListTrackersOutputSchema.parse(answer.data)).toEqual(answer.data);
    expect(answer.text.split('\n')).toEqual(['2 trackers.', '- Competitors (said by anyone): Gong, Chorus', '- Pricing (said by customers): discount, budget']);
  });

  it('filters by text in a name or a phrase, and by workspace', async () => {
    const { tool, list } = newTestTool();
    const answer = await tool.run(principal(USERS.alice, managerFilter), tool.inputSchema.parse({ q: 'DISCOUNT', workspace: '5100000000000000001' }));
    expect((answer.data.trackers as KeywordTrackerRecord[]).map((t) => t.name)).toEqual(['Pricing']);
    expect(list.calls).toEqual([[{ workspaceIds: ['5100000000000000001'] }]]);
  });

  it('says when no tracker is replicated yet', async () => {
    const { tool } = newTestTool([]);
    await expect(tool.run(principal(USERS.alice, managerFilter), tool.inputSchema.parse({}))).resolves.toEqual({ data: { trackers: [] }, text: 'No tracker is replicated yet (ingest syncs them daily).' });
  });
});
