import { describe, expect, it } from '@jest/globals';
import { ErrorCode } from '@gong-connector/contracts';
import type { ApiTokenRecord, ApiTokenRepository } from '@gong-connector/persistence';
import { FakeClock, recorder, strictFake } from '@gong-connector/testing';
import { USERS } from '../../test/agent-api.fixture.js';
import { failureOf } from '../../test/unit.fixture.js';
import { TOKEN_PREFIX, TokenService, grantOfToken, hashToken, parseDuration } from './token.service.js';

type NewToken = Parameters<ApiTokenRepository['create']>[0];
const CACHE_MS = 30_000;

const record = (over: Partial<ApiTokenRecord> = {}): ApiTokenRecord => ({
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'user',
  name: 'token for alice',
  userId: USERS.alice.id,
  userEmail: null,
  actAs: false,
  scopes: ['gong:read'],
  tools: null,
  toolTags: null,
  readOnly: false,
  autoConfirm: false,
  createdAt: '2026-01-15T12:00:00.000Z',
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  ...over,
});

/** The service over a strict fake token repository and a clock that moves when told. */
function newTestService(repo: Partial<ApiTokenRepository> = {}) {
  const clock = new FakeClock();
  return { sut: new TokenService(strictFake<ApiTokenRepository>('ApiTokenRepository', repo), clock, CACHE_MS), clock };
}

const storing = () =>
  recorder(async (t: NewToken): Promise<ApiTokenRecord> => record({ ...t, scopes: [...(t.scopes ?? ['gong:read'])], tools: t.tools ? [...t.tools] : null, toolTags: t.toolTags ? [...t.toolTags] : null, readOnly: t.readOnly ?? false, autoConfirm: t.autoConfirm ?? false, expiresAt: t.expiresAt?.toISOString() ?? null }));

