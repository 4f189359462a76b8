import { describe, expect, it } from '@jest/globals';
import { ErrorCode, type AccessFilterReply } from '@gong-connector/contracts';
import type { ApiTokenRecord, ApiTokenRepository } from '@gong-connector/persistence';
import { FakeClock, recorder, strictFake } from '@gong-connector/testing';
import { USERS } from '../../test/agent-api.fixture.js';
import { failureOf, ownFilter } from '../../test/unit.fixture.js';
import type { AccessFilterSource, AccessSubject } from '../access/access-filter.source.js';
import { AuthService } from './auth.service.js';
import type { AccessTokenVerifier } from './oauth/access-token.verifier.js';
import { TokenService, hashToken } from './token.service.js';

const SECRET = 'gca_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';
const token = (over: Partial<ApiTokenRecord>): ApiTokenRecord => ({
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'user',
  name: 't',
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
const reply = (userId: string): AccessFilterReply => ({
  filter: ownFilter(userId),
  user: { id: userId, email: 'someone@ourco.example', name: 'Someone', title: null, active: true },
  dataAsOf: '2026-01-15T11:59:00.000Z',
  ageMs: 60_000,
});

/** The service over strict fakes of the token repository and the access filter source. */
function newTestService(stored: ApiTokenRecord | undefined) {
  const findByHash = recorder(async (hash: string) => (hash === hashToken(SECRET) ? stored : undefined));
  const filterFor = recorder(async (subject: AccessSubject) => reply('userId' in subject ? subject.userId : USERS.bob.id));
  const tokens = new TokenService(strictFake<ApiTokenRepository>('ApiTokenRepository', { findByHash }), new FakeClock(), 30_000);
  const sut = new AuthService(tokens, strictFake<AccessFilterSource>('AccessFilterSource', { filterFor }));
  return { sut, findByHash, filterFor };
}

describe('AuthService', () => {
  it('turns a user token into a principal with that user’s access filter', async () => {
    const { sut, filterFor } = newTestService(token({}));
    const p = await sut.authenticate(`Bearer ${SECRET}`, undefined);
    expect(p).toMatchObject({ tokenKind: 'user', subject: USERS.alice.id, user: { id: USERS.alice.id }, filter: ownFilter(USERS.alice.id), dataAsOf: '2026-01-15T11:59:00.000Z' });
    expect(filterFor.calls).toEqual([[{ userId: USERS.alice.id }]]);
  });

  it('asks for a user token’s user by email when the token names an email', async () => {
    const { sut, filterFor } = newTestService(token({ userId: null, userEmail: 'bob.rep@ourco.example' }));
    await expect(sut.authenticate([`bearer ${SECRET}`, 'Bearer other'], undefined)).resolves.toMatchObject({ subject: 'bob.rep@ourco.example' });
    expect(filterFor.calls).toEqual([[{ email: 'bob.rep@ourco.example' }]]);
  });

  it.each<[string, string | undefined]>([
    ['no header', undefined],
    ['another scheme', `Basic ${SECRET}`],
    ['an empty bearer', 'Bearer '],
    ['two tokens', `Bearer ${SECRET} ${SECRET}`],
  ])('refuses %s as UNAUTHENTICATED without looking a token up', async (_, header) => {
    const { sut, findByHash } = newTestService(token({}));
    await expect(failureOf(sut.authenticate(header, undefined))).resolves.toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
    expect(findByHash.calls).toEqual([]);
  });

  it('refuses an unknown token as UNAUTHENTICATED, never echoing it', async () => {
    const { sut, filterFor } = newTestService(undefined);
    const error = await failureOf(sut.authenticate(`Bearer ${SECRET}`, undefined));
    expect(error.code).toBe(ErrorCode.UNAUTHENTICATED);
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(SECRET.slice(4, 20));
    expect(filterFor.calls).toEqual([]);
  });

  it('lets a user token act for its own user only', async () => {
    const { sut, filterFor } = newTestService(token({}));
    await expect(failureOf(sut.authenticate(`Bearer ${SECRET}`, USERS.manager.email))).resolves.toMatchObject({ code: ErrorCode.ACCESS_DENIED });
    expect(filterFor.calls).toEqual([]);
  });

  describe('service tokens', () => {
    const service = token({ kind: 'service', userId: null, actAs: true });

    it.each<[string, string, AccessSubject]>([
      ['a Gong user id', USERS.alice.id, { userId: USERS.alice.id }],
      ['an email (lower-cased)', ' Alice.Rep@OurCo.example ', { email: 'alice.rep@ourco.example' }],
    ])('act for the user named by %s in X-Gong-User', async (_, header, subject) => {
      const { sut, filterFor } = newTestService(service);
      await expect(sut.authenticate(`Bearer ${SECRET}`, header)).resolves.toMatchObject({ tokenKind: 'service', subject: header.trim() });
      expect(filterFor.calls).toEqual([[subject]]);
    });

    it.each<[string, ApiTokenRecord, string | undefined, ErrorCode]>([
      ['without the actAs right', token({ kind: 'service', userId: null, actAs: false }), USERS.alice.email, ErrorCode.ACCESS_DENIED],
      ['without X-Gong-User', service, undefined, ErrorCode.VALIDATION_FAILED],
      ['with a blank X-Gong-User', service, '  ', ErrorCode.VALIDATION_FAILED],
      ['with an X-Gong-User that is no email or id', service, 'alice', ErrorCode.VALIDATION_FAILED],
    ])('are refused %s, before any access lookup', async (_, stored, header, code) => {
      const { sut, filterFor } = newTestService(stored);
      await expect(failureOf(sut.authenticate(`Bearer ${SECRET}`, header))).resolves.toMatchObject({ code });
      expect(filterFor.calls).toEqual([]);
    });
  });

  describe('with OAuth on', () => {
    const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlIn0.c2ln';
    function withOAuth(stored: ApiTokenRecord | undefined, enabled = true) {
      const { sut: _unused, findByHash, filterFor } = newTestService(stored);
      const verify = recorder(async () => ({
        issuer: { issuer: 'https://idp.example', userClaim: 'email', keys: async () => { throw new Error('unused'); } },
        claims: { email: 'bob.rep@ourco.example', email_verified: true, scope: 'gong:read' },
      }));
      const verifier = strictFake<AccessTokenVerifier>('AccessTokenVerifier', { verify, enabled } as Partial<AccessTokenVerifier>);
      const tokens = new TokenService(strictFake<ApiTokenRepository>('ApiTokenRepository', { findByHash }), new FakeClock(), 30_000);
      return { sut: new AuthService(tokens, strictFake<AccessFilterSource>('AccessFilterSource', { filterFor }), verifier), verify, findByHash, filterFor };
    }

    it('verifies a JWT for the request’s audiences and maps it to the user', async () => {
      const { sut, verify, findByHash } = withOAuth(undefined);
      await expect(sut.authenticate(`Bearer ${JWT}`, undefined, ['https://api.example/mcp'])).resolves.toMatchObject({ subject: 'bob.rep@ourco.example', grant: { scopes: new Set(['gong:read']) } });
      expect(verify.calls).toEqual([[JWT, ['https://api.example/mcp']]]);
      expect(findByHash.calls).toEqual([]);
    });

    it('still looks gca_ tokens up as tokens of ours', async () => {
      const { sut, verify } = withOAuth(token({}));
      await expect(sut.authenticate(`Bearer ${SECRET}`, undefined, [])).resolves.toMatchObject({ tokenKind: 'user', subject: USERS.alice.id });
      expect(verify.calls).toEqual([]);
    });

    it('refuses X-Gong-User with an OAuth token (it acts for its own user only)', async () => {
      const { sut, verify } = withOAuth(undefined);
      await expect(failureOf(sut.authenticate(`Bearer ${JWT}`, USERS.alice.email, []))).resolves.toMatchObject({ code: ErrorCode.ACCESS_DENIED });
      expect(verify.calls).toEqual([]);
    });

    it('treats a JWT as an unknown token when no issuer is trusted', async () => {
      const { sut, verify } = withOAuth(undefined, false);
      await expect(failureOf(sut.authenticate(`Bearer ${JWT}`, undefined, []))).resolves.toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
      expect(verify.calls).toEqual([]);
    });
  });
});
