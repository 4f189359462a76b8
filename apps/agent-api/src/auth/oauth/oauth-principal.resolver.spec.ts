import { describe, expect, it } from '@jest/globals';
import { ErrorCode, type AccessFilterReply } from '@gong-connector/contracts';
import { recorder, strictFake } from '@gong-connector/testing';
import { USERS } from '../../../test/agent-api.fixture.js';
import { failureOf, ownFilter } from '../../../test/unit.fixture.js';
import type { AccessFilterSource, AccessSubject } from '../../access/access-filter.source.js';
import { grantFromClaims, OAuthPrincipalResolver } from './oauth-principal.resolver.js';
import type { TrustedIssuer } from './trusted-issuer.js';

const issuer = (userClaim = 'email'): TrustedIssuer => ({ issuer: 'https://idp.example', userClaim, keys: async () => { throw new Error('unused'); } });

function newResolver(active = true) {
  const filterFor = recorder(async (subject: AccessSubject): Promise<AccessFilterReply> => {
    const email = 'email' in subject ? subject.email : '';
    const known = email === USERS.alice.email;
    return {
      filter: ownFilter(USERS.alice.id),
      user: known ? { id: USERS.alice.id, email, name: 'Alice', title: null, active } : null,
      dataAsOf: '2026-01-15T11:59:00.000Z',
      ageMs: 0,
    };
  });
  return { sut: new OAuthPrincipalResolver(strictFake<AccessFilterSource>('AccessFilterSource', { filterFor })), filterFor };
}

describe('OAuthPrincipalResolver', () => {
  it('maps a verified email to the active Gong user with that email (case-insensitive) and the token grant', async () => {
    const { sut, filterFor } = newResolver();
    const p = await sut.resolve({ issuer: issuer(), claims: { sub: 's1', client_id: 'c1', email: 'Alice.Rep@OurCo.example', email_verified: true, scope: 'gong:read' } });
    expect(p).toMatchObject({ tokenKind: 'user', tokenId: 'oauth:c1:s1', subject: USERS.alice.email, user: { id: USERS.alice.id }, filter: ownFilter(USERS.alice.id) });
    expect([...p.grant!.scopes]).toEqual(['gong:read']);
    expect(filterFor.calls).toEqual([[{ email: USERS.alice.email }]]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unverified email', { email: USERS.alice.email, email_verified: false }, 'not verified'],
    ['a missing email_verified', { email: USERS.alice.email }, 'not verified'],
    ['no email claim', { sub: 'x' }, 'has no email claim'],
    ['a claim that is not an email', { email: 'alice', email_verified: true }, 'has no email claim'],
    ['no Gong user with the email', { email: 'nobody@ourco.example', email_verified: true }, 'No active Gong user has the email nobody@ourco.example'],
  ])('refuses %s with 403 ACCESS_DENIED', async (_, claims, message) => {
    const { sut } = newResolver();
    await expect(failureOf(sut.resolve({ issuer: issuer(), claims }))).resolves.toMatchObject({ code: ErrorCode.ACCESS_DENIED, message: expect.stringContaining(message) });
  });

  it('refuses an inactive Gong user', async () => {
    const { sut } = newResolver(false);
    await expect(failureOf(sut.resolve({ issuer: issuer(), claims: { email: USERS.alice.email, email_verified: true } }))).resolves.toMatchObject({ code: ErrorCode.ACCESS_DENIED });
  });

  it('takes a configured user claim (e.g. upn) without email_verified', async () => {
    const { sut } = newResolver();
    await expect(sut.resolve({ issuer: issuer('upn'), claims: { upn: USERS.alice.email } })).resolves.toMatchObject({ user: { id: USERS.alice.id } });
  });
});

describe('grantFromClaims', () => {
  it.each<[string, Record<string, unknown>, { scopes: string[]; tools?: string[]; tags?: string[] }]>([
    ['scope string', { scope: 'gong:read gong:tasks:write' }, { scopes: ['gong:read', 'gong:tasks:write'] }],
    ['scp array (Okta, Entra ID)', { scp: ['gong:read'] }, { scopes: ['gong:read'] }],
    ['scp string', { scp: 'gong:read' }, { scopes: ['gong:read'] }],
    ['no scope', {}, { scopes: [] }],
    ['read-only drops write scopes', { scope: 'gong:read gong:crm:write', gong_read_only: true }, { scopes: ['gong:read'] }],
    ['tool and tag limits', { scope: 'gong:read', gong_tools: ['get_call'], gong_tool_tags: ['search'] }, { scopes: ['gong:read'], tools: ['get_call'], tags: ['search'] }],
    ['a limit given as one string is that one name', { scope: 'gong:read', gong_tools: 'get_call' }, { scopes: ['gong:read'], tools: ['get_call'] }],
    ['a limit of an odd shape allows nothing (never widens)', { scope: 'gong:read', gong_tool_tags: { calls: true } }, { scopes: ['gong:read'], tags: [] }],
  ])('%s', (_, claims, expected) => {
    const g = grantFromClaims(claims);
    expect({ scopes: [...g.scopes], ...(g.tools ? { tools: [...g.tools] } : {}), ...(g.tags ? { tags: [...g.tags] } : {}) }).toEqual(expected);
  });
});