describe('TokenService', () => {
  describe('create', () => {
    it('returns the secret once and stores only its sha256', async () => {
      const create = storing();
      const { sut } = newTestService({ create });
      const { token } = await sut.create({ kind: 'user', user: USERS.alice.id });
      expect(token.startsWith(TOKEN_PREFIX)).toBe(true);
      expect(token.length).toBeGreaterThan(40);
      const stored = create.calls[0]![0];
      expect(stored.tokenHash).toBe(hashToken(token));
      expect(JSON.stringify(stored)).not.toContain(token.slice(TOKEN_PREFIX.length));
    });

    it.each<[string, Parameters<TokenService['create']>[0], Partial<NewToken>]>([
      ['a user token for a Gong user id', { kind: 'user', user: ` ${USERS.alice.id} ` }, { userId: USERS.alice.id, userEmail: null, actAs: false, name: `token for ${USERS.alice.id}` }],
      ['a user token for an email (lower-cased)', { kind: 'user', user: 'Alice.Rep@OurCo.example' }, { userId: null, userEmail: 'alice.rep@ourco.example' }],
      ['a service token that may act for users', { kind: 'service', name: 'summarizer', actAs: true }, { userId: null, userEmail: null, actAs: true, name: 'summarizer' }],
      ['a user token never acts for others', { kind: 'user', user: USERS.alice.id, actAs: true }, { actAs: false }],
    ])('%s', async (_, input, expected) => {
      const create = storing();
      const { sut } = newTestService({ create });
      await sut.create(input);
      expect(create.calls[0]![0]).toMatchObject({ ...expected, kind: input.kind, expiresAt: null });
    });

    it('expires a token after the given time, from the clock', async () => {
      const create = storing();
      const { sut, clock } = newTestService({ create });
      await sut.create({ kind: 'user', user: USERS.alice.id, expiresInMs: 3_600_000 });
      expect(create.calls[0]![0].expiresAt).toEqual(new Date(clock.now() + 3_600_000));
    });

    it('refuses a user token without its user, storing nothing', async () => {
      const { sut } = newTestService();
      await expect(failureOf(sut.create({ kind: 'user' }))).resolves.toMatchObject({ code: ErrorCode.VALIDATION_FAILED, details: [{ path: 'user' }] });
    });
  });

  describe('scopes and limits', () => {
    const TOOLS = ['search_calls', 'get_call'];
    const withTools = (create: ReturnType<typeof storing>) => new TokenService(strictFake<ApiTokenRepository>('ApiTokenRepository', { create }), new FakeClock(), CACHE_MS, TOOLS);

    it('stores gong:read by default and the limits as given', async () => {
      const create = storing();
      await withTools(create).create({ kind: 'user', user: USERS.alice.id });
      await withTools(create).create({ kind: 'user', user: USERS.alice.id, scopes: ['gong:read', 'gong:tasks:write'], tools: ['get_call'], toolTags: ['search'], readOnly: true });
      expect(create.calls.map(([t]) => [t.scopes, t.tools, t.toolTags, t.readOnly])).toEqual([
        [['gong:read'], null, null, false],
        [['gong:read', 'gong:tasks:write'], ['get_call'], ['search'], true],
      ]);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['an unknown scope', { scopes: ['gong:admin'] }, 'scopes: unknown scope gong:admin'],
      ['no scope', { scopes: [] }, 'scopes: at least one scope'],
      ['an unknown tool', { tools: ['delete_everything'] }, 'tools: unknown tool delete_everything; known: search_calls, get_call'],
      ['an empty tool list', { tools: [] }, 'tools: an empty tool list'],
      ['an unknown tag', { toolTags: ['secrets'] }, 'toolTags: unknown tag secrets'],
      ['read-only without gong:read', { readOnly: true, scopes: ['gong:crm:write'] }, 'readOnly: a read-only token needs the gong:read scope'],
    ])('refuses %s with a message saying what to fix', async (_, input, message) => {
      const create = storing();
      const error = await failureOf(withTools(create).create({ kind: 'user', user: USERS.alice.id, ...input }));
      expect(error).toMatchObject({ code: ErrorCode.VALIDATION_FAILED, message: expect.stringContaining(message) });
      expect(create.calls).toEqual([]);
    });

    it('grants read-only tokens gong:read only, and carries the limits', () => {
      const g = grantOfToken({ scopes: ['gong:read', 'gong:crm:write'], tools: ['get_call'], toolTags: null, readOnly: true });
      expect([[...g.scopes], g.tools && [...g.tools], g.tags]).toEqual([['gong:read'], ['get_call'], undefined]);
    });
  });

  describe('verify', () => {
    it('finds the token by the hash of the secret, and trusts the answer for the cache period', async () => {
      const findByHash = recorder(async (_hash: string) => record());
      const { sut, clock } = newTestService({ findByHash });
      await expect(sut.verify('gca_secret')).resolves.toMatchObject({ id: record().id });
      clock.advance(CACHE_MS);
      await expect(sut.verify('gca_secret')).resolves.toBeDefined();
      expect(findByHash.calls).toEqual([[hashToken('gca_secret')]]);
      clock.advance(1);
      await sut.verify('gca_secret');
      expect(findByHash.calls).toHaveLength(2);
    });

    it.each<[string, ApiTokenRecord | undefined]>([
      ['unknown', undefined],
      ['revoked', record({ revokedAt: '2026-01-15T11:00:00.000Z' })],
      ['expired now', record({ expiresAt: '2026-01-15T12:00:00.000Z' })],
    ])('answers nothing for a token that is %s', async (_, found) => {
      const { sut } = newTestService({ findByHash: async () => found });
      await expect(sut.verify('gca_secret')).resolves.toBeUndefined();
    });

    it('accepts a token until its expiry', async () => {
      const { sut, clock } = newTestService({ findByHash: async () => record({ expiresAt: '2026-01-15T12:00:01.000Z' }) });
      await expect(sut.verify('gca_secret')).resolves.toBeDefined();
      clock.advance(1_000);
      await expect(sut.verify('gca_secret')).resolves.toBeUndefined();
    });

    it('writes last-used times of verified tokens once, at the flush', async () => {
      const touch = recorder(async (_ids: readonly string[], _at: Date) => undefined);
      const { sut, clock } = newTestService({ findByHash: async () => record(), touch });
      await sut.verify('gca_secret');
      await sut.verify('gca_secret');
      await sut.flushUsage();
      await sut.flushUsage();
      expect(touch.calls).toEqual([
        [[record().id], new Date(clock.now())],
        [[], new Date(clock.now())],
      ]);
    });
  });

  describe('revoke and expire', () => {
    it('a revoked token is refused at once (the cache is dropped)', async () => {
      let revoked = false;
      const { sut } = newTestService({
        findByHash: async () => record(revoked ? { revokedAt: '2026-01-15T12:00:00.000Z' } : {}),
        revoke: async () => (revoked = true),
        get: async () => record({ revokedAt: '2026-01-15T12:00:00.000Z' }),
      });
      await expect(sut.verify('gca_secret')).resolves.toBeDefined();
      await expect(sut.revoke(record().id)).resolves.toMatchObject({ revokedAt: '2026-01-15T12:00:00.000Z' });
      await expect(sut.verify('gca_secret')).resolves.toBeUndefined();
    });

    it('answers NOT_FOUND for an unknown token id', async () => {
      const { sut } = newTestService({ expire: async () => false, revoke: async () => false, get: async () => undefined });
      await expect(failureOf(sut.expire('nope', new Date()))).resolves.toMatchObject({ code: ErrorCode.NOT_FOUND });
      await expect(failureOf(sut.revoke('nope'))).resolves.toMatchObject({ code: ErrorCode.NOT_FOUND });
    });
  });
});

describe('parseDuration', () => {
  it.each<[string, number | undefined]>([
    ['30d', 30 * 86_400_000],
    ['12h', 12 * 3_600_000],
    ['45m', 45 * 60_000],
    ['90s', 90_000],
    ['2w', 2 * 604_800_000],
    ['1500', 1500],
    [' 10 s ', 10_000],
    ['forever', undefined],
    ['-1d', undefined],
    ['1.5h', undefined],
  ])('%s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});
