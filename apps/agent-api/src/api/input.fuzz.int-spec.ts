import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import fc from 'fast-check';
import { ACME, CALLS, USERS, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';
import { CompetitorTrendsRequestSchema } from '../competitors/competitor-trends.schemas.js';
import { ApiRequestSchemas } from './api-request.schemas.js';
import { BriefingRequestSchema } from '../briefings/briefing.schemas.js';

/**
 * Property: no input makes the agent API answer 500 (or JSON-RPC -32603), over every REST query
 * parameter and path parameter and every MCP tool argument, with arbitrary strings (control
 * characters, NUL, unpaired surrogates, LIKE and tsquery metacharacters, invalid UTF-8 in the URL),
 * huge and odd numbers, forged cursors and values of the wrong JSON type. Bounded: a fixed seed and
 * a fixed number of runs per endpoint and tool; no wall-clock assertion (a hang fails by the jest timeout).
 */
const SEED = 220_022;
const REST_RUNS = 100;
const MCP_RUNS = 30;

const nastyUnit = fc.constantFrom(
  '\u0000', '\ud800', '\udfff', '\u0001', '\u001f', '\u007f', '\u2028', '\ufeff', '\u200b', '%', '%00', '\\', '_', '"', "'",
  ',', '-', ' ', '(', ')', ':', '&', '|', '!', '*', '<', '>', ' OR ', '😀', 'é', '\r\n', '\t', 'pricing', '@',
);
const unit = fc.oneof(nastyUnit, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }));
const text = fc.string({ unit, maxLength: 30 });
const numberText = fc.oneof(
  fc.constantFrom('1e308', '-1e308', '1e309', '9007199254740993', '18446744073709551616', '99999999999999999999999', 'NaN', 'Infinity', '-Infinity', '-0', '0x10', '1_000', '', '   ', '0', '1', '100', '101'),
  fc.double().map(String),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
);
const plausible = fc.constantFrom(
  'pricing', 'budget', 'security review', '"exact phrase"', 'a OR b -c', CALLS.aliceAcme, CALLS.bobGlobex, '2026-01-05', '2026-01-05T15:00:00Z', '2026-02-30',
  '+275760-09-13T00:00:00.000Z', 'acme', ACME, 'acme.example', USERS.alice.email, USERS.alice.id, 'Internal', 'External', 'Competitors', 'Pricing', 'x'.repeat(1001),
);
/** A cursor-looking value: base64url JSON of fields that resemble ours, with fuzzed values. */
const jsonValue = fc.oneof(text, fc.double(), fc.integer(), fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, 2 ** 40), fc.boolean(), fc.constant(null), plausible);
const forgedCursor = fc
  .record({ v: fc.oneof(fc.constant(2), jsonValue), a: fc.oneof(fc.constant('postgres'), jsonValue), f: jsonValue, b: jsonValue, s: jsonValue, id: jsonValue, i: jsonValue }, { requiredKeys: [] })
  .map((o) => Buffer.from(JSON.stringify(o)).toString('base64url'));
/** Text around one character PostgreSQL refuses (NUL) or that is no character (an unpaired surrogate). */
const poisoned = fc.tuple(text, fc.constantFrom('\u0000', '\ud83d', '\udc4d'), text).map(([a, bad, b]) => `${a}${bad}${b}`);
const stringValue = fc.oneof({ weight: 4, arbitrary: text }, { weight: 2, arbitrary: poisoned }, { weight: 2, arbitrary: numberText }, { weight: 2, arbitrary: plausible }, { weight: 1, arbitrary: forgedCursor });
/** Percent-escapes a browser never sends: invalid UTF-8, overlong NUL, truncated sequences, bare %. */
const rawEscape = fc.constantFrom('%ED%A0%80', '%FF', '%C0%80', '%E2%82', '%00', '%', '%%', '%zz', '%F4%90%80%80');

