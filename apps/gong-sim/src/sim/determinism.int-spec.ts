import { afterAll, describe, expect, it } from '@jest/globals';
import { createTestSim, TEST_START, type TestSim, type Body } from '../../test/gong-sim.fixture.js';
import { ManualClock } from '../time/manual.clock.js';

const opened: TestSim[] = [];
afterAll(async () => {
  await Promise.all(opened.map((t) => t.sim.close()));
});

async function answers(seed: string): Promise<string[]> {
  const t = await createTestSim({ seed, clock: new ManualClock(TEST_START) });
  opened.push(t);
  const ws = t.sim.company.data.workspaces[0].id;
  const out: string[] = [];
  const first = await t.request('GET', '/v2/calls');
  out.push(first.text);
  out.push((await t.request('GET', `/v2/calls?cursor=${encodeURIComponent(first.json.records.cursor)}`)).text);
  const ids = first.json.calls.slice(0, 20).map((c: Body) => c.id);
  out.push(
    (
      await t.request('POST', '/v2/calls/extensive', {
        filter: { callIds: ids },
        contentSelector: { context: 'Extended', contextTiming: ['Now', 'TimeOfCall'], exposedFields: { parties: true, content: { trackers: true, trackerOccurrences: true, topics: true, brief: true, highlights: true, outline: true, keyPoints: true, structure: true, callOutcome: true }, interaction: { speakers: true, video: true, personInteractionStats: true, questions: true }, collaboration: { publicComments: true } } },
      })
    ).text,
  );
  out.push((await t.request('POST', '/v2/calls/transcript', { filter: { callIds: ids } })).text);
  out.push((await t.request('GET', '/v2/users?includeAvatars=true')).text);
  out.push((await t.request('GET', '/v2/workspaces')).text);
  out.push((await t.request('GET', `/v2/all-permission-profiles?workspaceId=${ws}`)).text);
  out.push((await t.request('POST', '/v2/calls/users-access', { filter: { callIds: ids } })).text);
  out.push((await t.request('GET', '/v2/calls/1234567890123456789')).text);
  out.push(JSON.stringify(t.sim.groundTruth()));
  return out;
}

describe('determinism', () => {
  it('gives byte-identical answers for the same seed and sizes', async () => {
    const [a, b] = await Promise.all([answers('same'), answers('same')]);
    expect(a).toHaveLength(b.length);
    a.forEach((text, i) => expect(text).toBe(b[i]));
  });

  it('gives a different company for another seed', async () => {
    const [a, c] = await Promise.all([answers('same'), answers('other')]);
    expect(a[0]).not.toBe(c[0]);
    expect(a[2]).not.toBe(c[2]);
  });
});
