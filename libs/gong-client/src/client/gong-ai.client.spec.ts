import { afterEach, describe, expect, it } from '@jest/globals';
import { ErrorCode } from '@gong-connector/contracts';
import { GongError } from '../errors/gong.error.js';
import { rejectionOf, testClient } from '../../test/test-client.factory.js';
import { sendJson, startFakeGong, type FakeGong } from '../../test/fake-gong.server.js';

let gong: FakeGong | undefined;
afterEach(async () => {
  await gong?.close();
  gong = undefined;
});

const entity = { workspaceId: '1237998047883638784', crmEntityType: 'ACCOUNT', crmEntityId: '0015e00000ABCDEF', timePeriod: 'LAST_30DAYS' } as const;

describe('GongClient: Gong AI (get-brief, ask-entity, settings/briefs)', () => {
  it('sends get-brief as GET with the spec query parameters and reads the brief', async () => {
    gong = await startFakeGong((_req, reply) =>
      sendJson(reply, 200, {
        requestId: 'r1',
        numOfCallsSearched: 3,
        numOfEmailsSearched: 0,
        briefSections: [{ title: 'Overview', sectionSummary: ['Three calls.'], briefSectionType: 'Conversations', conversationFindings: { callFindings: [{ call: { id: '7782342274025937895', title: 'Demo' } }] }, newField: 1 }],
      }),
    );
    const { client } = testClient(gong.baseUrl);
    const r = await client.generateBrief({ ...entity, briefName: 'Account overview', fromDateTime: '2026-01-01T00:00:00Z' });
    expect(r).toMatchObject({ requestId: 'r1', numOfCallsSearched: 3, briefSections: [{ title: 'Overview', conversationFindings: { callFindings: [{ call: { id: '7782342274025937895' } }] } }] });
    // fromDateTime is sent only with CUSTOM_RANGE.
    expect(gong.requests[0]).toMatchObject({ method: 'GET', path: '/v2/entities/get-brief', query: { ...entity, briefName: 'Account overview' } });
    expect(gong.requests[0]!.query.fromDateTime).toBeUndefined();
  });

  it('sends ask-entity with the question and a custom range', async () => {
    gong = await startFakeGong((_req, reply) => sendJson(reply, 200, { requestId: 'r2', numOfCallsSearched: 1, answer: [{ answerItems: ['Yes.'], callFindings: [] }] }));
    const { client } = testClient(gong.baseUrl);
    const r = await client.askEntity({ ...entity, timePeriod: 'CUSTOM_RANGE', fromDateTime: '2026-01-01T00:00:00Z', question: 'Who is the champion?' });
    expect(r.answer).toEqual([{ answerItems: ['Yes.'], callFindings: [] }]);
    expect(gong.requests[0]).toMatchObject({ path: '/v2/entities/ask-entity', query: { timePeriod: 'CUSTOM_RANGE', fromDateTime: '2026-01-01T00:00:00Z', question: 'Who is the champion?' } });
  });

  it.each([
    ['CUSTOM_RANGE without fromDateTime', { ...entity, timePeriod: 'CUSTOM_RANGE' }, 'fromDateTime'],
    ['an unknown entity type', { ...entity, crmEntityType: 'OPPORTUNITY' }, 'crmEntityType'],
    ['a workspace id that is not a Gong id', { ...entity, workspaceId: 'ws-1' }, 'workspaceId'],
  ])('refuses %s before any request', async (_, query, field) => {
    gong = await startFakeGong((_req, reply) => sendJson(reply, 200, {}));
    const { client } = testClient(gong.baseUrl);
    const error = await rejectionOf(client.askEntity({ ...(query as typeof entity), question: 'q' }));
    expect(error).toMatchObject({ code: ErrorCode.VALIDATION_FAILED, message: expect.stringContaining(field) });
    expect(gong.requests).toEqual([]);
  });

  it('reports 402 Payment Required (credits spent) with its status and Gong request id', async () => {
    gong = await startFakeGong((_req, reply) => sendJson(reply, 402, { requestId: 'r402', errors: ['Insufficient Gong credits'] }));
    const { client } = testClient(gong.baseUrl);
    const error = await rejectionOf(client.askEntity({ ...entity, question: 'q' }));
    expect(error).toBeInstanceOf(GongError);
    expect(error).toMatchObject({ status: 402, requestId: 'r402', message: expect.stringContaining('Insufficient Gong credits') });
    expect(gong.requests).toHaveLength(1);
  });

  it('lists briefs (ids kept as strings) and an empty answer as no briefs', async () => {
    gong = await startFakeGong((req, reply) =>
      sendJson(reply, 200, req.query.workspaceId ? { requestId: 'r', briefs: [{ briefId: 123, briefName: 'Account overview', workspaceId: '1237998047883638784', status: 'Published' }] } : { requestId: 'r' }),
    );
    const { client } = testClient(gong.baseUrl);
    await expect(client.listBriefs('1237998047883638784')).resolves.toEqual([{ briefId: '123', briefName: 'Account overview', workspaceId: '1237998047883638784', status: 'Published' }]);
    await expect(client.listBriefs()).resolves.toEqual([]);
  });
});