/** `String.prototype.toWellFormed`: URLs cannot carry unpaired surrogates (encodeURIComponent throws). */
const wellFormed = (s: string): string => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

interface Endpoint {
  name: string;
  path: (id: string) => string;
  params: string[];
}

const keys = (schema: { shape: Record<string, unknown> }): string[] => Object.keys(schema.shape);
const ENDPOINTS: Endpoint[] = [
  { name: 'GET /v1/calls', path: () => '/v1/calls', params: keys(ApiRequestSchemas.listCalls) },
  { name: 'GET /v1/calls/{callId}', path: (id) => `/v1/calls/${id}`, params: [] },
  { name: 'GET /v1/calls/{callId}/transcript', path: (id) => `/v1/calls/${id}/transcript`, params: keys(ApiRequestSchemas.transcript) },
  { name: 'GET /v1/search', path: () => '/v1/search', params: keys(ApiRequestSchemas.search) },
  { name: 'GET /v1/accounts', path: () => '/v1/accounts', params: keys(ApiRequestSchemas.listAccounts) },
  { name: 'GET /v1/accounts/{id}/research', path: (id) => `/v1/accounts/${id}/research`, params: keys(ApiRequestSchemas.accountResearch) },
  { name: 'GET /v1/trackers', path: () => '/v1/trackers', params: keys(ApiRequestSchemas.listTrackers) },
  { name: 'GET /v1/users/{id}/coaching', path: (id) => `/v1/users/${id}/coaching`, params: keys(ApiRequestSchemas.repCoaching) },
  { name: 'GET /v1/teams/{managerId}/activity', path: (id) => `/v1/teams/${id}/activity`, params: keys(ApiRequestSchemas.teamActivity) },
  { name: 'GET /v1/scorecards', path: () => '/v1/scorecards', params: keys(ApiRequestSchemas.scorecards) },
  { name: 'GET /v1/library/folders', path: () => '/v1/library/folders', params: keys(ApiRequestSchemas.libraryFolders) },
  { name: 'GET /v1/library/folders/{id}/clips', path: (id) => `/v1/library/folders/${id}/clips`, params: keys(ApiRequestSchemas.libraryClips) },
  { name: 'GET /v1/competitors', path: () => '/v1/competitors', params: keys(CompetitorTrendsRequestSchema) },
  { name: 'GET /v1/deals', path: () => '/v1/deals', params: keys(ApiRequestSchemas.listDeals) },
  { name: 'GET /v1/deals/{id}/risk', path: (id) => `/v1/deals/${id}/risk`, params: [] },
];

describe('fuzz: no input makes the agent API answer 500', () => {
  let app: AgentApiTestApp;
  let token: string;
  let mcp: Client;

  beforeAll(async () => {
    // Gong AI on and in the token's scopes, so its tools are fuzzed too (a valid request reaches for Gong
    // through a quota broker this test does not run: an error answer, not a crash).
    app = await startAgentApi({ AGENT_API_RATE_LIMIT: '1000000', AGENT_API_GONG_AI: 'true' });
    token = await app.token({ user: USERS.manager.email, scopes: ['gong:read', 'gong:ai'] });
    mcp = new Client({ name: 'fuzz', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await mcp.connect(new StreamableHTTPClientTransport(new URL(`${app.service.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  });

  afterAll(async () => {
    await mcp?.close();
    await app?.close();
  });

  it('covers every REST request schema', () => {
    const covered = new Set(['listCalls', 'callId', 'transcript', 'search', 'listAccounts', 'account', 'accountResearch', 'listTrackers', 'repCoaching', 'teamActivity', 'scorecards', 'libraryFolders', 'libraryClips', 'listDeals', 'dealRisk']);
    // MCP-only compositions (their fields are the REST ones) are fuzzed through the tools below.
    // The Engage schemas are their MCP tools' arguments, fuzzed there (a valid REST request here would
    // reach for Gong through a quota broker this test does not run: a 503, not a crash); auditQuery is admin.
    const mcpOnly = new Set(['callTranscript', 'accountLookupResearch', 'listFlows', 'listTasks', 'flowsForProspects', 'assignFlow', 'unassignFlow', 'updateTask', 'auditQuery', 'library', 'dealRiskTool', 'listBriefs', 'gongBrief', 'askGong', 'uploadCrmObjects', 'crmUploadId']);
    expect(Object.keys(ApiRequestSchemas).filter((k) => !covered.has(k) && !mcpOnly.has(k))).toEqual([]);
  });

  it.each(ENDPOINTS)('$name: every query parameter, arbitrary values', async (endpoint) => {
    const param = endpoint.params.length > 0 ? fc.constantFrom(...endpoint.params, 'unknownParam') : fc.constant('unknownParam');
    const entry = fc.tuple(param, fc.oneof({ weight: 5, arbitrary: stringValue.map((v) => ({ v, raw: false })) }, { weight: 1, arbitrary: rawEscape.map((v) => ({ v, raw: true })) }));
    const id = fc.oneof(fc.constantFrom(CALLS.aliceAcme, CALLS.bobGlobex, 'acme', ACME), stringValue);
    await fc.assert(
      fc.asyncProperty(id, fc.array(entry, { maxLength: 3 }), async (pathId, entries) => {
        const query = entries.map(([k, { v, raw }]) => `${k}=${raw ? v : encodeURIComponent(wellFormed(v))}`).join('&');
        const url = `${app.service.url}${endpoint.path(encodeURIComponent(wellFormed(pathId)))}${query ? `?${query}` : ''}`;
        const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        const body = await res.text();
        expect({ url, status: res.status, body: res.status >= 500 ? body : '' }).toEqual({ url, status: expect.any(Number), body: '' });
        expect(res.status).toBeLessThan(500);
        expect(res.headers.get('content-type')).toMatch(/json/);
      }),
      { numRuns: REST_RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it('POST /v1/briefings: every body field, arbitrary JSON values (and bodies that are not objects)', async () => {
    const fields = fc.constantFrom(...keys(BriefingRequestSchema), 'unknownField');
    const value = fc.oneof(
      { weight: 5, arbitrary: stringValue },
      { weight: 2, arbitrary: fc.oneof(fc.double(), fc.integer(), fc.constantFrom(1e308, -1, 0, 24, 25)) },
      { weight: 2, arbitrary: fc.array(fc.oneof(stringValue, fc.constant('cto@acme.example')), { maxLength: 22 }) },
      { weight: 1, arbitrary: fc.oneof(fc.boolean(), fc.constant(null), fc.dictionary(text, text, { maxKeys: 2 })) },
    );
    const body = fc.oneof(
      { weight: 8, arbitrary: fc.dictionary(fields, value, { maxKeys: 4 }).map((o) => JSON.stringify({ account: 'acme', ...o })) },
      { weight: 1, arbitrary: fc.oneof(text, fc.constantFrom('[]', 'null', '"x"', '{', '{"account": 1e309}')) },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await fetch(`${app.service.url}/v1/briefings`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: wellFormed(b) });
        const answer = await res.text();
        expect({ body: b, status: res.status, answer: res.status >= 500 ? answer : '' }).toEqual({ body: b, status: expect.any(Number), answer: '' });
        expect(res.headers.get('content-type')).toMatch(/json/);
      }),
      { numRuns: REST_RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it('every MCP tool: every argument, arbitrary JSON values', async () => {
    const { tools } = await mcp.listTools();
    expect(tools.length).toBeGreaterThanOrEqual(8);
    const argValue = fc.oneof(
      { weight: 5, arbitrary: stringValue },
      { weight: 2, arbitrary: fc.oneof(fc.double(), fc.integer(), fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, -1, 0, 1, 100, 101)) },
      { weight: 1, arbitrary: fc.oneof(fc.boolean(), fc.constant(null), fc.array(stringValue, { maxLength: 3 }), fc.dictionary(text, text, { maxKeys: 2 })) },
    );
    for (const tool of tools) {
      const names = Object.keys(tool.inputSchema.properties ?? {});
      const args = fc.dictionary(names.length > 0 ? fc.oneof({ weight: 19, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: text }) : text, argValue, { maxKeys: 2 });
      await fc.assert(
        fc.asyncProperty(args, async (a) => {
          let outcome: string;
          try {
            const result = (await mcp.callTool({ name: tool.name, arguments: a })) as { isError?: boolean; content: { type: string; text?: string }[] };
            outcome = result.isError ? (result.content[0]?.text ?? '') : 'ok';
          } catch (error) {
            const code = (error as { code?: unknown }).code;
            outcome = code === -32602 ? 'invalid params' : `JSON-RPC error ${String(code)}: ${(error as Error).message}`;
          }
          expect({ tool: tool.name, args: a, outcome }).toEqual({ tool: tool.name, args: a, outcome: expect.not.stringMatching(/^Internal error|^JSON-RPC error/) });
        }),
        { numRuns: MCP_RUNS, seed: SEED, endOnFailure: true },
      );
    }
  });

  it('POST /v1/crm/uploads and GET /v1/crm/uploads/{id}: arbitrary bodies, objects and ids', async () => {
    // The manager may import CRM data here, so bodies get past the right to the LDJSON check; a valid
    // upload reaches for Gong through a quota broker this test does not run (a 503, not a crash).
    await app.db.database.query(`UPDATE permission_profiles SET raw = raw || '{"crmDataImport": true}'::jsonb`);
    const crm = await app.token({ user: USERS.manager.email, scopes: ['gong:read', 'gong:crm:write'] });
    const names = [...Object.keys(ApiRequestSchemas.uploadCrmObjects.shape), 'unknownField'];
    const objectValue = fc.oneof(
      jsonValue,
      fc.record({ objectId: fc.oneof(jsonValue, fc.constantFrom('acc-1', 'a@b.example')), modifiedDate: fc.oneof(jsonValue, fc.constantFrom('2026-11-30T17:05:00Z')), isDeleted: jsonValue, name: jsonValue }, { requiredKeys: [] }),
    );
    const value = fc.oneof(
      { weight: 3, arbitrary: jsonValue },
      { weight: 2, arbitrary: fc.constantFrom('ACCOUNT', 'DEAL', 'STAGE', 'BUSINESS_USER', '1234567890123456789') },
      { weight: 3, arbitrary: fc.array(objectValue, { maxLength: 4 }) },
      { weight: 2, arbitrary: fc.array(fc.oneof(text, objectValue.map((o) => JSON.stringify(o))), { maxLength: 4 }).map((lines) => lines.join('\n')) },
    );
    const body = fc.oneof(fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 4 }), jsonValue);
    await fc.assert(
      fc.asyncProperty(body, stringValue, async (b, id) => {
        const posted = await fetch(`${app.service.url}/v1/crm/uploads`, { method: 'POST', headers: { authorization: `Bearer ${crm}`, 'content-type': 'application/json' }, body: JSON.stringify(b) });
        const read = await fetch(`${app.service.url}/v1/crm/uploads/${encodeURIComponent(wellFormed(id))}`, { headers: { authorization: `Bearer ${crm}` } });
        const bodies = { posted: posted.status >= 500 && posted.status !== 503 ? await posted.text() : '', read: read.status >= 500 ? await read.text() : '' };
        expect({ b, ...bodies }).toEqual({ b, posted: '', read: '' });
        expect(read.status).toBeLessThan(500);
      }),
      { numRuns: REST_RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it('logged no unhandled error while fuzzing', () => {
    expect(app.logs.lines.filter((l) => /"unhandled error"|"MCP request failed"|"MCP tool call failed"/.test(l))).toEqual([]);
  });
});
